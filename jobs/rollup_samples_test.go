package jobs

import (
	"context"
	"testing"

	"wallboard/db"
)

func TestRollupSamples(t *testing.T) {
	ctx := context.Background()
	store := openStore(t)
	err := store.InsertSamples(ctx, []db.Sample{
		{Metric: "orders", TS: at(0, 10), Value: 1},
		{Metric: "orders", TS: at(0, 40), Value: 2},
		{Metric: "orders", TS: at(1, 5), Value: 4},
	})
	if err != nil {
		t.Fatalf("InsertSamples() error = %v", err)
	}
	if err := RollupSamples(store)(ctx); err != nil {
		t.Fatalf("RollupSamples() error = %v", err)
	}
	// Only rolled-up samples may be pruned, so this counts what the job folded in.
	if got, err := store.PruneSamples(ctx, at(60, 0)); got != 3 || err != nil {
		t.Errorf("PruneSamples() after the rollup = %d, %v, want 3, nil", got, err)
	}
	stats, err := store.MinuteStats(ctx, "orders", t0, at(60, 0))
	if err != nil {
		t.Fatalf("MinuteStats() error = %v", err)
	}
	if got, want := len(stats), 2; got != want {
		t.Fatalf("len(MinuteStats()) = %d, want %d", got, want)
	}
	if got, want := stats[0].Sum+stats[1].Sum, 7.0; got != want {
		t.Errorf("sum of rolled-up minutes = %v, want %v", got, want)
	}
	if err := RollupSamples(store)(ctx); err != nil {
		t.Errorf("RollupSamples() with nothing new error = %v, want nil", err)
	}
}

func TestRollupSamplesCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := RollupSamples(openStore(t))(ctx); err == nil {
		t.Errorf("RollupSamples() with a cancelled context error = nil, want an error")
	}
}
