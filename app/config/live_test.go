package config

import (
	"strings"
	"testing"
	"time"
)

func TestParseLive(t *testing.T) {
	tests := []struct {
		name, in string
		want     Live
		err      string
	}{
		{"stream", "stream", Live{Mode: LiveStream}, ""},
		{"poll", "poll 30s", Live{Mode: LivePoll, Every: 30 * time.Second}, ""},
		{"poll in minutes", "poll 1m30s", Live{Mode: LivePoll, Every: 90 * time.Second}, ""},
		{"poll at the minimum", "poll 2s", Live{Mode: LivePoll, Every: 2 * time.Second}, ""},
		{"extra spaces", "  poll   5s ", Live{Mode: LivePoll, Every: 5 * time.Second}, ""},
		{"poll too often", "poll 1500ms", Live{}, "at least 2s"},
		{"poll without interval", "poll", Live{}, "poll needs an interval"},
		{"poll with a word", "poll often", Live{}, "want an interval such as poll 30s"},
		{"stream with interval", "stream 30s", Live{}, "want stream, or poll"},
		{"unknown mode", "websocket", Live{}, "want stream, or poll"},
		{"capitals", "Stream", Live{}, "want stream, or poll"},
		{"empty", "", Live{}, "want stream, or poll"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseLive(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("ParseLive(%q) error = %v, want it to contain %q", tt.in, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("ParseLive(%q) = %+v, %v, want %+v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestLiveString(t *testing.T) {
	for _, in := range []string{"stream", "poll 30s", "poll 1m30s", "poll 5m"} {
		l, err := ParseLive(in)
		if err != nil {
			t.Fatalf("ParseLive(%q) error = %v", in, err)
		}
		if got := l.String(); got != in {
			t.Errorf("ParseLive(%q).String() = %q", in, got)
		}
	}
}

// TestLiveSetting checks the default, the top level's setting inherited by every board, and a
// board's own setting winning over it.
func TestLiveSetting(t *testing.T) {
	two := "boards:\n  - slug: a\n  - slug: b\n    live: %s\n"
	tests := []struct {
		name         string
		src          string
		wantA, wantB time.Duration
	}{
		{"default", "boards:\n  - slug: a\n  - slug: b\n", 0, 0},
		{"top level poll", "live: poll 30s\nboards:\n  - slug: a\n  - slug: b\n", 30 * time.Second, 30 * time.Second},
		{"board poll", strings.Replace(two, "%s", "poll 10s", 1), 0, 10 * time.Second},
		{"board streams under a polling top level", "live: poll 30s\n" + strings.Replace(two, "%s", "stream", 1), 30 * time.Second, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := mustParse(t, tt.src)
			if got := cfg.Boards[0].Live.Poll(); got != tt.wantA {
				t.Errorf("board a Live.Poll() = %v, want %v", got, tt.wantA)
			}
			if got := cfg.Boards[1].Live.Poll(); got != tt.wantB {
				t.Errorf("board b Live.Poll() = %v, want %v", got, tt.wantB)
			}
			if cfg.Boards[0].Live.Mode == "" || cfg.Live.Mode == "" {
				t.Errorf("Live.Mode left unset after defaults: top %q, board a %q", cfg.Live.Mode, cfg.Boards[0].Live.Mode)
			}
		})
	}
}

// TestLiveProblems checks that a bad live setting is one problem, placed at its line and field.
func TestLiveProblems(t *testing.T) {
	tests := []struct {
		name, src, field string
		line             int
		msg              string
	}{
		{"top level too fast", "live: poll 1s\n" + board + "      - {id: a, kind: clock}\n", "live", 1, "at least 2s"},
		{"top level word", "timezone: UTC\nlive: sometimes\n" + board, "live", 2, "want stream, or poll"},
		{"board without interval", "boards:\n  - slug: b\n    title: B\n    live: poll\n", "boards[0].live", 4, "poll needs an interval"},
		{"board mapping", "boards:\n  - slug: b\n    live:\n      poll: 30s\n", "boards[0].live", 4, "want stream, or poll"},
		{"misspelt field", "boards:\n  - slug: b\n    lve: stream\n", "boards[0].lve", 3, `did you mean "live"?`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := parseProblems(t, tt.src)
			if len(ps) != 1 {
				t.Fatalf("Parse() returned %d problems, want 1:\n%v", len(ps), ps)
			}
			// A mapping in place of the setting is placed at its first key, which is on the
			// setting's line: the field may name that key.
			if got := ps[0]; !strings.HasPrefix(got.Field, tt.field) || got.Line != tt.line {
				t.Errorf("Parse() problem at line %d field %q, want line %d field %q (%s)", got.Line, got.Field, tt.line, tt.field, got.Msg)
			}
			if !strings.Contains(ps[0].Msg, tt.msg) {
				t.Errorf("Parse() problem message = %q, want it to contain %q", ps[0].Msg, tt.msg)
			}
		})
	}
}
