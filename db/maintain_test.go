package db_test

import (
	"context"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"wallboard/db"
)

// TestBackupWhilePushing: a backup taken while samples are arriving opens as a valid database
// that holds every sample committed before the backup began.
func TestBackupWhilePushing(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	var committed atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var stopOnce sync.Once
	halt := func() { stopOnce.Do(func() { close(stop) }); wg.Wait() }
	defer halt()
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			batch := make([]db.Sample, 100)
			for k := range batch {
				batch[k] = db.Sample{Metric: "m", TS: t0.Add(time.Duration(i) * time.Second), Value: 1}
			}
			if err := s.InsertSamples(ctx, batch); err != nil {
				t.Error(err)
				return
			}
			committed.Add(100)
		}
	}()
	for committed.Load() < 5000 {
		time.Sleep(time.Millisecond)
	}
	before := committed.Load()
	path := filepath.Join(t.TempDir(), "backup.db")
	if err := s.Backup(ctx, path); err != nil {
		t.Fatal(err)
	}
	halt()

	b, err := db.Open(ctx, path)
	if err != nil {
		t.Fatalf("open backup: %v", err)
	}
	defer b.Close()
	if err := b.Check(ctx); err != nil {
		t.Fatalf("backup integrity: %v", err)
	}
	stats, err := b.MinuteStats(ctx, "m", t0, t0.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	for _, st := range stats {
		n += st.Count
	}
	if n < before || n > committed.Load() {
		t.Errorf("backup holds %d samples; want at least the %d committed before it began, at most %d", n, before, committed.Load())
	}
	if err := s.Backup(ctx, path); err == nil {
		t.Error("Backup() over an existing file succeeded, want an error")
	}
}

func TestMaintain(t *testing.T) {
	s := openStore(t)
	if err := s.InsertSamples(context.Background(), []db.Sample{{Metric: "m", TS: t0, Value: 1}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Maintain(context.Background()); err != nil {
		t.Fatal(err)
	}
}
