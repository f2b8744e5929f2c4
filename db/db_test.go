package db_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"wallboard/db"
)

func openStore(t *testing.T) *db.Store {
	t.Helper()
	s, err := db.Open(context.Background(), filepath.Join(t.TempDir(), "wallboard.db"))
	if err != nil {
		t.Fatalf("Open() error = %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

var t0 = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func TestOpenUsesWAL(t *testing.T) {
	s := openStore(t)
	mode, err := s.JournalMode(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if mode != "wal" {
		t.Errorf("JournalMode() = %q, want wal", mode)
	}
}

func TestOpenTwiceMigratesOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "wallboard.db")
	for range 2 {
		s, err := db.Open(context.Background(), path)
		if err != nil {
			t.Fatalf("Open() error = %v", err)
		}
		s.Close()
	}
}

func TestOpenPathWithQuestionMark(t *testing.T) {
	path := filepath.Join(t.TempDir(), "odd?name#.db")
	s, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open(%q) error = %v", path, err)
	}
	s.Close()
	if _, err := filepath.Glob(path); err != nil {
		t.Fatal(err)
	}
}

func TestLastSample(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	if _, err := s.LastSample(ctx, "signups", t0); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("LastSample() on empty store error = %v, want ErrNotFound", err)
	}
	err := s.InsertSamples(ctx, []db.Sample{
		{Metric: "signups", TS: t0.Add(-2 * time.Minute), Value: 1},
		{Metric: "signups", TS: t0.Add(-time.Minute), Value: 2},
		{Metric: "signups", TS: t0.Add(time.Minute), Value: 3},
		{Metric: "orders", TS: t0, Value: 9},
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.LastSample(ctx, "signups", t0)
	if err != nil {
		t.Fatal(err)
	}
	if got.Value != 2 || !got.TS.Equal(t0.Add(-time.Minute)) {
		t.Errorf("LastSample() = %v at %v, want 2 at %v", got.Value, got.TS, t0.Add(-time.Minute))
	}
}

func TestMinuteStatsMergesRollupsAndNewSamples(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	insert := func(sec int, v float64) {
		t.Helper()
		if err := s.InsertSamples(ctx, []db.Sample{{Metric: "m", TS: t0.Add(time.Duration(sec) * time.Second), Value: v}}); err != nil {
			t.Fatal(err)
		}
	}
	insert(10, 5)
	insert(20, 1)
	insert(70, 7)
	if _, err := s.RollupSamples(ctx); err != nil {
		t.Fatal(err)
	}
	insert(30, 4)  // same minute as rolled-up samples, after the rollup ran
	insert(130, 2) // a minute the rollup has never seen
	check := func(stage string) {
		t.Helper()
		got, err := s.MinuteStats(ctx, "m", t0, t0.Add(3*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		want := []db.MinuteStat{
			{Minute: t0, Count: 3, Sum: 10, Min: 1, Max: 5, Last: 4, LastTS: t0.Add(30 * time.Second)},
			{Minute: t0.Add(time.Minute), Count: 1, Sum: 7, Min: 7, Max: 7, Last: 7, LastTS: t0.Add(70 * time.Second)},
			{Minute: t0.Add(2 * time.Minute), Count: 1, Sum: 2, Min: 2, Max: 2, Last: 2, LastTS: t0.Add(130 * time.Second)},
		}
		if len(got) != len(want) {
			t.Fatalf("%s: MinuteStats() = %+v, want %+v", stage, got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s: MinuteStats()[%d] = %+v, want %+v", stage, i, got[i], want[i])
			}
		}
	}
	check("before second rollup")
	n, err := s.RollupSamples(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("RollupSamples() rewrote %d minutes, want 2", n)
	}
	check("after second rollup")
	if n, _ := s.RollupSamples(ctx); n != 0 {
		t.Errorf("RollupSamples() with nothing new rewrote %d minutes, want 0", n)
	}
}

func TestPruneSamplesKeepsRollups(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	old := []db.Sample{{Metric: "m", TS: t0, Value: 3}, {Metric: "m", TS: t0.Add(time.Hour), Value: 4}}
	if err := s.InsertSamples(ctx, old); err != nil {
		t.Fatal(err)
	}
	// Samples the rollup has not seen yet must survive pruning, or their minute would be lost.
	if n, _ := s.PruneSamples(ctx, t0.Add(30*time.Minute)); n != 0 {
		t.Errorf("PruneSamples() before rollup deleted %d, want 0", n)
	}
	if _, err := s.RollupSamples(ctx); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.PruneSamples(ctx, t0.Add(30*time.Minute)); n != 1 {
		t.Errorf("PruneSamples() deleted %d, want 1", n)
	}
	got, err := s.MinuteStats(ctx, "m", t0, t0.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Sum != 3 || got[1].Sum != 4 {
		t.Errorf("MinuteStats() after prune = %+v, want sums 3 and 4", got)
	}
}

func TestStatusSinceMovesOnlyOnChange(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	steps := []struct {
		state     string
		at        time.Time
		wantSince time.Time
	}{
		{"ok", t0, t0},
		{"ok", t0.Add(time.Minute), t0},
		{"crit", t0.Add(2 * time.Minute), t0.Add(2 * time.Minute)},
		{"crit", t0.Add(3 * time.Minute), t0.Add(2 * time.Minute)},
	}
	for _, st := range steps {
		if err := s.UpsertStatus(ctx, db.Status{Name: "api", State: st.state, Message: "m", UpdatedAt: st.at}); err != nil {
			t.Fatal(err)
		}
		got, err := s.Statuses(ctx, []string{"api"})
		if err != nil || len(got) != 1 {
			t.Fatalf("Statuses() = %v, %v", got, err)
		}
		if !got[0].Since.Equal(st.wantSince) || got[0].State != st.state {
			t.Errorf("after %s at %v: since = %v, want %v", st.state, st.at, got[0].Since, st.wantSince)
		}
	}
}

func TestProgressRestartsWhenPercentDrops(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	for i, p := range []float64{10, 40, 5} {
		err := s.UpsertProgress(ctx, db.Progress{Name: "backup", Percent: p, UpdatedAt: t0.Add(time.Duration(i) * time.Minute)})
		if err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.ProgressList(ctx, nil)
	if err != nil || len(got) != 1 {
		t.Fatalf("ProgressList() = %v, %v", got, err)
	}
	if got[0].StartPercent != 5 || !got[0].StartedAt.Equal(t0.Add(2*time.Minute)) {
		t.Errorf("ProgressList()[0] start = %v at %v, want 5 at %v", got[0].StartPercent, got[0].StartedAt, t0.Add(2*time.Minute))
	}
}

func TestTokens(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	secret, err := s.CreateToken(ctx, "ci")
	if err != nil {
		t.Fatal(err)
	}
	tok, err := s.TokenBySecret(ctx, secret)
	if err != nil || tok.Name != "ci" {
		t.Fatalf("TokenBySecret() = %+v, %v, want ci", tok, err)
	}
	if _, err := s.TokenBySecret(ctx, secret+"x"); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("TokenBySecret(wrong) error = %v, want ErrNotFound", err)
	}
	if err := s.RevokeToken(ctx, tok.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.TokenBySecret(ctx, secret); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("TokenBySecret(revoked) error = %v, want ErrNotFound", err)
	}
}

func TestWidgetStateRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	pct := 12.5
	want := db.WidgetState{Board: "ops", Widget: "signups", Version: 7, UpdatedAt: t0, State: "warn",
		HasValue: true, Value: 42, HasDelta: true, Delta: 5, DeltaPct: &pct}
	if err := s.SaveWidgetState(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err := s.WidgetStates(ctx, "ops")
	if err != nil || len(got) != 1 {
		t.Fatalf("WidgetStates() = %v, %v", got, err)
	}
	g := got[0]
	if g.Widget != want.Widget || g.Version != 7 || g.Value != 42 || *g.DeltaPct != pct || !g.UpdatedAt.Equal(t0) {
		t.Errorf("WidgetStates()[0] = %+v, want %+v", g, want)
	}
}

// TestRollupInChunksIsExact: a rollup of more samples than one chunk, in shuffled time order
// with ties, gives every minute the same count, sum, extremes and latest value as the samples.
func TestRollupInChunksIsExact(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	rng := rand.New(rand.NewPCG(1, 2))
	want := map[string]map[time.Time]db.MinuteStat{"a": {}, "b": {}}
	var batch []db.Sample
	for i := range 25_003 {
		metric := []string{"a", "b"}[i%2]
		ts := t0.Add(time.Duration(rng.IntN(5*60)) * time.Second) // many ties in ts
		v := float64(rng.IntN(1000) - 500)
		batch = append(batch, db.Sample{Metric: metric, TS: ts, Value: v})
		minute := ts.Truncate(time.Minute)
		// Inserted later means a higher id, which wins a tie in ts.
		want[metric][minute] = want[metric][minute].Merge(db.MinuteStat{Minute: minute, Count: 1, Sum: v, Min: v, Max: v, Last: v, LastTS: ts})
		if len(batch) == 1000 {
			if err := s.InsertSamples(ctx, batch); err != nil {
				t.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	if err := s.InsertSamples(ctx, batch); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RollupSamples(ctx); err != nil {
		t.Fatal(err)
	}
	// With every sample rolled up, pruning them all leaves MinuteStats only the rollups.
	if n, err := s.PruneSamples(ctx, t0.Add(time.Hour)); err != nil || n != 25_003 {
		t.Fatalf("PruneSamples() = %d, %v; want every sample rolled up and pruned", n, err)
	}
	for metric, minutes := range want {
		got, err := s.MinuteStats(ctx, metric, t0, t0.Add(5*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(minutes) {
			t.Fatalf("%s: %d minutes, want %d", metric, len(got), len(minutes))
		}
		for _, g := range got {
			if w := minutes[g.Minute]; g != w {
				t.Errorf("%s %s: rollup %+v, want %+v", metric, g.Minute.Format("15:04"), g, w)
			}
		}
	}
}
