package config

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// parseProblems parses src and returns its problems, failing the test if it parsed cleanly.
func parseProblems(t *testing.T, src string) Problems {
	t.Helper()
	_, err := Parse("test.yaml", []byte(src))
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("Parse() error = %v, want Problems", err)
	}
	return ps
}

// mustParse parses src and fails the test on any problem.
func mustParse(t *testing.T, src string) *Config {
	t.Helper()
	cfg, err := Parse("test.yaml", []byte(src))
	if err != nil {
		t.Fatalf("Parse() error:\n%v", err)
	}
	return cfg
}

func TestDemoParsesWithDefaults(t *testing.T) {
	cfg := Demo()
	if got, want := cfg.File, "demo"; got != want {
		t.Errorf("Demo().File = %q, want %q", got, want)
	}
	if got, want := cfg.Location, time.UTC; got != want {
		t.Errorf("Demo().Location = %v, want %v", got, want)
	}
	if got, want := len(cfg.Sources), 2; got != want {
		t.Fatalf("len(Demo().Sources) = %d, want %d", got, want)
	}
	b, ok := cfg.Board("demo")
	if !ok {
		t.Fatalf("Demo().Board(%q) not found", "demo")
	}
	if got, want := b.Title, "Wallboard demo"; got != want {
		t.Errorf("demo board Title = %q, want %q", got, want)
	}
	clock, ok := b.Widget("clock")
	if !ok {
		t.Fatalf("demo board has no clock widget")
	}
	if got, want := clock.MinInterval, defaultMinInterval; got != want {
		t.Errorf("clock MinInterval = %v, want default %v", got, want)
	}
	if got, want := b.Theme, "dark"; got != want {
		t.Errorf("demo board Theme = %q, want %q", got, want)
	}
}

// TestDemoShowsTheREADMEExamples guards what the README's curl examples push, so that a newcomer
// who runs them sees the board change.
func TestDemoShowsTheREADMEExamples(t *testing.T) {
	b, _ := Demo().Board("demo")
	tests := []struct {
		id, kind, binding string
	}{
		{"signups", KindNumber, "signups"},
		{"deploys", KindLog, "deploys"},
		{"checks", KindStatus, "api"},
		{"jobs", KindProgress, "backup"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			w, ok := b.Widget(tt.id)
			if !ok {
				t.Fatalf("demo board has no widget %q", tt.id)
			}
			if w.Kind != tt.kind {
				t.Errorf("widget %q Kind = %q, want %q", tt.id, w.Kind, tt.kind)
			}
			bound := append([]string{w.Metric, w.Stream}, append(w.Checks, w.Jobs...)...)
			if !strings.Contains(strings.Join(bound, " "), tt.binding) {
				t.Errorf("widget %q binds %v, want it to include %q", tt.id, bound, tt.binding)
			}
		})
	}
}

// TestDemoFillsItsGrid checks that the demo uses every kind of widget and fills its grid exactly,
// so that it fits a TV with no gap and no scrolling.
func TestDemoFillsItsGrid(t *testing.T) {
	b, _ := Demo().Board("demo")
	cells, kinds := 0, map[string]bool{}
	for _, w := range b.Widgets {
		cells += w.Cols * w.Rows
		kinds[w.Kind] = true
	}
	if got, want := cells, b.Columns*b.Rows; got != want {
		t.Errorf("demo widgets span %d cells, want %d (%d columns x %d rows)", got, want, b.Columns, b.Rows)
	}
	for _, k := range widgetKinds {
		if !kinds[k] {
			t.Errorf("demo board has no %s widget", k)
		}
	}
}

