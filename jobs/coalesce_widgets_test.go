package jobs

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"wallboard/app/config"
	"wallboard/db"
)

func TestCoalescerThrottlesBursts(t *testing.T) {
	store := openStore(t)
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		pub := &fakePublisher{}
		cfg := testConfig(
			config.Widget{ID: "signups", Kind: config.KindNumber, Metric: "signups"},
			config.Widget{ID: "orders", Kind: config.KindNumber, Metric: "orders"})
		c := NewCoalescer(cfg, store, pub, discardLogger())
		defer c.Close()
		if err := c.RecomputeAll(ctx); err != nil {
			t.Fatalf("RecomputeAll() error = %v", err)
		}
		push := func(v float64) {
			if err := store.InsertSamples(ctx, []db.Sample{{Metric: "signups", TS: time.Now(), Value: v}}); err != nil {
				t.Fatalf("InsertSamples() error = %v", err)
			}
			c.Changed(db.Changes{Metrics: []string{"signups"}})
		}

		time.Sleep(5 * time.Second)
		isolated := time.Now()
		push(1)
		synctest.Wait() // no bubble time passes: a publish now is a leading-edge publish
		calls := pub.of("signups")
		if got, want := len(calls), 2; got != want {
			t.Fatalf("publishes after an isolated change = %d, want %d", got, want)
		}
		if got := calls[1]; !got.at.Equal(isolated) || got.st.Value != 1 {
			t.Errorf("isolated publish = %v at %v, want 1 at %v", got.st.Value, got.at, isolated)
		}

		time.Sleep(5 * time.Second)
		burst := time.Now()
		push(101)
		synctest.Wait() // the leading edge has read 101
		for v := 102.0; v <= 150; v++ {
			push(v)
		}
		synctest.Wait()
		if got, want := len(pub.of("signups")), 3; got != want {
			t.Fatalf("publishes during a burst of 50 = %d, want %d", got, want)
		}
		time.Sleep(time.Second)
		synctest.Wait()
		calls = pub.of("signups")
		if got, want := len(calls), 4; got != want {
			t.Fatalf("publishes after the burst = %d, want %d", got, want)
		}
		if got := calls[2]; !got.at.Equal(burst) || got.st.Value != 101 {
			t.Errorf("leading publish = %v at %v, want 101 at %v", got.st.Value, got.at, burst)
		}
		if got, want := calls[3], burst.Add(time.Second); !got.at.Equal(want) || got.st.Value != 150 {
			t.Errorf("trailing publish = %v at %v, want 150 at %v", got.st.Value, got.at, want)
		}

		c.Changed(db.Changes{Metrics: []string{"signups"}}) // nothing new was written
		time.Sleep(10 * time.Second)
		synctest.Wait()
		if got, want := len(pub.of("signups")), 4; got != want {
			t.Errorf("publishes after an unchanged recompute = %d, want %d", got, want)
		}
		if got, want := len(pub.of("orders")), 1; got != want {
			t.Errorf("publishes of an unrelated widget = %d, want %d", got, want)
		}
	})
}

