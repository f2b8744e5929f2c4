package jobs

import (
	"context"
	"errors"
	"testing"
	"time"

	"wallboard/app/config"
	"wallboard/db"
)

const day = 24 * time.Hour

// seedAges writes a sample, an event and a job run at each age before t0, and rolls the samples up.
func seedAges(t *testing.T, store *db.Store, ages ...time.Duration) {
	t.Helper()
	ctx := context.Background()
	for _, age := range ages {
		ts := t0.Add(-age)
		if err := store.InsertSamples(ctx, []db.Sample{{Metric: "orders", TS: ts, Value: 1}}); err != nil {
			t.Fatalf("InsertSamples() error = %v", err)
		}
		if err := store.InsertEvents(ctx, []db.Event{{Stream: "deploys", TS: ts, Level: "info", Message: "web v1 live"}}); err != nil {
			t.Fatalf("InsertEvents() error = %v", err)
		}
		if err := store.RecordJobRun(ctx, db.JobRun{Job: "demo", StartedAt: ts}); err != nil {
			t.Fatalf("RecordJobRun() error = %v", err)
		}
	}
	if _, err := store.RollupSamples(ctx); err != nil {
		t.Fatalf("RollupSamples() error = %v", err)
	}
}

// remaining counts what is left: raw samples, rolled-up minutes, events and job runs.
func remaining(t *testing.T, store *db.Store) [4]int {
	t.Helper()
	ctx := context.Background()
	var got [4]int
	// Raw samples: walk back through LastSample, one at a time.
	for at := t0; ; {
		s, err := store.LastSample(ctx, "orders", at)
		if errors.Is(err, db.ErrNotFound) {
			break
		}
		if err != nil {
			t.Fatalf("LastSample() error = %v", err)
		}
		got[0]++
		at = s.TS.Add(-time.Millisecond)
	}
	stats, err := store.MinuteStats(ctx, "orders", t0.Add(-1000*day), t0.Add(time.Minute))
	events, err2 := store.LatestEvents(ctx, "deploys", 100)
	runs, err3 := store.JobRuns(ctx, "demo", 100)
	if err := errors.Join(err, err2, err3); err != nil {
		t.Fatalf("reading what is left: %v", err)
	}
	got[1], got[2], got[3] = len(stats), len(events), len(runs)
	return got
}

func TestPruneData(t *testing.T) {
	defaults := config.Retention{
		Samples: config.Duration(48 * time.Hour),
		Rollups: config.Duration(90 * day),
		Events:  config.Duration(30 * day),
		JobRuns: config.Duration(7 * day),
	}
	ages := []time.Duration{time.Hour, 3 * day, 10 * day, 40 * day, 100 * day}
	tests := []struct {
		name string
		ret  config.Retention
		want [4]int // samples, rollups, events, job runs
	}{
		{"defaults", defaults, [4]int{1, 4, 3, 2}},
		{"zero keeps everything", config.Retention{}, [4]int{5, 5, 5, 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := openStore(t)
			seedAges(t, store, ages...)
			job := pruneData(store, tt.ret, func() time.Time { return t0 })
			if err := job(context.Background()); err != nil {
				t.Fatalf("PruneData() error = %v", err)
			}
			if got := remaining(t, store); got != tt.want {
				t.Errorf("left after PruneData() = %v, want %v", got, tt.want)
			}
		})
	}
}
