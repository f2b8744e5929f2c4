package jobs

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"wallboard/db"
)

// demoRun is a demo source on a clock the test moves.
type demoRun struct {
	now    time.Time
	job    func(context.Context) error
	notify *recordingNotifier
}

func newDemoRun(store *db.Store, prefix string, start time.Time, seed uint64) *demoRun {
	r := &demoRun{now: start, notify: &recordingNotifier{}}
	r.job = DemoSource(store, r.notify, prefix, func() time.Time { return r.now }, rand.New(rand.NewPCG(seed, 7)))
	return r
}

func (r *demoRun) step(t *testing.T) {
	t.Helper()
	if err := r.job(context.Background()); err != nil {
		t.Fatalf("DemoSource() run at %v error = %v", r.now, err)
	}
	r.now = r.now.Add(2 * time.Second)
}

func TestDemoSourceFirstRunFillsTheBoard(t *testing.T) {
	ctx := context.Background()
	store := openStore(t)
	start := time.Date(2026, 11, 23, 11, 0, 1, 0, time.UTC)
	run := newDemoRun(store, "", start, 1)
	run.step(t)

	ch := run.notify.last()
	for _, m := range []string{"revenue", "orders", "signups", "active_users", "latency_ms", "error_rate"} {
		if !slices.Contains(ch.Metrics, m) {
			t.Errorf("Changed().Metrics = %v, want it to hold %s", ch.Metrics, m)
		}
		stats, err := store.MinuteStats(ctx, m, start.Add(-time.Hour), start.Add(time.Minute))
		if err != nil {
			t.Fatalf("MinuteStats(%s) error = %v", m, err)
		}
		if got := len(stats); got < 55 {
			t.Errorf("minutes of %s history = %d, want about 60", m, got)
		}
	}
	if got, want := ch.Streams, []string{"deploys"}; !slices.Equal(got, want) {
		t.Errorf("Changed().Streams = %v, want %v", got, want)
	}
	if got, want := ch.Statuses, []string{"api", "db", "queue", "cdn"}; !slices.Equal(got, want) {
		t.Errorf("Changed().Statuses = %v, want %v", got, want)
	}
	if got, want := ch.Progress, []string{"backup", "reindex"}; !slices.Equal(got, want) {
		t.Errorf("Changed().Progress = %v, want %v", got, want)
	}
	events, err := store.LatestEvents(ctx, "deploys", 10)
	if err != nil || len(events) != 2 {
		t.Errorf("LatestEvents(deploys) = %v, %v, want the two seeded deploys", events, err)
	}
	progress, err := store.ProgressList(ctx, nil)
	if err != nil || len(progress) != 2 || progress[0].Percent <= 0 {
		t.Errorf("ProgressList() = %v, %v, want two jobs under way", progress, err)
	}
}

func TestDemoSourceStaysBelievable(t *testing.T) {
	ctx := context.Background()
	store := openStore(t)
	start := time.Date(2026, 11, 23, 14, 30, 0, 0, time.UTC)
	run := newDemoRun(store, "demo.", start, 2)
	var backupPeak, backupAfterPeak float64
	states := map[string]bool{}
	for range 450 { // 15 minutes
		run.step(t)
		progress, err := store.ProgressList(ctx, []string{"demo.backup"})
		if err != nil || len(progress) != 1 {
			t.Fatalf("ProgressList() = %v, %v", progress, err)
		}
		if p := progress[0].Percent; backupPeak < 100 {
			backupPeak = max(backupPeak, p)
		} else if p < 100 {
			backupAfterPeak = max(backupAfterPeak, p)
		}
		statuses, _ := store.Statuses(ctx, nil)
		for _, s := range statuses {
			states[s.State] = true
		}
	}
	ranges := []struct {
		metric string
		lo, hi float64
	}{
		{"demo.active_users", 280, 920},
		{"demo.latency_ms", 72, 650},
		{"demo.error_rate", 0.2, 6.5},
		{"demo.orders", 1, 1},
		{"demo.revenue", 4.9, 2000},
	}
	for _, r := range ranges {
		stats, err := store.MinuteStats(ctx, r.metric, start.Add(-2*time.Hour), run.now.Add(time.Minute))
		if err != nil {
			t.Fatalf("MinuteStats(%s) error = %v", r.metric, err)
		}
		lo, _ := aggregate(stats, aggMin, time.Hour, time.Minute)
		hi, _ := aggregate(stats, aggMax, time.Hour, time.Minute)
		if lo < r.lo || hi > r.hi {
			t.Errorf("%s ranges over %v..%v, want within %v..%v", r.metric, lo, hi, r.lo, r.hi)
		}
	}
	if backupPeak != 100 || backupAfterPeak <= 0 {
		t.Errorf("backup peaked at %v and then reached %v, want 100 and a new run", backupPeak, backupAfterPeak)
	}
	if !states[stateOK] || !(states[stateWarn] || states[stateCrit]) {
		t.Errorf("check states seen = %v, want ok and some incident", states)
	}
	events, err := store.LatestEvents(ctx, "deploys", 50)
	if err != nil || len(events) < 4 {
		t.Errorf("deploys after 15 minutes = %d, %v, want the 2 seeded and a few more", len(events), err)
	}
}

