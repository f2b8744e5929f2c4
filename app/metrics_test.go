package app

import (
	"bufio"
	"net/http"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"wallboard/app/live"
	"wallboard/db"
)

// scrape reads /metrics from a running app and returns its series, parsed as Prometheus does.
func scrape(t *testing.T, addr string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return fams
}

// value returns the value of the series of family name whose labels include labels ("k=v"), or
// -1 if there is none.
func value(fams map[string]*dto.MetricFamily, name string, labels ...string) float64 {
	f := fams[name]
	if f == nil {
		return -1
	}
next:
	for _, m := range f.Metric {
		have := map[string]string{}
		for _, l := range m.Label {
			have[l.GetName()] = l.GetValue()
		}
		for _, kv := range labels {
			k, v, _ := strings.Cut(kv, "=")
			if have[k] != v {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue()
		case m.Gauge != nil:
			return m.Gauge.GetValue()
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount())
		}
	}
	return -1
}

// TestMetricsMove: the key series move as streams open and close and as pushes arrive.
func TestMetricsMove(t *testing.T) {
	ta := newTestApp(t, testConfig())
	addr := listen(t, ta, live.Options{Heartbeat: 50 * time.Millisecond})
	pub := NewPublisher(ta.cfg, ta.hub)
	pub.PublishWidget(db.WidgetState{Board: "ops", Widget: "signups", State: "ok", HasValue: true, Value: 1})

	m := scrape(t, addr)
	if got := value(m, "wallboard_streams_open", "board=ops"); got != 0 {
		t.Errorf("streams open before any = %v, want 0", got)
	}
	conn, code, _ := openStream(t, addr, "")
	if code != http.StatusOK {
		t.Fatalf("open stream = %d", code)
	}
	go func() { bufio.NewReader(conn).WriteTo(discardWriter{}) }()
	pub.PublishWidget(db.WidgetState{Board: "ops", Widget: "signups", State: "ok", HasValue: true, Value: 2})
	waitUntil(t, func() bool { return value(scrape(t, addr), "wallboard_delivery_lag_seconds") >= 1 })

	resp, err := http.Post("http://"+addr+"/api/v1/metrics", "application/json", strings.NewReader(`{"metrics":[]}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	req, _ := http.NewRequest("POST", "http://"+addr+"/api/v1/metrics", strings.NewReader(`{"metrics":[{"name":"a","value":1},{"name":"b","value":2}]}`))
	req.Header.Set("Authorization", "Bearer "+ta.token)
	req.Header.Set("Content-Type", "application/json")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
		t.Fatalf("push = %v, %v", resp, err)
	}

	m = scrape(t, addr)
	for _, c := range []struct {
		name   string
		labels []string
		want   float64
	}{
		{"wallboard_streams_open", []string{"board=ops"}, 1},
		{"wallboard_stream_opens_total", []string{"first=snapshot"}, 1},
		{"wallboard_stream_opens_total", []string{"first=catch_up"}, 0},
		{"wallboard_ingested_total", []string{"kind=samples"}, 2},
		{"wallboard_ingest_rejected_total", []string{"reason=unauthorized"}, 1},
		{"wallboard_http_requests_total", []string{"route=/api/v1/metrics", "status=200"}, 1},
		{"wallboard_http_requests_total", []string{"route=/api/v1/metrics", "status=401"}, 1},
	} {
		if got := value(m, c.name, c.labels...); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	if got := value(m, "wallboard_stream_messages_total"); got < 2 {
		t.Errorf("stream messages = %v, want at least the snapshot and the change", got)
	}

	conn.Close()
	waitUntil(t, func() bool { return value(scrape(t, addr), "wallboard_streams_open", "board=ops") == 0 })
}

type discardWriter struct{}

func (discardWriter) Write(p []byte) (int, error) { return len(p), nil }
