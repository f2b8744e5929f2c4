package db_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"wallboard/db"
)

// BenchmarkInsertSamples measures ingest in batches of 100, one transaction each, on a real file.
// samples/s is the figure the README quotes.
func BenchmarkInsertSamples(b *testing.B) {
	ctx := context.Background()
	s, err := db.Open(ctx, b.TempDir()+"/bench.db")
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	batch := make([]db.Sample, 100)
	ts := t0
	b.ResetTimer()
	for b.Loop() {
		// Time moves on as it does in real ingest, so each batch lands at the end of the indexes.
		for i := range batch {
			ts = ts.Add(time.Millisecond)
			batch[i] = db.Sample{Metric: fmt.Sprintf("m%d", i%10), TS: ts, Value: float64(i)}
		}
		if err := s.InsertSamples(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(batch))/b.Elapsed().Seconds(), "samples/s")
}

// BenchmarkMinuteStats measures the read behind a metric widget: a 1h window of per-minute
// rollups plus the newest raw samples.
func BenchmarkMinuteStats(b *testing.B) {
	ctx := context.Background()
	s, err := db.Open(ctx, b.TempDir()+"/bench.db")
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var batch []db.Sample
	for i := range 3600 {
		batch = append(batch, db.Sample{Metric: "m", TS: t0.Add(time.Duration(i) * time.Second), Value: float64(i)})
	}
	if err := s.InsertSamples(ctx, batch); err != nil {
		b.Fatal(err)
	}
	if _, err := s.RollupSamples(ctx); err != nil {
		b.Fatal(err)
	}
	if err := s.InsertSamples(ctx, batch[:60]); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.MinuteStats(ctx, "m", t0, t0.Add(time.Hour)); err != nil {
			b.Fatal(err)
		}
	}
}