func TestCoalescerChangedFindsBoundWidgets(t *testing.T) {
	store := openStore(t)
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		pub := &fakePublisher{}
		cfg := testConfig(
			config.Widget{ID: "api", Kind: config.KindStatus, Checks: []string{"api"}},
			config.Widget{ID: "checks", Kind: config.KindStatus},
			config.Widget{ID: "deploys", Kind: config.KindLog, Stream: "deploys", Limit: 3},
			config.Widget{ID: "jobs", Kind: config.KindProgress},
			config.Widget{ID: "latency", Kind: config.KindChart, Metric: "latency_ms"})
		cfg.Boards = append(cfg.Boards, config.Board{Slug: "tv", Widgets: []config.Widget{cfg.Boards[0].Widgets[4]}})
		c := NewCoalescer(cfg, store, pub, discardLogger())
		defer c.Close()
		if err := c.RecomputeAll(ctx); err != nil {
			t.Fatalf("RecomputeAll() error = %v", err)
		}
		time.Sleep(5 * time.Second)
		before := pub.count()

		now := time.Now()
		store.UpsertStatus(ctx, db.Status{Name: "db", State: stateWarn, Message: "replication lag 14 s", UpdatedAt: now})
		store.InsertEvents(ctx, []db.Event{{Stream: "deploys", TS: now, Level: "info", Message: "web v142 live"}})
		store.UpsertProgress(ctx, db.Progress{Name: "backup", Percent: 12, UpdatedAt: now})
		store.InsertSamples(ctx, []db.Sample{{Metric: "latency_ms", TS: now, Value: 93}})
		c.Changed(db.Changes{Statuses: []string{"db"}, Streams: []string{"deploys"}, Progress: []string{"backup"},
			Metrics: []string{"latency_ms"}})
		synctest.Wait()

		for widget, want := range map[string]int{"api": 1, "checks": 2, "deploys": 2, "jobs": 2, "latency": 4} {
			if got := len(pub.of(widget)); got != want {
				t.Errorf("publishes of %s = %d, want %d", widget, got, want)
			}
		}
		if got, want := pub.count()-before, 5; got != want {
			t.Errorf("publishes after the change = %d, want %d", got, want)
		}
		if got := pub.of("checks")[1].st; got.State != stateWarn || len(got.Checks) != 1 {
			t.Errorf("checks state = %s with %d checks, want warn with 1", got.State, len(got.Checks))
		}
	})
}

func TestCoalescerRecomputeAll(t *testing.T) {
	ctx := context.Background()
	store := openStore(t)
	now := at(0, 30)
	store.InsertSamples(ctx, []db.Sample{{Metric: "orders", TS: at(0, 10), Value: 1}, {Metric: "orders", TS: at(0, 20), Value: 1}})
	store.UpsertStatus(ctx, db.Status{Name: "api", State: stateOK, Message: "200 in 83 ms", UpdatedAt: at(0, 5)})
	store.InsertEvents(ctx, []db.Event{{Stream: "deploys", TS: at(0, 1), Level: "warn", Message: "api v88 rolled back"}})
	store.UpsertProgress(ctx, db.Progress{Name: "backup", Percent: 40, UpdatedAt: at(0, 0)})
	pub := &fakePublisher{}
	cfg := testConfig(
		config.Widget{ID: "orders", Kind: config.KindNumber, Metric: "orders", Aggregate: aggSum},
		config.Widget{ID: "checks", Kind: config.KindStatus, Checks: []string{"api", "queue"}},
		config.Widget{ID: "deploys", Kind: config.KindLog, Stream: "deploys"},
		config.Widget{ID: "jobs", Kind: config.KindProgress},
		config.Widget{ID: "notice", Kind: config.KindText, Text: "Pizza at one"},
		config.Widget{ID: "clock", Kind: config.KindClock})
	c := NewCoalescer(cfg, store, pub, discardLogger())
	c.now = func() time.Time { return now }

	if err := c.RecomputeAll(ctx); err != nil {
		t.Fatalf("RecomputeAll() error = %v", err)
	}
	want := map[string]string{"orders": "ok", "checks": "unknown", "deploys": "warn", "jobs": "ok", "notice": "ok", "clock": "ok"}
	for widget, state := range want {
		calls := pub.of(widget)
		if len(calls) != 1 || calls[0].st.State != state {
			t.Errorf("publishes of %s = %+v, want one in state %s", widget, calls, state)
		}
	}
	if got := pub.of("orders")[0].st.Value; got != 2 {
		t.Errorf("orders value = %v, want 2", got)
	}
	if got, want := pub.of("clock")[0].st.Now, at(0, 0); !got.Equal(want) {
		t.Errorf("clock Now = %v, want %v", got, want)
	}

	if err := c.RecomputeAll(ctx); err != nil {
		t.Fatalf("RecomputeAll() again error = %v", err)
	}
	if err := c.Sweep(ctx); err != nil {
		t.Fatalf("Sweep() error = %v", err)
	}
	if got, want := pub.count(), len(want); got != want {
		t.Errorf("publishes after unchanged recomputes = %d, want %d", got, want)
	}

	saved, err := store.WidgetStates(ctx, "ops")
	if err != nil {
		t.Fatalf("WidgetStates() error = %v", err)
	}
	if got, want := len(saved), len(want); got != want {
		t.Fatalf("len(WidgetStates()) = %d, want %d", got, want)
	}
	for _, st := range saved {
		if got, want := st.Version, pub.of(st.Widget)[0].version; got != want {
			t.Errorf("saved version of %s = %d, want %d", st.Widget, got, want)
		}
	}
}

