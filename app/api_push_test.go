package app

import (
	"context"
	"slices"
	"testing"
	"time"

	"wallboard/db"
)

func TestPushMetricsStoresAndNotifies(t *testing.T) {
	ta := newTestApp(t, testConfig())
	body := `{"metrics":[{"name":"signups","value":3,"ts":"2026-11-23T09:58:00Z"},
		{"name":"orders","value":1.5},{"name":"signups","value":4,"ts":"2026-11-23T09:59:00+01:00"}]}`
	resp, got := ta.push(t, "POST", "/api/v1/metrics", body)
	if resp.StatusCode != 200 || got != `{"stored":3}` {
		t.Fatalf("POST /api/v1/metrics = %d %s, want 200 {\"stored\":3}", resp.StatusCode, got)
	}
	ctx := context.Background()
	s, err := ta.store.LastSample(ctx, "signups", testNow)
	if err != nil {
		t.Fatalf("LastSample(signups) error = %v", err)
	}
	if want := time.Date(2026, 11, 23, 9, 58, 0, 0, time.UTC); s.Value != 3 || !s.TS.Equal(want) {
		t.Errorf("LastSample(signups) = %v at %v, want 3 at %v", s.Value, s.TS, want)
	}
	s, err = ta.store.LastSample(ctx, "orders", testNow)
	if err != nil || s.Value != 1.5 || !s.TS.Equal(testNow) {
		t.Errorf("LastSample(orders) = %v at %v (%v), want 1.5 at now", s.Value, s.TS, err)
	}
	if got := ta.rows(t); got != 3 {
		t.Errorf("rows stored = %d, want 3", got)
	}
	notes := ta.notify.all()
	if len(notes) != 1 || !slices.Equal(notes[0].Metrics, []string{"signups", "orders"}) {
		t.Errorf("notices = %+v, want one naming signups and orders", notes)
	}
}

func TestPushMetricsAcceptsLargeBatch(t *testing.T) {
	ta := newTestApp(t, testConfig())
	resp, body := ta.push(t, "POST", "/api/v1/metrics", samplesJSON(1000))
	if resp.StatusCode != 200 || body != `{"stored":1000}` {
		t.Fatalf("POST 1,000 samples = %d %s, want 200 {\"stored\":1000}", resp.StatusCode, body)
	}
	if got := ta.rows(t); got != 1000 {
		t.Errorf("rows stored = %d, want 1000", got)
	}
	if got := ta.notify.all(); len(got) != 1 || len(got[0].Metrics) != 7 {
		t.Errorf("notices = %+v, want one naming the 7 metrics once each", got)
	}
}

func TestPushOneRecord(t *testing.T) {
	tests := []struct {
		name, method, path, body string
		check                    func(t *testing.T, ta *testApp)
		want                     db.Changes
	}{
		{"event", "POST", "/api/v1/events", `{"stream":"deploys","level":"ok","message":"web v42 live"}`,
			checkEvent, db.Changes{Streams: []string{"deploys"}}},
		{"status", "PUT", "/api/v1/status/api", `{"state":"warn","message":"200 in 830 ms"}`,
			checkStatus, db.Changes{Statuses: []string{"api"}}},
		{"progress", "PUT", "/api/v1/progress/backup", `{"percent":63,"label":"nightly backup"}`,
			checkProgress, db.Changes{Progress: []string{"backup"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ta := newTestApp(t, testConfig())
			resp, body := ta.push(t, tt.method, tt.path, tt.body)
			if resp.StatusCode != 200 || body != `{"stored":1}` {
				t.Fatalf("%s %s = %d %s, want 200 {\"stored\":1}", tt.method, tt.path, resp.StatusCode, body)
			}
			tt.check(t, ta)
			notes := ta.notify.all()
			if len(notes) != 1 || !sameChanges(notes[0], tt.want) {
				t.Errorf("notices = %+v, want [%+v]", notes, tt.want)
			}
		})
	}
}

func checkEvent(t *testing.T, ta *testApp) {
	events, err := ta.store.LatestEvents(context.Background(), "deploys", 10)
	if err != nil || len(events) != 1 {
		t.Fatalf("LatestEvents(deploys) = %v, %v; want one event", events, err)
	}
	if e := events[0]; e.Level != "ok" || e.Message != "web v42 live" || !e.TS.Equal(testNow) {
		t.Errorf("event = %+v, want ok \"web v42 live\" at now", e)
	}
}

func checkStatus(t *testing.T, ta *testApp) {
	st, err := ta.store.Statuses(context.Background(), []string{"api"})
	if err != nil || len(st) != 1 {
		t.Fatalf("Statuses(api) = %v, %v; want one", st, err)
	}
	if st[0].State != "warn" || st[0].Message != "200 in 830 ms" || !st[0].Since.Equal(testNow) {
		t.Errorf("status = %+v, want warn since now", st[0])
	}
}

func checkProgress(t *testing.T, ta *testApp) {
	p, err := ta.store.ProgressList(context.Background(), []string{"backup"})
	if err != nil || len(p) != 1 {
		t.Fatalf("ProgressList(backup) = %v, %v; want one", p, err)
	}
	if p[0].Percent != 63 || p[0].Label != "nightly backup" {
		t.Errorf("progress = %+v, want 63 nightly backup", p[0])
	}
}

func sameChanges(a, b db.Changes) bool {
	return slices.Equal(a.Metrics, b.Metrics) && slices.Equal(a.Streams, b.Streams) &&
		slices.Equal(a.Statuses, b.Statuses) && slices.Equal(a.Progress, b.Progress)
}
