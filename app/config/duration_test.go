package config

import (
	"strings"
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		name, in string
		want     time.Duration
		err      string
	}{
		{"days", "7d", 7 * 24 * time.Hour, ""},
		{"zero days", "0d", 0, ""},
		{"seconds", "90s", 90 * time.Second, ""},
		{"hours and minutes", "1h30m", 90 * time.Minute, ""},
		{"milliseconds", "100ms", 100 * time.Millisecond, ""},
		{"fractional days", "1.5d", 0, "whole number of days"},
		{"negative days", "-1d", 0, "whole number of days"},
		{"days that overflow", "999999999d", 0, "whole number of days"},
		{"negative", "-5m", 0, "must not be negative"},
		{"no unit", "5", 0, "want a value such as"},
		{"words", "two hours", 0, "want a value such as"},
		{"empty", "", 0, "want a value such as"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDuration(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("ParseDuration(%q) error = %v, want it to contain %q", tt.in, err, tt.err)
				}
				return
			}
			if err != nil || got.D() != tt.want {
				t.Errorf("ParseDuration(%q) = %v, %v, want %v", tt.in, got.D(), err, tt.want)
			}
		})
	}
}

func TestDurationString(t *testing.T) {
	tests := []struct {
		name string
		in   time.Duration
		want string
	}{
		{"zero", 0, "0s"},
		{"seconds ending in zero", 30 * time.Second, "30s"},
		{"minutes and seconds", 90 * time.Second, "1m30s"},
		{"minutes ending in zero", 20 * time.Minute, "20m"},
		{"hour", time.Hour, "1h"},
		{"hours and minutes", 90 * time.Minute, "1h30m"},
		{"hours ending in zero", 10 * time.Hour, "10h"},
		{"hours with seconds", time.Hour + time.Second, "1h0m1s"},
		{"days", 48 * time.Hour, "2d"},
		{"hours past a day", 36 * time.Hour, "36h"},
		{"milliseconds", 100 * time.Millisecond, "100ms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Duration(tt.in).String(); got != tt.want {
				t.Errorf("Duration(%v).String() = %q, want %q", tt.in, got, tt.want)
			}
			back, err := ParseDuration(Duration(tt.in).String())
			if err != nil || back.D() != tt.in {
				t.Errorf("ParseDuration(String()) = %v, %v, want %v", back.D(), err, tt.in)
			}
		})
	}
}

func TestParseWindow(t *testing.T) {
	tests := []struct {
		name, in string
		want     Window
		err      bool
	}{
		{"today", "today", Window{Today: true}, false},
		{"minutes", "5m", Window{Len: 5 * time.Minute}, false},
		{"day", "1d", Window{Len: 24 * time.Hour}, false},
		{"seconds", "30s", Window{}, true},
		{"part minutes", "90s", Window{}, true},
		{"word", "yesterday", Window{}, true},
		{"capitalised", "Today", Window{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseWindow(tt.in)
			if (err != nil) != tt.err || got != tt.want {
				t.Errorf("ParseWindow(%q) = %+v, %v, want %+v, error %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

// mustZone loads an IANA zone; time/tzdata makes this work on any machine.
func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("LoadLocation(%q) error = %v", name, err)
	}
	return loc
}

// utc parses an RFC 3339 time for the Bounds tables.
func utc(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatalf("time.Parse(%q) error = %v", s, err)
	}
	return v
}

func TestWindowBounds(t *testing.T) {
	tests := []struct {
		name   string
		window Window
		zone   string
		now    string
		cur    [2]string
		prev   [2]string
		curLen time.Duration // length of the current window, to make DST days visible
	}{
		{"one hour", Window{Len: time.Hour}, "UTC", "2026-11-23T10:15:30Z",
			[2]string{"2026-11-23T09:16:00Z", "2026-11-23T10:16:00Z"}, [2]string{"2026-11-23T08:16:00Z", "2026-11-23T09:16:00Z"}, 1 * time.Hour},
		{"today in UTC", Window{Today: true}, "UTC", "2026-11-23T10:15:30Z",
			[2]string{"2026-11-23T00:00:00Z", "2026-11-23T10:16:00Z"}, [2]string{"2026-11-22T00:00:00Z", "2026-11-22T10:16:00Z"}, 10*time.Hour + 16*time.Minute},
		{"today in New York, still yesterday in UTC terms", Window{Today: true}, "America/New_York", "2026-11-23T03:30:00Z",
			[2]string{"2026-11-22T05:00:00Z", "2026-11-23T03:31:00Z"}, [2]string{"2026-11-21T05:00:00Z", "2026-11-22T03:31:00Z"}, 22*time.Hour + 31*time.Minute},
		{"today on the spring DST day in Berlin", Window{Today: true}, "Europe/Berlin", "2026-03-29T10:00:30Z",
			[2]string{"2026-03-28T23:00:00Z", "2026-03-29T10:01:00Z"}, [2]string{"2026-03-27T23:00:00Z", "2026-03-28T11:01:00Z"}, 11*time.Hour + 1*time.Minute},
		{"today the day after spring DST in Berlin", Window{Today: true}, "Europe/Berlin", "2026-03-30T10:00:30Z",
			[2]string{"2026-03-29T22:00:00Z", "2026-03-30T10:01:00Z"}, [2]string{"2026-03-28T23:00:00Z", "2026-03-29T10:01:00Z"}, 12*time.Hour + 1*time.Minute},
		{"today on the autumn DST day in Berlin", Window{Today: true}, "Europe/Berlin", "2026-10-25T12:00:00Z",
			[2]string{"2026-10-24T22:00:00Z", "2026-10-25T12:01:00Z"}, [2]string{"2026-10-23T22:00:00Z", "2026-10-24T11:01:00Z"}, 14*time.Hour + 1*time.Minute},
		{"today in its last minute", Window{Today: true}, "Europe/Berlin", "2026-11-23T22:59:30Z",
			[2]string{"2026-11-22T23:00:00Z", "2026-11-23T23:00:00Z"}, [2]string{"2026-11-21T23:00:00Z", "2026-11-22T23:00:00Z"}, 24 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cur, prev := tt.window.Bounds(utc(t, tt.now), mustZone(t, tt.zone))
			checkSpan(t, "current", cur, tt.cur)
			checkSpan(t, "previous", prev, tt.prev)
			if got := cur.To.Sub(cur.From); got != tt.curLen {
				t.Errorf("current window is %v long, want %v", got, tt.curLen)
			}
		})
	}
}

// checkSpan compares a span with the RFC 3339 times want.
func checkSpan(t *testing.T, which string, got Span, want [2]string) {
	t.Helper()
	from, to := utc(t, want[0]), utc(t, want[1])
	if !got.From.Equal(from) || !got.To.Equal(to) {
		t.Errorf("%s window = [%v, %v), want [%v, %v)", which, got.From.UTC(), got.To.UTC(), from, to)
	}
}

func TestDurationInYAML(t *testing.T) {
	cfg := mustParse(t, "retention:\n  events: 14d\n  samples: 36h\n"+board+"      - {id: a, kind: clock}\n")
	if got, want := cfg.Retention.Events.D(), 14*24*time.Hour; got != want {
		t.Errorf("Retention.Events = %v, want %v", got, want)
	}
	if got, want := cfg.Retention.Samples.D(), 36*time.Hour; got != want {
		t.Errorf("Retention.Samples = %v, want %v", got, want)
	}
}
