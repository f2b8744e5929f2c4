package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"time"
)

// report is what a run measured.
type report struct {
	label      string
	requested  int
	connected  int
	pid        int
	openTime   time.Duration
	steadyTime time.Duration
	ticks      int
	note       string

	baseline, peak procSample
	cpu, sys       time.Duration

	delivered, lost, errors, pings, bytes int
	latencies                             []int32
}

// collect folds every stream's counts into the report. A tick a stream never got is lost.
func (r *report) collect(streams []*stream) {
	for _, s := range streams {
		s.mu.Lock()
		r.latencies = append(r.latencies, s.latencies...)
		r.pings += s.pings
		r.bytes += s.bytes
		if s.err != nil {
			r.errors++
		}
		for k := 1; k <= r.ticks; k++ {
			if k/64 < len(s.ticks) && s.ticks[k/64]&(1<<(k%64)) != 0 {
				r.delivered++
			} else {
				r.lost++
			}
		}
		s.mu.Unlock()
	}
	slices.Sort(r.latencies)
}

func (r *report) percentile(p float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	i := min(len(r.latencies)-1, int(p*float64(len(r.latencies))))
	return time.Duration(r.latencies[i]) * time.Microsecond
}

// result is the report as one JSON line.
type result struct {
	Label         string  `json:"label,omitempty"`
	Streams       int     `json:"streams"`
	Connected     int     `json:"connected"`
	Errors        int     `json:"errors"`
	OpenSeconds   float64 `json:"open_s"`
	Updates       int     `json:"updates"`
	Delivered     int     `json:"delivered"`
	Lost          int     `json:"lost"`
	P50MS         float64 `json:"p50_ms"`
	P90MS         float64 `json:"p90_ms"`
	P99MS         float64 `json:"p99_ms"`
	MaxMS         float64 `json:"max_ms"`
	AvgBytes      int     `json:"avg_message_bytes"`
	RSSBaseMB     float64 `json:"rss_base_mb,omitempty"`
	RSSPeakMB     float64 `json:"rss_peak_mb,omitempty"`
	KBPerStream   float64 `json:"kb_per_stream,omitempty"`
	CPUSeconds    float64 `json:"cpu_s,omitempty"`
	USPerDelivery float64 `json:"cpu_us_per_delivery,omitempty"`
	KernelShare   float64 `json:"cpu_kernel_share,omitempty"`
	Note          string  `json:"note,omitempty"`
}

func (r *report) result() result {
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	res := result{
		Label: r.label, Streams: r.requested, Connected: r.connected, Errors: r.errors,
		OpenSeconds: r.openTime.Seconds(), Updates: r.ticks, Delivered: r.delivered, Lost: r.lost,
		P50MS: ms(r.percentile(0.50)), P90MS: ms(r.percentile(0.90)), P99MS: ms(r.percentile(0.99)),
		MaxMS: ms(r.percentile(1)), Note: r.note,
	}
	if len(r.latencies) > 0 {
		res.AvgBytes = r.bytes / max(1, r.delivered)
	}
	if r.pid != 0 {
		res.RSSBaseMB = float64(r.baseline.rss) / (1 << 20)
		res.RSSPeakMB = float64(r.peak.rss) / (1 << 20)
		res.KBPerStream = float64(r.peak.rss-r.baseline.rss) / 1024 / float64(max(1, r.connected))
		res.CPUSeconds = r.cpu.Seconds()
		res.USPerDelivery = float64(r.cpu.Microseconds()) / float64(max(1, r.delivered))
		res.KernelShare = float64(r.sys) / float64(max(1, r.cpu))
	}
	return res
}

func (r *report) print(w io.Writer) {
	res := r.result()
	fmt.Fprintf(w, "streams         %d requested, %d connected in %.1fs, %d errors\n", res.Streams, res.Connected, res.OpenSeconds, res.Errors)
	fmt.Fprintf(w, "updates         %d pushed, %d delivered, %d lost\n", res.Updates, res.Delivered, res.Lost)
	fmt.Fprintf(w, "latency         p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n", res.P50MS, res.P90MS, res.P99MS, res.MaxMS)
	fmt.Fprintf(w, "message         %d bytes of data on average\n", res.AvgBytes)
	if r.pid != 0 {
		fmt.Fprintf(w, "server memory   %.1f MB before, %.1f MB peak: %.1f KB per stream\n", res.RSSBaseMB, res.RSSPeakMB, res.KBPerStream)
		fmt.Fprintf(w, "server cpu      %.2f s over %.0f s steady, %.0f%% in the kernel: %.1f µs per delivered message\n",
			res.CPUSeconds, r.steadyTime.Seconds(), 100*res.KernelShare, res.USPerDelivery)
	}
	if res.Note != "" {
		fmt.Fprintln(w, "note           ", res.Note)
	}
	b, _ := json.Marshal(res)
	fmt.Fprintln(w, string(b))
}
