package app

import (
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"
)

// samplesJSON is a metrics body with n valid samples.
func samplesJSON(n int) string {
	items := make([]string, n)
	for i := range items {
		items[i] = fmt.Sprintf(`{"name":"m%d","value":%d}`, i%7, i)
	}
	return `{"metrics":[` + strings.Join(items, ",") + `]}`
}

func TestPushRejectsBadInput(t *testing.T) {
	ta := newTestApp(t, testConfig())
	const good = `{"metrics":[{"name":"signups","value":3}]}`
	long := func(n int) string { return strings.Repeat("x", n) }
	tests := []struct {
		name, method, path, auth, body string
		status                         int
		field                          string
	}{
		{"no token", "POST", "/api/v1/metrics", "", good, 401, ""},
		{"wrong token", "POST", "/api/v1/metrics", "Bearer wb_wrong", good, 401, ""},
		{"other scheme", "POST", "/api/v1/metrics", "Basic dXNlcjpwYXNz", good, 401, ""},
		{"empty bearer", "POST", "/api/v1/metrics", "Bearer ", good, 401, ""},
		{"malformed json", "POST", "/api/v1/metrics", "ok", `{"metrics":[`, 400, ""},
		{"empty body", "POST", "/api/v1/metrics", "ok", ``, 400, ""},
		{"body not an object", "POST", "/api/v1/metrics", "ok", `[1,2]`, 400, ""},
		{"unknown top field", "POST", "/api/v1/metrics", "ok", `{"metrics":[],"extra":1}`, 400, "extra"},
		{"metrics missing", "POST", "/api/v1/metrics", "ok", `{}`, 400, "metrics"},
		{"metrics not an array", "POST", "/api/v1/metrics", "ok", `{"metrics":{"name":"a"}}`, 400, "metrics"},
		{"no samples", "POST", "/api/v1/metrics", "ok", `{"metrics":[]}`, 400, "metrics"},
		{"sample not an object", "POST", "/api/v1/metrics", "ok", `{"metrics":[{"name":"a","value":1},7]}`, 400, "metrics[1]"},
		{"unknown sample field", "POST", "/api/v1/metrics", "ok", `{"metrics":[{"name":"a","value":1,"unit":"ms"}]}`, 400, "metrics[0].unit"},
		{"name of wrong type", "POST", "/api/v1/metrics", "ok",
			`{"metrics":[{"name":"a","value":1},{"name":"b","value":2},{"name":"c","value":3},{"name":5,"value":4}]}`, 400, "metrics[3].name"},
		{"value as string", "POST", "/api/v1/metrics", "ok", `{"metrics":[{"name":"a","value":"3"}]}`, 400, "metrics[0].value"},
		{"value NaN", "POST", "/api/v1/metrics", "ok", `{"metrics":[{"name":"a","value":1},{"name":"a","value":"NaN"}]}`, 400, "metrics[1].value"},
		{"value Inf", "POST", "/api/v1/metrics", "ok", `{"metrics":[{"name":"a","value":"Inf"}]}`, 400, "metrics[0].value"},
		{"value overflows", "POST", "/api/v1/metrics", "ok", `{"metrics":[{"name":"a","value":1e999}]}`, 400, "metrics[0].value"},
		{"value missing", "POST", "/api/v1/metrics", "ok", `{"metrics":[{"name":"a"}]}`, 400, "metrics[0].value"},
		{"value null", "POST", "/api/v1/metrics", "ok", `{"metrics":[{"name":"a","value":null}]}`, 400, "metrics[0].value"},
		{"name with space", "POST", "/api/v1/metrics", "ok", `{"metrics":[{"name":"sign ups","value":1}]}`, 400, "metrics[0].name"},
		{"name with slash", "POST", "/api/v1/metrics", "ok", `{"metrics":[{"name":"a/b","value":1}]}`, 400, "metrics[0].name"},
		{"name starting with dash", "POST", "/api/v1/metrics", "ok", `{"metrics":[{"name":"-a","value":1}]}`, 400, "metrics[0].name"},
		{"name too long", "POST", "/api/v1/metrics", "ok", `{"metrics":[{"name":"` + long(129) + `","value":1}]}`, 400, "metrics[0].name"},
		{"ts far in the future", "POST", "/api/v1/metrics", "ok", `{"metrics":[{"name":"a","value":1,"ts":"2026-11-23T10:06:00Z"}]}`, 400, "metrics[0].ts"},
		{"ts older than retention", "POST", "/api/v1/metrics", "ok", `{"metrics":[{"name":"a","value":1,"ts":"2026-11-20T10:00:00Z"}]}`, 400, "metrics[0].ts"},
		{"ts not rfc 3339", "POST", "/api/v1/metrics", "ok", `{"metrics":[{"name":"a","value":1,"ts":"yesterday"}]}`, 400, "metrics[0].ts"},
		{"too many samples", "POST", "/api/v1/metrics", "ok", samplesJSON(10001), 400, "metrics"},
		{"event without stream", "POST", "/api/v1/events", "ok", `{"message":"hi"}`, 400, "stream"},
		{"event with bad level", "POST", "/api/v1/events", "ok", `{"stream":"d","level":"debug","message":"hi"}`, 400, "level"},
		{"event without message", "POST", "/api/v1/events", "ok", `{"stream":"d"}`, 400, "message"},
		{"event message too long", "POST", "/api/v1/events", "ok", `{"stream":"d","message":"` + long(1001) + `"}`, 400, "message"},
		{"event unknown field", "POST", "/api/v1/events", "ok", `{"stream":"d","message":"hi","tags":[]}`, 400, "tags"},
		{"status unknown state", "PUT", "/api/v1/status/api", "ok", `{"state":"great"}`, 400, "state"},
		{"status without state", "PUT", "/api/v1/status/api", "ok", `{"message":"fine"}`, 400, "state"},
		{"status message too long", "PUT", "/api/v1/status/api", "ok", `{"state":"ok","message":"` + long(501) + `"}`, 400, "message"},
		{"status bad name", "PUT", "/api/v1/status/-api", "ok", `{"state":"ok"}`, 400, "name"},
		{"status escaped name", "PUT", "/api/v1/status/a%20b", "ok", `{"state":"ok"}`, 400, "name"},
		{"percent above 100", "PUT", "/api/v1/progress/backup", "ok", `{"percent":101}`, 400, "percent"},
		{"percent below 0", "PUT", "/api/v1/progress/backup", "ok", `{"percent":-0.5}`, 400, "percent"},
		{"percent as string", "PUT", "/api/v1/progress/backup", "ok", `{"percent":"50"}`, 400, "percent"},
		{"percent missing", "PUT", "/api/v1/progress/backup", "ok", `{"label":"x"}`, 400, "percent"},
		{"label too long", "PUT", "/api/v1/progress/backup", "ok", `{"percent":5,"label":"` + long(201) + `"}`, 400, "label"},
		{"unknown route", "POST", "/api/v1/nothing", "ok", good, 404, ""},
		{"wrong method", "GET", "/api/v1/metrics", "ok", "", 405, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var header []string
			switch tt.auth {
			case "ok":
				header = []string{"Authorization", "Bearer " + ta.token}
			case "":
			default:
				header = []string{"Authorization", tt.auth}
			}
			resp, body := ta.do(t, tt.method, tt.path, tt.body, header...)
			if got := resp.StatusCode; got != tt.status {
				t.Fatalf("status = %d, want %d (body %s)", got, tt.status, body)
			}
			e := apiError(t, body)
			if e.Field != tt.field {
				t.Errorf("field = %q, want %q (error %q)", e.Field, tt.field, e.Error)
			}
			if e.Error == "" {
				t.Errorf("error message is empty")
			}
			if got := resp.Header.Get("Content-Type"); !strings.HasPrefix(got, "application/json") {
				t.Errorf("Content-Type = %q, want application/json", got)
			}
			if got := ta.rows(t); got != 0 {
				t.Errorf("rows stored = %d, want 0", got)
			}
		})
	}
	if got := len(ta.notify.all()); got != 0 {
		t.Errorf("notices = %d, want 0", got)
	}
}

