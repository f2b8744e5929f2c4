package config

import (
	"fmt"
	"slices"
	"strings"
)

// Problem is one thing wrong with a config file, placed by line and by field path so that a user
// can go straight to it.
type Problem struct {
	File string
	// Line is 1-based. It is 0 when no line applies, as in an empty file.
	Line int
	// Field is a path such as boards[0].widgets[2].thresholds.warn, or empty for the whole file.
	Field string
	Msg   string
}

// String formats p as FILE:LINE: FIELD: MSG, leaving out the line and the field when unknown.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.Field != "" {
		b.WriteString(p.Field)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Problems is every problem found in one config file. Parse and Load return it as their error, so
// that `wallboard config check` can print them all at once rather than one per run.
type Problems []Problem

// Error prints one problem per line, in the order of the file.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// finish names the file in every problem and orders them by line. The sort is stable so that
// problems on one line keep the order in which they were found.
func (ps Problems) finish(file string) Problems {
	for i := range ps {
		ps[i].File = file
	}
	slices.SortStableFunc(ps, func(a, b Problem) int { return a.Line - b.Line })
	return ps
}

// fieldSet is a set of field paths that already have a problem explaining them. A later check
// skips a path in the set, or under it, so that one mistake is reported once: a misspelt
// "metrc" is not also reported as a missing "metric".
type fieldSet map[string]bool

// covers reports whether field is in the set or lies under a field in it. The empty path is the
// whole document.
func (s fieldSet) covers(field string) bool {
	for f := range s {
		if f == "" || field == f || strings.HasPrefix(field, f+".") || strings.HasPrefix(field, f+"[") {
			return true
		}
	}
	return false
}
