package jobs

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

func TestSchedulerRecordsPanicAsFailedRun(t *testing.T) {
	store := openStore(t)
	synctest.Test(t, func(t *testing.T) {
		var logs bytes.Buffer
		s := NewScheduler(time.UTC, store, slog.New(slog.NewJSONHandler(&logs, nil)))
		err := s.Add("boom", "@every 1s", func(context.Context) error { panic("kaboom") })
		if err != nil {
			t.Fatalf("Add() error = %v", err)
		}
		s.Start()
		time.Sleep(1500 * time.Millisecond) // bubble time: one scheduled run
		synctest.Wait()
		stopScheduler(t, s)

		runs, err := store.JobRuns(context.Background(), "boom", 10)
		if err != nil {
			t.Fatalf("JobRuns() error = %v", err)
		}
		if got, want := len(runs), 1; got != want {
			t.Fatalf("len(JobRuns()) = %d, want %d", got, want)
		}
		if got, want := runs[0].Err, "panic: kaboom"; got != want {
			t.Errorf("JobRuns()[0].Err = %q, want %q", got, want)
		}
		if got, want := strings.Count(logs.String(), `"msg":"job panicked","job":"boom"`), 1; got != want {
			t.Errorf("panic logged %d times, want %d; logs:\n%s", got, want, logs.String())
		}
		if strings.Contains(logs.String(), `"msg":"cron panic"`) {
			t.Errorf("panic reached cron.Recover, want it recovered by the wrapper")
		}
	})
}

func TestSchedulerRecordsOutcome(t *testing.T) {
	store := openStore(t)
	synctest.Test(t, func(t *testing.T) {
		s := NewScheduler(time.UTC, store, discardLogger())
		s.Add("fine", "@every 1h", func(context.Context) error { return nil })
		s.Add("broken", "@every 1h", func(context.Context) error { return errors.New("no route to host") })
		for _, name := range []string{"fine", "broken"} {
			if err := s.RunNow(name); err != nil {
				t.Fatalf("RunNow(%q) error = %v", name, err)
			}
		}
		synctest.Wait()
		stopScheduler(t, s)

		for name, want := range map[string]string{"fine": "", "broken": "no route to host"} {
			runs, err := store.JobRuns(context.Background(), name, 10)
			if err != nil || len(runs) != 1 {
				t.Fatalf("JobRuns(%q) = %v, %v, want one run", name, runs, err)
			}
			if got := runs[0].Err; got != want {
				t.Errorf("JobRuns(%q)[0].Err = %q, want %q", name, got, want)
			}
		}
	})
}

func TestSchedulerNeverRunsAJobTwiceAtOnce(t *testing.T) {
	store := openStore(t)
	synctest.Test(t, func(t *testing.T) {
		var running, most, runs atomic.Int32
		slow := func(ctx context.Context) error {
			n := running.Add(1)
			defer running.Add(-1)
			if n > most.Load() {
				most.Store(n)
			}
			runs.Add(1)
			time.Sleep(3500 * time.Millisecond) // longer than the 1s interval
			return nil
		}
		s := NewScheduler(time.UTC, store, discardLogger())
		if err := s.Add("slow", "@every 1s", slow); err != nil {
			t.Fatalf("Add() error = %v", err)
		}
		s.Start()
		time.Sleep(1500 * time.Millisecond)
		synctest.Wait() // the first run is under way
		if err := s.RunNow("slow"); !errors.Is(err, ErrRunning) {
			t.Errorf("RunNow() during a run error = %v, want ErrRunning", err)
		}
		// Through the shared guard too, not only through RunNow's early check.
		go s.jobs["slow"].wrapped.Run()
		time.Sleep(10 * time.Second)
		synctest.Wait()
		stopScheduler(t, s)

		if got, want := most.Load(), int32(1); got != want {
			t.Errorf("most concurrent runs = %d, want %d", got, want)
		}
		if got := runs.Load(); got < 2 {
			t.Errorf("runs = %d, want at least 2", got)
		}
	})
}

func TestSchedulerStopCancelsRunningJob(t *testing.T) {
	store := openStore(t)
	synctest.Test(t, func(t *testing.T) {
		var cancelled atomic.Bool
		s := NewScheduler(time.UTC, store, discardLogger())
		s.Add("wait", "@every 1s", func(ctx context.Context) error {
			<-ctx.Done()
			cancelled.Store(true)
			return ctx.Err()
		})
		s.Start()
		time.Sleep(1500 * time.Millisecond)
		synctest.Wait() // the job is blocked on its context
		stopScheduler(t, s)

		if !cancelled.Load() {
			t.Errorf("job context cancelled = false, want true")
		}
		runs, err := store.JobRuns(context.Background(), "wait", 10)
		if err != nil || len(runs) != 1 {
			t.Fatalf("JobRuns() = %v, %v, want one run", runs, err)
		}
		if got, want := runs[0].Err, context.Canceled.Error(); got != want {
			t.Errorf("JobRuns()[0].Err = %q, want %q", got, want)
		}
	})
}

