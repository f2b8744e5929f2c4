package config

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Duration is a time.Duration written as Go writes it ("90s", "1h30m") or in whole days ("7d").
type Duration time.Duration

// maxDays is the most days a time.Duration holds (about 292 years); more would overflow.
const maxDays = int(math.MaxInt64 / int64(24*time.Hour))

// ParseDuration parses "7d" as seven days and anything else as time.ParseDuration does.
func ParseDuration(s string) (Duration, error) {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 || n > maxDays {
			return 0, fmt.Errorf("invalid duration %q: want a whole number of days such as 7d", s)
		}
		return Duration(time.Duration(n) * 24 * time.Hour), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("invalid duration %q: want a value such as 30s, 5m, 1h or 7d", s)
	}
	if d < 0 {
		return 0, fmt.Errorf("invalid duration %q: must not be negative", s)
	}
	return Duration(d), nil
}

// UnmarshalYAML reads a duration from a YAML scalar.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return typeError(n, "want a duration such as 30s, 5m, 1h or 7d")
	}
	v, err := ParseDuration(n.Value)
	if err != nil {
		return typeError(n, err.Error())
	}
	*d = v
	return nil
}

// typeError reports a bad value at n as a *yaml.TypeError. yaml.v3 aborts the whole decode on any
// other error from an UnmarshalYAML, but collects TypeErrors and carries on, which lets one run
// report every mistake in the file.
func typeError(n *yaml.Node, msg string) error {
	return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: %s", n.Line, msg)}}
}

// D returns d as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// String formats d the way it is written in a config file.
func (d Duration) String() string {
	t := time.Duration(d)
	if t >= 24*time.Hour && t%(24*time.Hour) == 0 {
		return strconv.Itoa(int(t/(24*time.Hour))) + "d"
	}
	s := t.String()
	// time.Duration writes 1h as "1h0m0s"; drop the zero units, but only whole ones ("m0s", not
	// the "0s" that ends "30s").
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// Window is the span of time a metric widget aggregates over: a duration such as 5m, 1h or 24h,
// or "today", which runs from local midnight in the configured timezone.
type Window struct {
	Today bool
	Len   time.Duration
}

// ParseWindow parses "today" or a duration of at least one minute.
func ParseWindow(s string) (Window, error) {
	if s == "today" {
		return Window{Today: true}, nil
	}
	d, err := ParseDuration(s)
	if err != nil {
		return Window{}, fmt.Errorf("invalid window %q: want today or a duration such as 5m, 1h or 24h", s)
	}
	if d.D() < time.Minute || d.D()%time.Minute != 0 {
		return Window{}, fmt.Errorf("invalid window %q: want whole minutes, at least 1m", s)
	}
	return Window{Len: d.D()}, nil
}

// UnmarshalYAML reads a window from a YAML scalar.
func (w *Window) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return typeError(n, "want a window such as 5m, 1h, 24h or today")
	}
	v, err := ParseWindow(n.Value)
	if err != nil {
		return typeError(n, err.Error())
	}
	*w = v
	return nil
}

// IsZero reports whether the window was left unset.
func (w Window) IsZero() bool { return !w.Today && w.Len == 0 }

// String formats w the way it is written in a config file.
func (w Window) String() string {
	if w.Today {
		return "today"
	}
	return Duration(w.Len).String()
}

// Span is a half-open stretch of time [From, To).
type Span struct{ From, To time.Time }

// Bounds returns the current window and the previous one for a window ending at now, both aligned
// to whole minutes. Aligning to minutes lets aggregates come from per-minute rollups, and keeps a
// sliding window from changing value every second.
//
// A duration window covers the minute now falls in and the Len-1 minutes before it; the previous
// window is the Len before that. "today" runs from local midnight in loc, and its previous window
// is the same stretch of yesterday by the clock: from yesterday's midnight to yesterday at the
// time the current window ends. Across a DST change the two differ in length by the hour the
// clocks moved, which is what "today so far against yesterday at this time" means to a reader.
func (w Window) Bounds(now time.Time, loc *time.Location) (cur, prev Span) {
	to := now.Truncate(time.Minute).Add(time.Minute)
	if w.Today {
		l := now.In(loc)
		from := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc)
		return Span{from, to}, Span{dayBefore(from, loc), dayBefore(to, loc)}
	}
	from := to.Add(-w.Len)
	return Span{from, to}, Span{from.Add(-w.Len), from}
}

// dayBefore returns the same wall-clock time one day before t, in loc. A time that did not
// exist that day (inside a DST gap) is normalised as time.Date does.
func dayBefore(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day()-1, l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), loc)
}