func TestCoalescerSweepTurnsWidgetStale(t *testing.T) {
	ctx := context.Background()
	store := openStore(t)
	now := at(0, 30)
	store.InsertSamples(ctx, []db.Sample{{Metric: "host.cpu", TS: now, Value: 42}})
	pub := &fakePublisher{}
	cfg := testConfig(
		config.Widget{ID: "cpu", Kind: config.KindGauge, Metric: "host.cpu", StaleAfter: config.Duration(2 * time.Minute)},
		config.Widget{ID: "clock", Kind: config.KindClock})
	c := NewCoalescer(cfg, store, pub, discardLogger())
	c.now = func() time.Time { return now }
	if err := c.RecomputeAll(ctx); err != nil {
		t.Fatalf("RecomputeAll() error = %v", err)
	}

	steps := []struct {
		name      string
		at        time.Time
		wantCPU   int
		wantClock int
	}{
		{"same minute", at(0, 59), 1, 1},
		{"window moved", at(2, 29), 1, 2},
		{"stale", at(2, 30), 2, 2},
		{"stays stale", at(2, 59), 2, 2},
	}
	for _, step := range steps {
		now = step.at
		if err := c.Sweep(ctx); err != nil {
			t.Fatalf("Sweep() at %s error = %v", step.name, err)
		}
		if got := len(pub.of("cpu")); got != step.wantCPU {
			t.Errorf("publishes of cpu after %s = %d, want %d", step.name, got, step.wantCPU)
		}
		if got := len(pub.of("clock")); got != step.wantClock {
			t.Errorf("publishes of clock after %s = %d, want %d", step.name, got, step.wantClock)
		}
	}
	calls := pub.of("cpu")
	if first := calls[0].st; first.Stale || !first.FreshUntil.Equal(at(2, 30)) {
		t.Errorf("first cpu state stale, fresh until = %v, %v, want false, %v", first.Stale, first.FreshUntil, at(2, 30))
	}
	if last := calls[len(calls)-1].st; !last.Stale || last.Value != 42 {
		t.Errorf("last cpu state stale, value = %v, %v, want true, 42", last.Stale, last.Value)
	}
}

func TestCoalescerCloseStopsTrailingPublish(t *testing.T) {
	store := openStore(t)
	synctest.Test(t, func(t *testing.T) {
		pub := &fakePublisher{}
		cfg := testConfig(config.Widget{ID: "signups", Kind: config.KindNumber, Metric: "signups"})
		c := NewCoalescer(cfg, store, pub, discardLogger())
		ctx := context.Background()
		if err := c.RecomputeAll(ctx); err != nil {
			t.Fatalf("RecomputeAll() error = %v", err)
		}
		store.InsertSamples(ctx, []db.Sample{{Metric: "signups", TS: time.Now(), Value: 1}})
		c.Changed(db.Changes{Metrics: []string{"signups"}}) // within MinInterval: a trailing edge
		c.Close()
		c.Changed(db.Changes{Metrics: []string{"signups"}})
		time.Sleep(5 * time.Second)
		synctest.Wait()
		if got, want := pub.count(), 1; got != want {
			t.Errorf("publishes after Close = %d, want %d", got, want)
		}
	})
}