func TestSchedulerStopTimesOut(t *testing.T) {
	store := openStore(t)
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		s := NewScheduler(time.UTC, store, discardLogger())
		s.Add("stubborn", "@every 1h", func(context.Context) error { <-release; return nil })
		s.RunNow("stubborn")
		synctest.Wait()
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if err := s.Stop(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Stop() error = %v, want DeadlineExceeded", err)
		}
		close(release)
	})
}

func TestSchedulerRunNowErrors(t *testing.T) {
	store := openStore(t)
	s := NewScheduler(time.UTC, store, discardLogger())
	if err := s.RunNow("missing"); !errors.Is(err, ErrNotFound) {
		t.Errorf("RunNow(missing) error = %v, want ErrNotFound", err)
	}
	s.Add("job", "@every 1h", func(context.Context) error { return nil })
	stopScheduler(t, s)
	if err := s.RunNow("job"); err == nil {
		t.Errorf("RunNow() after Stop error = nil, want an error")
	}
}

func TestSchedulerAddErrors(t *testing.T) {
	s := NewScheduler(time.UTC, openStore(t), discardLogger())
	noop := func(context.Context) error { return nil }
	if err := s.Add("job", "@every 1s", noop); err != nil {
		t.Fatalf("Add() error = %v", err)
	}
	tests := []struct{ name, job, spec string }{
		{"duplicate", "job", "@every 1s"},
		{"seconds", "other", "0 0 3 * * *"},
		{"garbage", "other", "every day"},
		{"empty", "other", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := s.Add(tt.job, tt.spec, noop); err == nil {
				t.Errorf("Add(%q, %q) error = nil, want an error", tt.job, tt.spec)
			}
		})
	}
}

func TestParseScheduleNext(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatalf("LoadLocation() error = %v", err)
	}
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, berlin)
	tests := []struct {
		name string
		spec string
		from time.Time
		want time.Time
	}{
		{"every", "@every 2s", at, at.Add(2 * time.Second)},
		{"nightly", "0 3 * * *", at, time.Date(2026, 11, 24, 3, 0, 0, 0, berlin)},
		{"nightly before", "0 3 * * *", at.Add(-8 * time.Hour), time.Date(2026, 11, 23, 3, 0, 0, 0, berlin)},
		{"summer", "0 3 * * *", time.Date(2026, 7, 1, 12, 0, 0, 0, berlin), time.Date(2026, 7, 2, 1, 0, 0, 0, time.UTC)},
		{"weekday", "30 9 * * 1-5", time.Date(2026, 11, 28, 12, 0, 0, 0, berlin), time.Date(2026, 11, 30, 9, 30, 0, 0, berlin)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sched, err := ParseSchedule(tt.spec)
			if err != nil {
				t.Fatalf("ParseSchedule(%q) error = %v", tt.spec, err)
			}
			if got := sched.Next(tt.from); !got.Equal(tt.want) {
				t.Errorf("Next(%v) = %v, want %v", tt.from, got, tt.want)
			}
		})
	}
}

func TestSchedulerJobsUsesLocation(t *testing.T) {
	store := openStore(t)
	synctest.Test(t, func(t *testing.T) {
		berlin, err := time.LoadLocation("Europe/Berlin")
		if err != nil {
			t.Fatalf("LoadLocation() error = %v", err)
		}
		s := NewScheduler(berlin, store, discardLogger())
		s.Add("nightly", "0 3 * * *", func(context.Context) error { return nil })
		s.Add("demo", "@every 2s", func(context.Context) error { return nil })
		s.Start()
		defer stopScheduler(t, s)
		now := time.Now() // the bubble starts at midnight UTC, 01:00 in Berlin
		jobs := s.Jobs()
		want := []JobInfo{
			{Name: "demo", Spec: "@every 2s", Next: now.Add(2 * time.Second)},
			{Name: "nightly", Spec: "0 3 * * *", Next: time.Date(now.Year(), now.Month(), now.Day(), 3, 0, 0, 0, berlin)},
		}
		if len(jobs) != len(want) {
			t.Fatalf("Jobs() = %v, want %v", jobs, want)
		}
		for i := range want {
			got := jobs[i]
			if got.Name != want[i].Name || got.Spec != want[i].Spec || !got.Next.Equal(want[i].Next) {
				t.Errorf("Jobs()[%d] = %+v, want %+v", i, got, want[i])
			}
		}
	})
}
