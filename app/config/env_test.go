package config

import (
	"strings"
	"testing"
)

func TestExpand(t *testing.T) {
	env := map[string]string{"HOST": "db.local", "EMPTY": ""}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	tests := []struct {
		name, in, want string
		refs           bool
		msg            string
	}{
		{"no dollar", "plain", "plain", false, ""},
		{"one variable", "${HOST}", "db.local", true, ""},
		{"inside text", "at ${HOST}:5432", "at db.local:5432", true, ""},
		{"empty value", "[${EMPTY}]", "[]", true, ""},
		{"literal", "$${HOST}", "${HOST}", false, ""},
		{"lone dollar", "costs $5", "costs $5", false, ""},
		{"dollar without brace", "$HOST", "$HOST", false, ""},
		{"unset", "${NOPE}!", "!", true, "NOPE is not set"},
		{"bad name", "${1X}", "", true, "invalid variable name"},
		{"unterminated", "${HOST", "", true, "unterminated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, refs, msgs := expand(tt.in, lookup)
			if got != tt.want {
				t.Errorf("expand(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if refs != tt.refs {
				t.Errorf("expand(%q) refs = %v, want %v", tt.in, refs, tt.refs)
			}
			if msg := strings.Join(msgs, "; "); !strings.Contains(msg, tt.msg) || (tt.msg == "") != (msg == "") {
				t.Errorf("expand(%q) messages = %q, want %q", tt.in, msg, tt.msg)
			}
		})
	}
}

func TestEnvSubstitution(t *testing.T) {
	t.Setenv("WB_SLUG", "ops")
	t.Setenv("WB_WARN", "70")
	t.Setenv("WB_MOTD", "deploy freeze: all week\nboards: []")
	cfg := mustParse(t, `
boards:
  - slug: ${WB_SLUG}
    widgets:
      - id: cpu
        kind: gauge
        metric: host.cpu
        thresholds: {warn: "${WB_WARN}", crit: 90}
      - id: motd
        kind: text
        text: ${WB_MOTD}
      - id: price
        kind: text
        text: "costs $${WB_WARN}"
`)
	b := cfg.Boards[0]
	if got, want := b.Slug, "ops"; got != want {
		t.Errorf("Slug = %q, want %q", got, want)
	}
	if got, want := *b.Widgets[0].Thresholds.Warn, 70.0; got != want {
		t.Errorf("Thresholds.Warn = %v, want %v (a quoted variable still fills a number)", got, want)
	}
	if got, want := b.Widgets[1].Text, "deploy freeze: all week\nboards: []"; got != want {
		t.Errorf("Text = %q, want %q (a value must not inject YAML)", got, want)
	}
	if got, want := b.Widgets[2].Text, "costs ${WB_WARN}"; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
}

func TestUnsetVariablesAreReportedAtTheirLines(t *testing.T) {
	ps := parseProblems(t, "timezone: ${WB_UNSET_ZONE}\nboards:\n  - slug: a\n    title: ${WB_UNSET_TITLE} ${WB_UNSET_TOO}\n")
	want := []struct {
		line  int
		field string
		name  string
	}{
		{1, "timezone", "WB_UNSET_ZONE"},
		{4, "boards[0].title", "WB_UNSET_TITLE"},
		{4, "boards[0].title", "WB_UNSET_TOO"},
	}
	if len(ps) != len(want) {
		t.Fatalf("Parse() returned %d problems, want %d:\n%v", len(ps), len(want), ps)
	}
	for i, w := range want {
		p := ps[i]
		if p.Line != w.line || p.Field != w.field || !strings.Contains(p.Msg, w.name) {
			t.Errorf("problem %d = %v, want line %d, field %s, naming %s", i, p, w.line, w.field, w.name)
		}
	}
}
