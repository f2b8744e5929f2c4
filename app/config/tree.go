package config

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// tree is a parsed config document plus the indexes that place a problem in the file: every
// scalar with its field path, and the field paths that start on each line.
type tree struct {
	doc     *yaml.Node // the document node; nil for an empty file
	root    *yaml.Node // the document's top node, normally a mapping; nil for an empty file
	scalars []spot
	lines   map[int][]spot
}

// spot is a node and the field path that leads to it.
type spot struct {
	path string
	node *yaml.Node
}

// syntaxError matches yaml's "yaml: line 3: did not find expected key"; the line is optional.
var syntaxError = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// parseTree parses data as a single YAML document. A syntax error is one problem at the line
// yaml gives, since nothing after it can be trusted.
func parseTree(data []byte) (*tree, Problems) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc, extra yaml.Node
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return nil, Problems{yamlProblem(err)}
	}
	switch err := dec.Decode(&extra); {
	case err == nil:
		return nil, Problems{{Line: extra.Line, Msg: `a config file holds one YAML document; remove the second "---"`}}
	case !errors.Is(err, io.EOF):
		return nil, Problems{yamlProblem(err)}
	}
	t := &tree{lines: map[int][]spot{}}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		t.doc, t.root = &doc, doc.Content[0]
		t.index(t.root, "")
	}
	return t, nil
}

// yamlProblem turns an error from yaml's parser into a problem, taking the line from its text.
func yamlProblem(err error) Problem {
	m := syntaxError.FindStringSubmatch(err.Error())
	if m == nil {
		return Problem{Msg: err.Error()}
	}
	line, _ := strconv.Atoi(m[1])
	msg := m[2]
	// For these, yaml gives the line where the enclosing block starts, not the line that broke
	// it (go-yaml/yaml#1066); the cause is usually a line below with the wrong indentation.
	if msg == "did not find expected key" || msg == "did not find expected '-' indicator" {
		msg += " (yaml points at the start of the enclosing block: check the indentation of the lines below it)"
	}
	return Problem{Line: line, Msg: msg}
}

// index records the path of n and of everything under it. It follows Content only, not aliases,
// so an anchored node is indexed once, where it is written.
func (t *tree) index(n *yaml.Node, path string) {
	t.lines[n.Line] = append(t.lines[n.Line], spot{path, n})
	switch n.Kind {
	case yaml.ScalarNode:
		t.scalars = append(t.scalars, spot{path, n})
	case yaml.SequenceNode:
		for i, item := range n.Content {
			t.index(item, indexPath(path, i))
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, val := n.Content[i], n.Content[i+1]
			p := joinPath(path, key.Value)
			// Keys are scalars too: ${X} is expanded in them like anywhere else.
			t.scalars = append(t.scalars, spot{p, key})
			t.index(val, p)
		}
	}
}

// joinPath appends a mapping key to a field path.
func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// indexPath appends a sequence index to a field path.
func indexPath(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}

// line returns the line of the field at path: the line of its key, or of its list item. A field
// that is not in the file, such as a required one left out, gets the line of its nearest parent.
func (t *tree) line(path string) int {
	if t.root == nil {
		return 0
	}
	n, line := t.root, t.root.Line
	for _, part := range strings.Split(path, ".") {
		if part == "" {
			continue
		}
		key, idx := splitIndexes(part)
		if key != "" {
			k, v := findKey(n, key, 0)
			if k == nil {
				return line
			}
			n, line = v, k.Line
		}
		for _, i := range idx {
			n = deref(n)
			if n.Kind != yaml.SequenceNode || i >= len(n.Content) {
				return line
			}
			n, line = n.Content[i], n.Content[i].Line
		}
	}
	return line
}

// splitIndexes splits "widgets[2]" into "widgets" and [2].
func splitIndexes(part string) (string, []int) {
	key, rest, _ := strings.Cut(part, "[")
	var idx []int
	for _, s := range strings.Split(rest, "[") {
		if i, err := strconv.Atoi(strings.TrimSuffix(s, "]")); err == nil {
			idx = append(idx, i)
		}
	}
	return key, idx
}

// findKey finds key in mapping n, looking into YAML merge keys ("<<: *base") too. depth stops a
// merge that refers back to itself; yaml's decoder reports that case.
func findKey(n *yaml.Node, key string, depth int) (k, v *yaml.Node) {
	n = deref(n)
	if n.Kind != yaml.MappingNode || depth > 8 {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key && !isMerge(n.Content[i]) {
			return n.Content[i], n.Content[i+1]
		}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if !isMerge(n.Content[i]) {
			continue
		}
		for _, m := range mergeSources(n.Content[i+1]) {
			if k, v := findKey(m, key, depth+1); k != nil {
				return k, v
			}
		}
	}
	return nil, nil
}

// isMerge reports whether a mapping key is YAML's merge key "<<" (unquoted).
func isMerge(key *yaml.Node) bool {
	return key.Kind == yaml.ScalarNode && key.Value == "<<" && key.ShortTag() == "!!merge"
}

// mergeSources returns the mappings a merge key's value names: one, or a list of them.
func mergeSources(v *yaml.Node) []*yaml.Node {
	v = deref(v)
	if v.Kind == yaml.SequenceNode {
		return v.Content
	}
	return []*yaml.Node{v}
}

// deref follows an alias to the node it names.
func deref(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}
