package jobs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/shirou/gopsutil/v4/cpu"
	"github.com/shirou/gopsutil/v4/disk"
	"github.com/shirou/gopsutil/v4/load"
	"github.com/shirou/gopsutil/v4/mem"

	"wallboard/db"
)

// hostSource reads the machine Wallboard runs on.
type hostSource struct {
	store  *db.Store
	notify Notifier
	prefix string
	primed bool
}

// HostSource returns the host source's job: CPU, memory and disk use of "/" in percent, and the
// one-minute load average, as the metrics host.cpu, host.mem, host.disk and host.load1. A reading
// that fails is left out and reported; the others are still stored.
func HostSource(store *db.Store, notify Notifier, prefix string) func(ctx context.Context) error {
	h := &hostSource{store: store, notify: notify, prefix: prefix}
	return h.run
}

func (h *hostSource) run(ctx context.Context) error {
	now := time.Now()
	readings, errs := h.read(ctx)
	samples := make([]db.Sample, 0, len(readings))
	names := make([]string, 0, len(readings))
	for _, r := range readings {
		samples = append(samples, db.Sample{Metric: h.prefix + r.metric, TS: now, Value: r.value})
		names = append(names, h.prefix+r.metric)
	}
	if len(samples) > 0 {
		if err := h.store.InsertSamples(ctx, samples); err != nil {
			return err
		}
		h.notify.Changed(db.Changes{Metrics: names})
	}
	return errors.Join(errs...)
}

type hostReading struct {
	metric string
	value  float64
}

// read takes every reading it can.
func (h *hostSource) read(ctx context.Context) ([]hostReading, []error) {
	var out []hostReading
	var errs []error
	add := func(metric string, v float64, err error) {
		if err != nil {
			errs = append(errs, fmt.Errorf("jobs: host: read %s: %w", metric, err))
			return
		}
		out = append(out, hostReading{metric, v})
	}
	if pct, err := h.readCPU(ctx); err != nil {
		add("host.cpu", 0, err)
	} else if pct >= 0 {
		add("host.cpu", pct, nil)
	}
	if vm, err := mem.VirtualMemoryWithContext(ctx); err != nil {
		add("host.mem", 0, err)
	} else {
		add("host.mem", vm.UsedPercent, nil)
	}
	if avg, err := load.AvgWithContext(ctx); err != nil {
		add("host.load1", 0, err)
	} else {
		add("host.load1", avg.Load1, nil)
	}
	if du, err := disk.UsageWithContext(ctx, "/"); err != nil {
		add("host.disk", 0, err)
	} else {
		add("host.disk", du.UsedPercent, nil)
	}
	return out, errs
}

// readCPU returns the CPU use since the previous call, or -1 on a priming call. Interval 0
// measures since the previous call, so a run never blocks for a sample period. gopsutil primes
// the first call at init; should that have failed, our first call primes it instead, and its
// error is not worth reporting.
func (h *hostSource) readCPU(ctx context.Context) (float64, error) {
	pct, err := cpu.PercentWithContext(ctx, 0, false)
	if err == nil && len(pct) != 1 {
		err = fmt.Errorf("got %d totals, want 1", len(pct))
	}
	primed := h.primed
	h.primed = true
	switch {
	case err == nil:
		return pct[0], nil
	case !primed:
		return -1, nil
	default:
		return 0, err
	}
}