func TestDemoSourceRestartDoesNotBackfillAgain(t *testing.T) {
	ctx := context.Background()
	store := openStore(t)
	start := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	newDemoRun(store, "", start, 3).step(t)
	restart := newDemoRun(store, "", start.Add(10*time.Minute), 4)
	restart.step(t)

	stats, err := store.MinuteStats(ctx, "active_users", start.Add(-2*time.Hour), start.Add(time.Hour))
	if err != nil {
		t.Fatalf("MinuteStats() error = %v", err)
	}
	count, _ := aggregate(stats, aggCount, time.Hour, time.Minute)
	if got, want := count, 122.0; got != want { // 120 backfilled within the span, one per run
		t.Errorf("active_users samples = %v, want %v", got, want)
	}
	events, _ := store.LatestEvents(ctx, "deploys", 50)
	if got, want := len(events), 2; got != want {
		t.Errorf("deploy events = %d, want %d", got, want)
	}
}

// TestDemoSourceYieldsToPushes: a status or progress entry pushed through the API stays as
// pushed for demoYield, then the demo takes it back.
func TestDemoSourceYieldsToPushes(t *testing.T) {
	ctx := context.Background()
	store := openStore(t)
	start := time.Date(2026, 11, 23, 11, 0, 1, 0, time.UTC)
	run := newDemoRun(store, "", start, 1)
	run.step(t)
	pushed := db.Status{Name: "api", State: "crit", Message: "pushed", UpdatedAt: run.now, Source: "api"}
	if err := store.UpsertStatus(ctx, pushed); err != nil {
		t.Fatal(err)
	}
	if err := store.UpsertProgress(ctx, db.Progress{Name: "backup", Percent: 63, Label: "pushed", UpdatedAt: run.now, Source: "api"}); err != nil {
		t.Fatal(err)
	}
	message := func() (string, string) {
		t.Helper()
		st, err := store.Statuses(ctx, []string{"api"})
		if err != nil || len(st) != 1 {
			t.Fatalf("Statuses(api) = %v, %v", st, err)
		}
		p, err := store.ProgressList(ctx, []string{"backup"})
		if err != nil || len(p) != 1 {
			t.Fatalf("ProgressList(backup) = %v, %v", p, err)
		}
		return st[0].Message, p[0].Label
	}
	run.step(t)
	if st, p := message(); st != "pushed" || p != "pushed" {
		t.Errorf("after a demo run: status %q, progress %q, want both still %q", st, p, "pushed")
	}
	if slices.Contains(run.notify.last().Statuses, "api") {
		t.Errorf("Changed().Statuses = %v, want no api while yielding", run.notify.last().Statuses)
	}
	run.now = run.now.Add(demoYield)
	run.step(t)
	if st, p := message(); st == "pushed" || p == "pushed" {
		t.Errorf("after %v: status %q, progress %q, want the demo's own values back", demoYield, st, p)
	}
}