func TestPushUnauthorizedAsksForBearer(t *testing.T) {
	ta := newTestApp(t, testConfig())
	resp, _ := ta.do(t, "POST", "/api/v1/metrics", `{"metrics":[{"name":"a","value":1}]}`)
	if got, want := resp.Header.Get("WWW-Authenticate"), "Bearer"; got != want {
		t.Errorf("WWW-Authenticate = %q, want %q", got, want)
	}
}

func TestPushRefusesEncodedBody(t *testing.T) {
	ta := newTestApp(t, testConfig())
	resp, body := ta.do(t, "POST", "/api/v1/metrics", "\x1f\x8b", "Authorization", "Bearer "+ta.token, "Content-Encoding", "gzip")
	if got, want := resp.StatusCode, http.StatusUnsupportedMediaType; got != want {
		t.Errorf("status = %d, want %d (body %s)", got, want, body)
	}
	if got := ta.rows(t); got != 0 {
		t.Errorf("rows stored = %d, want 0", got)
	}
}

func TestPushStoreFailureIsLoggedOnce(t *testing.T) {
	ta := newTestApp(t, testConfig())
	var logged strings.Builder
	ta.app = New(Deps{Store: ta.store, Config: ta.cfg, Hub: ta.hub, Notify: ta.notify,
		Log: slog.New(slog.NewTextHandler(&logged, nil)), Now: func() time.Time { return testNow }})
	ta.store.Close() // every query fails now, the token check first

	resp, body := ta.do(t, "POST", "/api/v1/metrics", `{"metrics":[{"name":"a","value":1}]}`,
		"Authorization", "Bearer "+ta.token)
	if resp.StatusCode != http.StatusInternalServerError {
		t.Fatalf("status = %d, want 500 (body %s)", resp.StatusCode, body)
	}
	if e := apiError(t, body); e.Error != "internal server error" {
		t.Errorf("error = %q, want a message that leaks nothing", e.Error)
	}
	if got := strings.Count(logged.String(), "request failed"); got != 1 {
		t.Errorf("logged %d failures, want 1:\n%s", got, logged.String())
	}
	if got := len(ta.notify.all()); got != 0 {
		t.Errorf("notices = %d, want 0", got)
	}
}