func TestDefaults(t *testing.T) {
	cfg := mustParse(t, `
sources:
  - {id: shop, kind: demo}
  - {id: box, kind: host}
boards:
  - slug: ops
    widgets:
      - {id: n, kind: number, metric: m, thresholds: {warn: 1}}
      - {id: g, kind: gauge, metric: m}
      - {id: l, kind: log, stream: s}
`)
	b := cfg.Boards[0]
	n, g, l := b.Widgets[0], b.Widgets[1], b.Widgets[2]
	tests := []struct {
		name      string
		got, want any
	}{
		{"timezone", cfg.Timezone, "UTC"},
		{"location", cfg.Location, time.UTC},
		{"retention samples", cfg.Retention.Samples.String(), "2d"},
		{"retention rollups", cfg.Retention.Rollups.String(), "90d"},
		{"retention events", cfg.Retention.Events.String(), "30d"},
		{"retention job runs", cfg.Retention.JobRuns.String(), "7d"},
		{"demo schedule", cfg.Sources[0].Schedule, "@every 2s"},
		{"host schedule", cfg.Sources[1].Schedule, "@every 5s"},
		{"board title", b.Title, "ops"},
		{"board columns", b.Columns, 4},
		{"board theme", b.Theme, "dark"},
		{"board visibility", b.Visibility, "public"},
		{"widget cols", n.Cols, 1},
		{"widget rows", n.Rows, 1},
		{"aggregate", n.Aggregate, "last"},
		{"window", n.Window.String(), "1h"},
		{"rate per", n.RatePer.String(), "1m"},
		{"min interval", n.MinInterval.String(), "1s"},
		{"direction", n.Thresholds.Direction, "above"},
		{"gauge min", *g.Min, 0.0},
		{"gauge max", *g.Max, 100.0},
		{"log limit", l.Limit, 8},
		{"no window on a log", l.Window.IsZero(), true},
		{"no min on a number", n.Min == nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
			}
		})
	}
}

func TestThreeMistakesAreAllReported(t *testing.T) {
	_, err := Load("testdata/three_mistakes.yaml")
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("Load() error = %v, want Problems", err)
	}
	want := []struct {
		line  int
		field string
	}{
		{9, "boards[0].widgets[0].window"},
		{13, "boards[0].widgets[1].colour"},
		{17, "boards[0].widgets[2].thresholds.crit"},
	}
	if len(ps) != len(want) {
		t.Fatalf("Load() returned %d problems, want %d:\n%v", len(ps), len(want), err)
	}
	lines := strings.Split(err.Error(), "\n")
	for i, w := range want {
		if ps[i].Line != w.line || ps[i].Field != w.field {
			t.Errorf("problem %d at %d %s, want %d %s", i, ps[i].Line, ps[i].Field, w.line, w.field)
		}
		prefix := "testdata/three_mistakes.yaml:" + strconv.Itoa(w.line) + ": " + w.field + ": "
		if !strings.HasPrefix(lines[i], prefix) {
			t.Errorf("Error() line %d = %q, want prefix %q", i, lines[i], prefix)
		}
	}
}

func TestLoadMissingFileIsNotProblems(t *testing.T) {
	_, err := Load("testdata/no-such-file.yaml")
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load() error = %v, want os.ErrNotExist", err)
	}
	var ps Problems
	if errors.As(err, &ps) {
		t.Errorf("Load() error is Problems, want a plain read error")
	}
}

func TestSyntaxErrorIsOneProblem(t *testing.T) {
	ps := parseProblems(t, "boards:\n  - slug: a\n    widgets: [\n")
	if len(ps) != 1 {
		t.Fatalf("Parse() returned %d problems, want 1: %v", len(ps), ps)
	}
	if got, want := ps[0].Line, 3; got != want {
		t.Errorf("Parse() problem line = %d, want %d", got, want)
	}
}

func TestProblemString(t *testing.T) {
	tests := []struct {
		name string
		p    Problem
		want string
	}{
		{"full", Problem{"a.yaml", 3, "boards[0].slug", "is required"}, "a.yaml:3: boards[0].slug: is required"},
		{"no line", Problem{"a.yaml", 0, "boards", "at least one board is required"}, "a.yaml: boards: at least one board is required"},
		{"no field", Problem{"a.yaml", 2, "", "did not find expected key"}, "a.yaml:2: did not find expected key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}
