package app

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"wallboard/app/config"
	"wallboard/db"
)

// Limits of the push API (DESIGN.md §4 HTTP).
const (
	// MaxSamplesPerRequest is the most samples one POST /api/v1/metrics may carry.
	MaxSamplesPerRequest = 10000
	// MaxFutureSkew is how far in the future a timestamp may be, to allow for clock drift.
	MaxFutureSkew = 5 * time.Minute
	maxNameLen    = 128
	maxEventLen   = 1000
	maxStatusLen  = 500
	maxLabelLen   = 200
)

// nameRule says what validName accepts.
const nameRule = "must be 1 to 128 letters, digits, '_', '.', ':' or '-', starting with a letter or digit"

// parseMetrics validates a POST /api/v1/metrics body and returns its samples. It checks the
// whole batch before anything is stored, and any bad input is an *inputError naming the field.
// A sample without ts is taken at now; one older than maxAge (the samples retention) is refused,
// unless maxAge is 0.
func parseMetrics(body []byte, now time.Time, maxAge time.Duration) ([]db.Sample, error) {
	top, err := decodeBody(body, "metrics")
	if err != nil {
		return nil, err
	}
	items, err := top.array("metrics")
	if err != nil {
		return nil, err
	}
	if len(items) == 0 || len(items) > MaxSamplesPerRequest {
		return nil, badInput("metrics", "must hold 1 to %d samples, got %d", MaxSamplesPerRequest, len(items))
	}
	samples := make([]db.Sample, len(items))
	for i, raw := range items {
		if samples[i], err = parseSample(raw, fmt.Sprintf("metrics[%d]", i), now, maxAge); err != nil {
			return nil, err
		}
	}
	return samples, nil
}

func parseSample(raw json.RawMessage, path string, now time.Time, maxAge time.Duration) (db.Sample, error) {
	o, err := decodeObject(raw, path, "name", "value", "ts")
	if err != nil {
		return db.Sample{}, err
	}
	name, err := o.name("name")
	if err != nil {
		return db.Sample{}, err
	}
	v, present, err := o.number("value")
	if err != nil {
		return db.Sample{}, err
	}
	if !present {
		return db.Sample{}, badInput(o.field("value"), "is required")
	}
	ts, err := o.timestamp("ts", now, maxAge)
	if err != nil {
		return db.Sample{}, err
	}
	return db.Sample{Metric: name, TS: ts, Value: v}, nil
}

// validName reports whether s may name a metric, an event stream, a status or a progress entry:
// a letter or digit, then up to 127 letters, digits, '_', '.', ':' or '-'.
func validName(s string) bool {
	if s == "" || len(s) > maxNameLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		if !alnum && (i == 0 || !strings.ContainsRune("_.:-", rune(c))) {
			return false
		}
	}
	return true
}

// name returns the required, valid name at key.
func (o object) name(key string) (string, error) {
	s, err := o.str(key)
	if err != nil {
		return "", err
	}
	if s == "" {
		return "", badInput(o.field(key), "is required")
	}
	if !validName(s) {
		return "", badInput(o.field(key), nameRule)
	}
	return s, nil
}

// timestamp returns the optional RFC 3339 time at key, now when missing. It must be no more than
// MaxFutureSkew ahead of now, nor older than maxAge when maxAge is set.
func (o object) timestamp(key string, now time.Time, maxAge time.Duration) (time.Time, error) {
	if _, given := o.raw(key); !given {
		return now, nil
	}
	s, err := o.str(key)
	if err != nil {
		return time.Time{}, err
	}
	ts, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, badInput(o.field(key), "must be an RFC 3339 time such as 2026-11-23T10:00:00Z")
	}
	if ts.After(now.Add(MaxFutureSkew)) {
		return time.Time{}, badInput(o.field(key), "must not be more than %s in the future", config.Duration(MaxFutureSkew))
	}
	if maxAge > 0 && ts.Before(now.Add(-maxAge)) {
		return time.Time{}, badInput(o.field(key), "must not be older than the retention of %s", config.Duration(maxAge))
	}
	return ts, nil
}

// text returns the optional string at key, at most max characters long.
func (o object) text(key string, max int) (string, error) {
	s, err := o.str(key)
	if err != nil {
		return "", err
	}
	if utf8.RuneCountInString(s) > max {
		return "", badInput(o.field(key), "must be at most %d characters", max)
	}
	return s, nil
}

// parseEvent validates a POST /api/v1/events body:
// {"stream":"deploys","level":"info","message":"web v42 live","ts":"…"}. Level defaults to info;
// ts follows the rules of parseMetrics, with the events retention as maxAge.
func parseEvent(body []byte, now time.Time, maxAge time.Duration) (db.Event, error) {
	o, err := decodeBody(body, "stream", "level", "message", "ts")
	if err != nil {
		return db.Event{}, err
	}
	var e db.Event
	if e.Stream, err = o.name("stream"); err != nil {
		return db.Event{}, err
	}
	if e.Level, err = o.oneOf("level", "info", "info", "ok", "warn", "crit"); err != nil {
		return db.Event{}, err
	}
	if e.Message, err = o.text("message", maxEventLen); err != nil {
		return db.Event{}, err
	}
	if strings.TrimSpace(e.Message) == "" {
		return db.Event{}, badInput("message", "is required")
	}
	if e.TS, err = o.timestamp("ts", now, maxAge); err != nil {
		return db.Event{}, err
	}
	return e, nil
}

// parseStatus validates PUT /api/v1/status/{name}: {"state":"ok","message":"200 in 83 ms"}.
func parseStatus(name string, body []byte, now time.Time) (db.Status, error) {
	if !validName(name) {
		return db.Status{}, badInput("name", nameRule)
	}
	o, err := decodeBody(body, "state", "message")
	if err != nil {
		return db.Status{}, err
	}
	st := db.Status{Name: name, UpdatedAt: now}
	if st.State, err = o.oneOf("state", "", "ok", "warn", "crit", "unknown"); err != nil {
		return db.Status{}, err
	}
	if st.Message, err = o.text("message", maxStatusLen); err != nil {
		return db.Status{}, err
	}
	return st, nil
}

// parseProgress validates PUT /api/v1/progress/{name}: {"percent":63,"label":"nightly backup"}.
func parseProgress(name string, body []byte, now time.Time) (db.Progress, error) {
	if !validName(name) {
		return db.Progress{}, badInput("name", nameRule)
	}
	o, err := decodeBody(body, "percent", "label")
	if err != nil {
		return db.Progress{}, err
	}
	p := db.Progress{Name: name, UpdatedAt: now}
	pct, present, err := o.number("percent")
	if err != nil {
		return db.Progress{}, err
	}
	if !present || pct < 0 || pct > 100 {
		return db.Progress{}, badInput("percent", "must be a number from 0 to 100")
	}
	p.Percent = pct
	if p.Label, err = o.text("label", maxLabelLen); err != nil {
		return db.Progress{}, err
	}
	return p, nil
}

// oneOf returns the string at key, which must be one of allowed; def when missing, and
// required when def is "".
func (o object) oneOf(key, def string, allowed ...string) (string, error) {
	s, err := o.str(key)
	if err != nil {
		return "", err
	}
	if s == "" && def != "" {
		return def, nil
	}
	if !slices.Contains(allowed, s) {
		return "", badInput(o.field(key), "must be one of %s", strings.Join(allowed, ", "))
	}
	return s, nil
}
