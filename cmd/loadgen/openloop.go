package main

import (
	"context"
	"slices"
	"sync"
	"time"
)

// openLoop calls fn rate times a second for span, each call in its own goroutine, so that a slow
// answer does not delay the calls after it (a closed loop would hide slowness by sending less).
// fn returns the latency it measured.
func openLoop(ctx context.Context, rate int, span time.Duration, fn func(context.Context) (time.Duration, error)) *sample {
	var (
		mu sync.Mutex
		wg sync.WaitGroup
		s  sample
	)
	interval := time.Second / time.Duration(rate)
	start := time.Now()
	for i := 0; ; i++ {
		at := start.Add(time.Duration(i) * interval)
		if at.Sub(start) >= span || ctx.Err() != nil {
			break
		}
		time.Sleep(time.Until(at))
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := fn(ctx)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				s.errors++
				if s.firstErr == nil {
					s.firstErr = err
				}
				return
			}
			s.latencies = append(s.latencies, d)
		}()
	}
	wg.Wait()
	s.span = time.Since(start)
	slices.Sort(s.latencies)
	return &s
}

// sample is the outcome of a run of calls.
type sample struct {
	latencies []time.Duration // sorted
	errors    int
	firstErr  error
	span      time.Duration
}

func (s *sample) percentile(p float64) time.Duration {
	if len(s.latencies) == 0 {
		return 0
	}
	return s.latencies[min(len(s.latencies)-1, int(p*float64(len(s.latencies))))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
