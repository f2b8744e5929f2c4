package config

import (
	"fmt"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// envName is what may stand between ${ and }: a shell-style variable name.
var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// expandEnv replaces every ${NAME} in the scalars of t with the variable's value, and $${ with a
// literal ${. It works on parsed nodes rather than on the raw text so that line numbers stay
// right and a value holding ": " or a newline stays one scalar instead of becoming YAML.
func (t *tree) expandEnv(lookup func(string) (string, bool)) (Problems, fieldSet) {
	var ps Problems
	covered := fieldSet{}
	for _, s := range t.scalars {
		v, refs, msgs := expand(s.node.Value, lookup)
		for _, m := range msgs {
			ps = append(ps, Problem{Line: s.node.Line, Field: s.path, Msg: m})
			covered[s.path] = true
		}
		s.node.Value = v
		if refs && s.node.Style&yaml.TaggedStyle == 0 {
			retag(s.node)
		}
	}
	return ps, covered
}

// retag sets the tag of a scalar whose value came from the environment. Its tag was resolved from
// the text "${X}", so it says string; the value decides instead. A number or a boolean gets its
// tag, so that "${WARN}" can fill a number even when quoted (which flow style needs); anything
// else is a string, so that an empty or "null" value is kept as given rather than dropped. An
// explicit tag (!!str ${X}) is left alone.
func retag(n *yaml.Node) {
	probe := yaml.Node{Kind: yaml.ScalarNode, Value: n.Value}
	switch tag := probe.ShortTag(); tag {
	case "!!int", "!!float", "!!bool":
		n.Tag = tag
	default:
		n.Tag = "!!str"
	}
}

// expand substitutes the variables in one string. refs reports whether it held a ${NAME}
// reference. It returns a message for every reference it could not expand, and leaves those
// references out of the result.
func expand(s string, lookup func(string) (string, bool)) (out string, refs bool, msgs []string) {
	if !strings.Contains(s, "$") {
		return s, false, nil
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '$')
		if i < 0 {
			b.WriteString(s)
			return b.String(), refs, msgs
		}
		b.WriteString(s[:i])
		s = s[i:]
		switch {
		case strings.HasPrefix(s, "$${"):
			b.WriteString("${")
			s = s[3:]
		case strings.HasPrefix(s, "${"):
			var v, msg string
			v, s, msg = reference(s, lookup)
			b.WriteString(v)
			refs = true
			if msg != "" {
				msgs = append(msgs, msg)
			}
		default:
			b.WriteByte('$')
			s = s[1:]
		}
	}
}

// reference expands the ${NAME} at the start of s and returns its value, the rest of s, and a
// message when it cannot be expanded.
func reference(s string, lookup func(string) (string, bool)) (value, rest, msg string) {
	end := strings.IndexByte(s, '}')
	if end < 0 {
		return "", "", `unterminated "${" (write "$${" for a literal "${")`
	}
	name := s[2:end]
	if !envName.MatchString(name) {
		return "", s[end+1:], fmt.Sprintf(`invalid variable name %q in "${...}" (write "$${" for a literal "${")`, name)
	}
	v, ok := lookup(name)
	if !ok {
		return "", s[end+1:], fmt.Sprintf("environment variable %s is not set", name)
	}
	return v, s[end+1:], ""
}
