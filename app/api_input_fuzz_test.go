package app

import (
	"errors"
	"math"
	"testing"
	"time"
)

// fuzzAge is the samples retention the fuzz targets check against.
const fuzzAge = 48 * time.Hour

// checkRefusal fails unless err is nil or an *inputError naming what is wrong.
func checkRefusal(t *testing.T, err error) bool {
	t.Helper()
	if err == nil {
		return false
	}
	var in *inputError
	if !errors.As(err, &in) || in.Msg == "" {
		t.Fatalf("error %v (%T) is not an *inputError with a message", err, err)
	}
	return true
}

// checkTime fails unless ts is within the accepted range around testNow.
func checkTime(t *testing.T, ts time.Time) {
	t.Helper()
	if ts.After(testNow.Add(MaxFutureSkew)) || ts.Before(testNow.Add(-fuzzAge)) {
		t.Fatalf("accepted ts %v, outside [now-%v, now+%v]", ts, fuzzAge, MaxFutureSkew)
	}
}

func FuzzParseMetrics(f *testing.F) {
	for _, s := range []string{
		`{"metrics":[{"name":"signups","value":3}]}`,
		`{"metrics":[{"name":"a.b:c-d_e","value":-1.5e3,"ts":"2026-11-23T09:00:00Z"}]}`,
		`{"metrics":[{"name":"a","value":1e999}]}`,
		`{"metrics":[{"name":"a","value":"NaN"},{"name":null}]}`,
		`{"metrics":null,"x":{}}`, `[]`, `null`, ``, `{"metrics":[{}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		samples, err := parseMetrics(body, testNow, fuzzAge)
		if checkRefusal(t, err) {
			return
		}
		if len(samples) == 0 || len(samples) > MaxSamplesPerRequest {
			t.Fatalf("accepted %d samples", len(samples))
		}
		for _, s := range samples {
			if !validName(s.Metric) || math.IsNaN(s.Value) || math.IsInf(s.Value, 0) {
				t.Fatalf("accepted sample %+v", s)
			}
			checkTime(t, s.TS)
		}
	})
}

func FuzzParseEvent(f *testing.F) {
	for _, s := range []string{
		`{"stream":"deploys","level":"info","message":"web v42 live"}`,
		`{"stream":"d","message":"x","ts":"2026-11-23T10:04:59+00:00"}`,
		`{"stream":"d","level":"crit","message":"  "}`, `{"stream":1}`, `{`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		e, err := parseEvent(body, testNow, fuzzAge)
		if checkRefusal(t, err) {
			return
		}
		if !validName(e.Stream) || e.Message == "" || len([]rune(e.Message)) > maxEventLen {
			t.Fatalf("accepted event %+v", e)
		}
		if e.Level != "info" && e.Level != "ok" && e.Level != "warn" && e.Level != "crit" {
			t.Fatalf("accepted level %q", e.Level)
		}
		checkTime(t, e.TS)
	})
}

func FuzzParseStatus(f *testing.F) {
	f.Add("api", []byte(`{"state":"ok","message":"200 in 83 ms"}`))
	f.Add("-x", []byte(`{"state":"great"}`))
	f.Add("db", []byte(`{"state":"crit","message":null,"extra":1}`))
	f.Fuzz(func(t *testing.T, name string, body []byte) {
		st, err := parseStatus(name, body, testNow)
		if checkRefusal(t, err) {
			return
		}
		if !validName(st.Name) || len([]rune(st.Message)) > maxStatusLen {
			t.Fatalf("accepted status %+v", st)
		}
		if st.State != "ok" && st.State != "warn" && st.State != "crit" && st.State != "unknown" {
			t.Fatalf("accepted state %q", st.State)
		}
	})
}

func FuzzParseProgress(f *testing.F) {
	f.Add("backup", []byte(`{"percent":63,"label":"nightly backup"}`))
	f.Add("backup", []byte(`{"percent":100.0000001}`))
	f.Add("x", []byte(`{"percent":"50"}`))
	f.Fuzz(func(t *testing.T, name string, body []byte) {
		p, err := parseProgress(name, body, testNow)
		if checkRefusal(t, err) {
			return
		}
		if !validName(p.Name) || !(p.Percent >= 0 && p.Percent <= 100) || len([]rune(p.Label)) > maxLabelLen {
			t.Fatalf("accepted progress %+v", p)
		}
	})
}
