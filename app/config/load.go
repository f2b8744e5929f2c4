package config

import (
	_ "embed"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// demoYAML is the built-in demo config. It doubles as the commented example users copy.
//
//go:embed demo.yaml
var demoYAML []byte

// Load reads and parses the config file at path. Any problem in the file comes back as Problems;
// a file that cannot be read comes back as a plain error.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: read %s: %w", path, err)
	}
	return Parse(path, data)
}

// Demo returns the built-in demo config: one board fed by the demo and host sources. It panics
// only if the embedded demo.yaml is invalid, which a test rules out.
func Demo() *Config {
	cfg, err := Parse("demo", demoYAML)
	if err != nil {
		panic("config: the built-in demo.yaml is invalid:\n" + err.Error())
	}
	return cfg
}

// Parse reads a config from data, which came from file (used in problems only). It expands
// ${ENV} references, decodes strictly, applies defaults and validates. On failure the error is
// Problems, holding every problem found, each with its file, line and field.
func Parse(file string, data []byte) (*Config, error) {
	t, ps := parseTree(data)
	if ps != nil {
		return nil, ps.finish(file)
	}
	ps, covered := t.expandEnv(os.LookupEnv)
	unknown, meant := t.checkFields()
	ps = append(ps, unknown...)
	cfg := &Config{File: file}
	decoded, ok := t.decode(cfg, covered)
	ps = append(ps, decoded...)
	if ok {
		cfg.setDefaults()
		ps = append(ps, t.place(cfg.validate(), covered, meant)...)
	}
	if len(ps) > 0 {
		return nil, ps.finish(file)
	}
	return cfg, nil
}

// place gives each validation problem the line of its field, and drops those that another
// problem already explains.
func (t *tree) place(ps Problems, skip ...fieldSet) Problems {
	var out Problems
next:
	for _, p := range ps {
		for _, s := range skip {
			if s.covers(p.Field) {
				continue next
			}
		}
		p.Line = t.line(p.Field)
		out = append(out, p)
	}
	return out
}

// decode fills cfg from the document. Type errors (a word where a number belongs, a bad
// duration) become problems and decoding goes on, so they are reported together with the
// validation problems; their fields are added to covered. ok is false when validating the
// result would mislead, because yaml gave up or dropped a list item (which shifts the indexes
// of the items after it).
func (t *tree) decode(cfg *Config, covered fieldSet) (ps Problems, ok bool) {
	if t.doc == nil {
		return nil, true
	}
	err := t.doc.Decode(cfg)
	var te *yaml.TypeError
	if err == nil {
		return nil, true
	}
	if !errors.As(err, &te) {
		return Problems{yamlProblem(err)}, false
	}
	ok = true
	for _, s := range te.Errors {
		p := t.typeProblem(s)
		covered[p.Field] = true
		ps = append(ps, p)
		if strings.HasSuffix(p.Field, "]") {
			ok = false
		}
	}
	return ps, ok
}

var (
	// typeErrorLine matches one of yaml's unmarshal errors: "line 4: cannot unmarshal ...".
	typeErrorLine = regexp.MustCompile(`^line (\d+): (.*)$`)
	// cannotUnmarshal matches "cannot unmarshal !!str `abc` into int"; yaml cuts long values.
	cannotUnmarshal = regexp.MustCompile("^cannot unmarshal (!!\\w+)(?: `(.*)`)? into (.+)$")
)

// typeProblem turns one of yaml's unmarshal errors into a problem with a field and a plainer
// message.
func (t *tree) typeProblem(s string) Problem {
	m := typeErrorLine.FindStringSubmatch(s)
	if m == nil {
		return Problem{Msg: s}
	}
	line, _ := strconv.Atoi(m[1])
	p := Problem{Line: line, Msg: m[2]}
	c := cannotUnmarshal.FindStringSubmatch(m[2])
	if c == nil {
		p.Field = t.fieldAt(line, "", "")
		return p
	}
	p.Field = t.fieldAt(line, c[1], c[2])
	p.Msg = fmt.Sprintf("want %s, got %s", wantType(c[3]), gotValue(c[1], c[2]))
	return p
}

// fieldAt returns the path of the node on line that a type error is about. Most lines hold one
// field; when several share a line ("- id: x", or flow style), the node whose kind or value
// matches the error wins, else the last one on the line.
func (t *tree) fieldAt(line int, tag, value string) string {
	spots := t.lines[line]
	for i := len(spots) - 1; i >= 0; i-- {
		n := spots[i].node
		switch {
		case tag == "!!seq" && n.Kind == yaml.SequenceNode,
			tag == "!!map" && n.Kind == yaml.MappingNode,
			value != "" && n.Kind == yaml.ScalarNode && strings.HasPrefix(n.Value, strings.TrimSuffix(value, "...")):
			return spots[i].path
		}
	}
	if len(spots) == 0 {
		return ""
	}
	return spots[len(spots)-1].path
}

// wantType names a Go type the way a config author thinks of it.
func wantType(goType string) string {
	switch {
	case goType == "int":
		return "a whole number"
	case goType == "float64":
		return "a number"
	case goType == "string":
		return "a string"
	case goType == "[]string":
		return "a list of names"
	case strings.HasPrefix(goType, "[]"):
		return "a list"
	case strings.HasPrefix(goType, "config."):
		return "a mapping of fields"
	}
	return goType
}

// gotValue describes the YAML value a type error is about.
func gotValue(tag, value string) string {
	switch tag {
	case "!!seq":
		return "a list"
	case "!!map":
		return "a mapping"
	case "!!str":
		return strconv.Quote(value)
	}
	return value
}
