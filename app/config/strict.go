package config

import (
	"fmt"
	"reflect"
	"strings"

	"go.yaml.in/yaml/v3"
)

// unmarshalerType is yaml's hook for types that read their own scalar, such as Duration.
var unmarshalerType = reflect.TypeFor[yaml.Unmarshaler]()

// strictWalk reports mapping keys that match no field of the struct they are decoded into.
//
// yaml.v3 has this check (Decoder.KnownFields) only on a Decoder reading text; Node.Decode, which
// we need in order to expand ${ENV} in the parsed nodes first, has no such option. Walking the
// nodes ourselves also gives each problem its field path and the fields allowed in its place.
type strictWalk struct {
	seen    map[strictSeen]bool
	ps      Problems
	covered fieldSet
}

// strictSeen is a node checked against a type. Remembering it stops an alias that refers back
// to itself, and keeps a node reused through many aliases from being checked many times.
type strictSeen struct {
	node *yaml.Node
	typ  reflect.Type
}

// checkFields walks the document against Config and returns the unknown fields, and the paths of
// the fields they were probably meant to be.
func (t *tree) checkFields() (Problems, fieldSet) {
	w := &strictWalk{seen: map[strictSeen]bool{}, covered: fieldSet{}}
	if t.root != nil {
		w.walk(t.root, reflect.TypeFor[Config](), "")
	}
	return w.ps, w.covered
}

// walk checks n against typ. A node of the wrong kind is left alone: the decoder reports it.
func (w *strictWalk) walk(n *yaml.Node, typ reflect.Type, path string) {
	n = deref(n)
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	key := strictSeen{n, typ}
	if w.seen[key] || reflect.PointerTo(typ).Implements(unmarshalerType) {
		return
	}
	w.seen[key] = true
	switch {
	case typ.Kind() == reflect.Struct && n.Kind == yaml.MappingNode:
		w.mapping(n, typ, path)
	case typ.Kind() == reflect.Slice && n.Kind == yaml.SequenceNode:
		for i, item := range n.Content {
			w.walk(item, typ.Elem(), indexPath(path, i))
		}
	}
}

// mapping checks each key of n against the fields of the struct typ.
func (w *strictWalk) mapping(n *yaml.Node, typ reflect.Type, path string) {
	fields, names := yamlFields(typ)
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		if isMerge(key) {
			for _, m := range mergeSources(val) {
				w.walk(m, typ, path)
			}
			continue
		}
		if f, ok := fields[key.Value]; ok {
			w.walk(val, f, joinPath(path, key.Value))
			continue
		}
		w.unknown(n, key, names, path)
	}
}

// unknown reports key as an unknown field of mapping n. When a field is spelt almost the same and
// is not already set, it suggests that one and marks it covered; otherwise it lists the allowed
// fields.
func (w *strictWalk) unknown(n, key *yaml.Node, names []string, path string) {
	p := Problem{Line: key.Line, Field: joinPath(path, key.Value)}
	if s := closest(key.Value, names); s != "" {
		p.Msg = fmt.Sprintf("unknown field %q; did you mean %q?", key.Value, s)
		if k, _ := findKey(n, s, 0); k == nil {
			w.covered[joinPath(path, s)] = true
		}
	} else {
		p.Msg = fmt.Sprintf("unknown field %q; allowed here: %s", key.Value, strings.Join(names, ", "))
	}
	w.ps = append(w.ps, p)
}

// yamlFields returns the YAML names of typ's fields with their types, and the names in order.
func yamlFields(typ reflect.Type) (map[string]reflect.Type, []string) {
	fields := map[string]reflect.Type{}
	var names []string
	for i := range typ.NumField() {
		f := typ.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		fields[name] = f.Type
		names = append(names, name)
	}
	return fields, names
}

// closest returns the name nearest to s, if one is within two edits; else "".
func closest(s string, names []string) string {
	best, bestDist := "", 3
	s = strings.ToLower(s)
	for _, n := range names {
		if len(s) > len(n)+2 || len(n) > len(s)+2 {
			continue // too far apart to be a typo, and cheap to skip for a huge key
		}
		if d := editDistance(s, n); d < bestDist && d < len(n) {
			best, bestDist = n, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
