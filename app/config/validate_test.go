package config

import (
	"strings"
	"testing"
)

// board starts a config with one board whose widgets follow; its first widget is on line 4.
const board = "boards:\n  - slug: b\n    widgets:\n"

// badConfigs are configs with exactly one mistake each: the field, line and part of the message
// it must be reported with. FuzzParse uses them as seeds too.
var badConfigs = []struct {
	name  string
	src   string
	field string
	line  int
	msg   string
}{
	{"no board", "timezone: UTC\n", "boards", 1, "at least one board"},
	{"empty file", "", "boards", 0, "at least one board"},
	{"bad slug", "boards:\n  - slug: Ops_Board\n", "boards[0].slug", 2, "lowercase letters, digits and dashes"},
	{"long slug", "boards:\n  - slug: " + strings.Repeat("a", 65) + "\n", "boards[0].slug", 2, "at most 64"},
	{"missing slug", "boards:\n  - title: Ops\n", "boards[0].slug", 2, "is required"},
	{"duplicate slug", "boards:\n  - slug: a\n  - slug: a\n", "boards[1].slug", 3, "already used at boards[0].slug"},
	{"too many columns", "boards:\n  - slug: a\n    columns: 30\n", "boards[0].columns", 3, "between 1 and 24"},
	{"too many rows", "boards:\n  - slug: a\n    rows: 25\n", "boards[0].rows", 3, "between 0 and 24"},
	{"bad theme", "boards:\n  - slug: a\n    theme: blue\n", "boards[0].theme", 3, `"blue" is not one of dark, light`},
	{"bad visibility", "boards:\n  - slug: a\n    visibility: secret\n", "boards[0].visibility", 3, "public, private"},
	{"unknown kind", board + "      - {id: a, kind: numbr}\n", "boards[0].widgets[0].kind", 4, `did you mean "number"`},
	{"missing kind", board + "      - {id: a}\n", "boards[0].widgets[0].kind", 4, "is required"},
	{"missing id", board + "      - {kind: clock}\n", "boards[0].widgets[0].id", 4, "is required"},
	{"duplicate id", board + "      - {id: a, kind: clock}\n      - {id: a, kind: clock}\n", "boards[0].widgets[1].id", 5, "already used"},
	{"wider than the board", board + "      - {id: a, kind: clock, cols: 5}\n", "boards[0].widgets[0].cols", 4, "between 1 and 4"},
	{"too tall", board + "      - {id: a, kind: clock, rows: 13}\n", "boards[0].widgets[0].rows", 4, "between 1 and 12"},
	{"taller than the board", "boards:\n  - slug: b\n    rows: 2\n    widgets:\n      - {id: a, kind: clock, rows: 3}\n", "boards[0].widgets[0].rows", 5, "between 1 and 2"},
	{"grid overflow", "boards:\n  - slug: b\n    columns: 1\n    rows: 1\n    widgets:\n      - {id: a, kind: clock}\n      - {id: c, kind: clock}\n", "boards[0].rows", 4, "span 2 cells"},
	{"number without metric", board + "      - id: a\n        kind: number\n", "boards[0].widgets[0].metric", 4, "is required"},
	{"bad metric name", board + "      - {id: a, kind: chart, metric: 'sign ups'}\n", "boards[0].widgets[0].metric", 4, "not a valid name"},
	{"bad aggregate", board + "      - id: a\n        kind: number\n        metric: m\n        aggregate: median\n", "boards[0].widgets[0].aggregate", 7, "last, sum, avg"},
	{"window beyond rollups", board + "      - id: a\n        kind: number\n        metric: m\n        window: 60d\n", "boards[0].widgets[0].window", 7, "needs 120d of history"},
	{"rate per too short", board + "      - {id: a, kind: number, metric: m, aggregate: rate, rate_per: 10ms}\n", "boards[0].widgets[0].rate_per", 4, "at least 1s"},
	{"too many decimals", board + "      - {id: a, kind: number, metric: m, decimals: 9}\n", "boards[0].widgets[0].decimals", 4, "between 0 and 6"},
	{"gauge max below min", board + "      - id: a\n        kind: gauge\n        metric: m\n        min: 10\n        max: 5\n", "boards[0].widgets[0].max", 8, "greater than min"},
	{"log without stream", board + "      - {id: a, kind: log}\n", "boards[0].widgets[0].stream", 4, "is required"},
	{"log limit", board + "      - id: a\n        kind: log\n        stream: s\n        limit: 51\n", "boards[0].widgets[0].limit", 7, "between 1 and 50"},
	{"bad check name", board + "      - id: a\n        kind: status\n        checks:\n          - api\n          - 'api check'\n", "boards[0].widgets[0].checks[1]", 8, "not a valid name"},
	{"bad job name", board + "      - {id: a, kind: progress, jobs: ['-x']}\n", "boards[0].widgets[0].jobs[0]", 4, "not a valid name"},
	{"text without text", board + "      - {id: a, kind: text}\n", "boards[0].widgets[0].text", 4, "is required"},
	{"stream on a number", board + "      - id: a\n        kind: number\n        metric: m\n        stream: s\n", "boards[0].widgets[0].stream", 7, "stream is not used by a number widget"},
	{"metric on a log", board + "      - id: a\n        kind: log\n        stream: s\n        metric: m\n", "boards[0].widgets[0].metric", 7, "metric is not used by a log widget"},
	{"window on a clock", board + "      - {id: a, kind: clock, window: 5m}\n", "boards[0].widgets[0].window", 4, "not used by a clock widget"},
	{"thresholds on a status", board + "      - id: a\n        kind: status\n        thresholds: {warn: 1}\n", "boards[0].widgets[0].thresholds", 6, "not used by a status widget"},
	{"crit below warn", board + "      - id: a\n        kind: gauge\n        metric: m\n        thresholds:\n          warn: 90\n          crit: 70\n", "boards[0].widgets[0].thresholds.crit", 9, "at or above warn (90)"},
	{"crit above warn going down", board + "      - id: a\n        kind: progress\n        thresholds: {warn: 20, crit: 30, direction: below}\n", "boards[0].widgets[0].thresholds.crit", 6, "at or below warn (20)"},
	{"bad direction", board + "      - id: a\n        kind: number\n        metric: m\n        thresholds:\n          direction: sideways\n", "boards[0].widgets[0].thresholds.direction", 8, "above, below"},
	{"min interval too short", board + "      - {id: a, kind: clock, min_interval: 50ms}\n", "boards[0].widgets[0].min_interval", 4, "between 100ms and 1h"},
	{"min interval too long", board + "      - {id: a, kind: clock, min_interval: 2h}\n", "boards[0].widgets[0].min_interval", 4, "between 100ms and 1h"},
	{"stale after too short", board + "      - {id: a, kind: log, stream: s, stale_after: 500ms}\n", "boards[0].widgets[0].stale_after", 4, "at least 1s"},
	{"unknown timezone", "timezone: Mars/Olympus\n" + board, "timezone", 1, `unknown time zone "Mars/Olympus"`},
	{"frame source with a semicolon", "security:\n  frame_ancestors: [\"'self'; script-src *\"]\n" + board, "security.frame_ancestors[0]", 2, "not a CSP source"},
	{"none beside others", "security:\n  frame_ancestors: [\"'none'\", \"'self'\"]\n" + board, "security.frame_ancestors[0]", 2, "must stand alone"},
	{"no frame sources", "security:\n  frame_ancestors: []\n" + board, "security.frame_ancestors", 2, "at least one source"},
	{"no streams", "security:\n  streams_per_client: -1\n" + board, "security.streams_per_client", 2, "at least 1"},
	{"no ingest", "security:\n  ingest_per_token: -5\n" + board, "security.ingest_per_token", 2, "at least 1"},
	{"short sessions", "security:\n  session_ttl: 10s\n" + board, "security.session_ttl", 2, "at least 1m"},
	{"short samples", "retention:\n  samples: 30m\n" + board + "      - {id: a, kind: clock}\n", "retention.samples", 2, "at least 1h"},
	{"bad source id", "sources:\n  - {id: My_Shop, kind: demo}\n" + board, "sources[0].id", 2, "lowercase letters"},
	{"duplicate source id", "sources:\n  - {id: s, kind: demo}\n  - {id: s, kind: host}\n" + board, "sources[1].id", 3, "already used at sources[0].id"},
	{"bad source kind", "sources:\n  - id: s\n    kind: ftp\n" + board, "sources[0].kind", 3, "demo, host"},
	{"seconds field", "sources:\n  - id: s\n    kind: demo\n    schedule: '*/5 * * * * *'\n" + board, "sources[0].schedule", 4, "expected exactly 5 fields"},
	{"time zone prefix alone", "sources:\n  - {id: s, kind: host, schedule: TZ=UTC}\n" + board, "sources[0].schedule", 2, "must be followed by a schedule"},
	{"bad prefix", "sources:\n  - {id: s, kind: host, prefix: '.x'}\n" + board, "sources[0].prefix", 2, "not a valid name"},
	{"word for a number", board + "      - id: a\n        kind: clock\n        cols: wide\n", "boards[0].widgets[0].cols", 6, `want a whole number, got "wide"`},
	{"list for a string", board + "      - {id: a, kind: text, text: [a, b]}\n", "boards[0].widgets[0].text", 4, "want a string, got a list"},
	{"bad duration", board + "      - {id: a, kind: log, stream: s, stale_after: soon}\n", "boards[0].widgets[0].stale_after", 4, `invalid duration "soon"`},
	{"bad window", board + "      - {id: a, kind: number, metric: m, window: 90s}\n", "boards[0].widgets[0].window", 4, "whole minutes"},
	{"duplicate key", "boards: []\nboards: []\n", "boards", 2, `"boards" already defined at line 1`},
	{"not a mapping", "- a\n- b\n", "", 1, "want a mapping of fields, got a list"},
	{"second document", "boards: []\n---\nboards: []\n", "", 2, "one YAML document"},
	{"syntax error", "boards:\n  - slug: a\n    widgets: [\n", "", 3, "did not find expected node content"},
	{"tab indent", "boards:\n\t- slug: a\n", "", 2, "cannot start any token"},
	{"bad indent", "boards:\n  - slug: a\n   title: x\n", "", 1, "check the indentation"},
	{"unknown field", board + "      - {id: a, kind: clock, colour: red}\n", "boards[0].widgets[0].colour", 4, "allowed here: id, kind, title"},
	{"misspelt field", board + "      - id: a\n        kind: number\n        metrc: m\n", "boards[0].widgets[0].metrc", 6, `did you mean "metric"?`},
	{"unset variable", board + "      - id: a\n        kind: text\n        text: ${WALLBOARD_TEST_UNSET}\n", "boards[0].widgets[0].text", 6, "WALLBOARD_TEST_UNSET is not set"},
	{"unterminated variable", board + "      - {id: a, kind: text, text: 'costs ${'}\n", "boards[0].widgets[0].text", 4, `unterminated "${"`},
}

// TestBadConfigs checks that each config with one mistake yields exactly one problem, with the
// right field, line and message. One problem per mistake matters: a misspelt field must not also
// be reported as a missing one.
func TestBadConfigs(t *testing.T) {
	for _, tt := range badConfigs {
		t.Run(tt.name, func(t *testing.T) {
			ps := parseProblems(t, tt.src)
			if len(ps) != 1 {
				t.Fatalf("Parse() returned %d problems, want 1:\n%v", len(ps), ps)
			}
			p := ps[0]
			if p.Field != tt.field {
				t.Errorf("Parse() problem field = %q, want %q", p.Field, tt.field)
			}
			if p.Line != tt.line {
				t.Errorf("Parse() problem line = %d, want %d (%s)", p.Line, tt.line, p.Msg)
			}
			if !strings.Contains(p.Msg, tt.msg) {
				t.Errorf("Parse() problem message = %q, want it to contain %q", p.Msg, tt.msg)
			}
			if p.File != "test.yaml" {
				t.Errorf("Parse() problem file = %q, want %q", p.File, "test.yaml")
			}
		})
	}
}

// TestUnknownFieldLine checks that an unknown field is reported at its own line at every depth.
func TestUnknownFieldLine(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		field string
		line  int
	}{
		{"top level", "timezone: UTC\n\nboard:\n  - slug: a\n", "board", 3},
		{"retention", "retention:\n  samples: 48h\n  sample: 2d\n" + board, "retention.sample", 3},
		{"source", "sources:\n  - id: s\n    kind: demo\n    every: 5s\n" + board, "sources[0].every", 4},
		{"board", "boards:\n  - slug: a\n    colums: 4\n", "boards[0].colums", 3},
		{"widget", board + "      - id: a\n        kind: clock\n        format: HH:mm\n", "boards[0].widgets[0].format", 6},
		{"thresholds", board + "      - id: a\n        kind: number\n        metric: m\n        thresholds:\n          warning: 5\n", "boards[0].widgets[0].thresholds.warning", 8},
		{"through an anchor", board + "      - &w {id: a, kind: clock, size: 2}\n", "boards[0].widgets[0].size", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := parseProblems(t, tt.src)
			if len(ps) != 1 {
				t.Fatalf("Parse() returned %d problems, want 1:\n%v", len(ps), ps)
			}
			if got := ps[0]; got.Line != tt.line || got.Field != tt.field {
				t.Errorf("Parse() problem at %d %s, want %d %s", got.Line, got.Field, tt.line, tt.field)
			}
			if !strings.Contains(ps[0].Msg, "unknown field") {
				t.Errorf("Parse() problem message = %q, want it to contain %q", ps[0].Msg, "unknown field")
			}
		})
	}
}

// TestMergeKeys checks that YAML anchors and merge keys work, and that a problem in a merged
// field is placed where the field is written.
func TestMergeKeys(t *testing.T) {
	src := board + "      - &base {id: a, kind: number, metric: m, window: 5m}\n" +
		"      - <<: *base\n        id: c\n"
	cfg := mustParse(t, src)
	if got, want := cfg.Boards[0].Widgets[1].Window.String(), "5m"; got != want {
		t.Errorf("merged widget Window = %q, want %q", got, want)
	}
	ps := parseProblems(t, board+"      - &base {id: a, kind: number, metric: m, stream: s}\n      - <<: *base\n        id: c\n")
	for _, p := range ps {
		if p.Line != 4 || !strings.HasSuffix(p.Field, ".stream") {
			t.Errorf("Parse() problem %v, want a stream problem on line 4", p)
		}
	}
}
