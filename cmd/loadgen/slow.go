package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"sync/atomic"
	"syscall"
	"time"
)

// slow is the slow-screen mode: N streams whose screens read 1 KB/s while updates arrive far
// faster, sampling the server's memory to show what such a screen costs and that it does not
// grow with time or the update rate.
func slow(ctx context.Context, args []string) error {
	var o options
	fs := streamFlags("slow", &o)
	fs.DurationVar(&o.steady, "for", 30*time.Second, "how long to push updates")
	fs.DurationVar(&o.interval, "every", 50*time.Millisecond, "interval between updates")
	readRate := fs.Int("read", 1024, "bytes per second each screen reads")
	fs.Parse(args)
	if err := requireToken(o.token); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	base := readProc(o.pid)
	var open, ended atomic.Int64
	var read atomic.Int64
	for i := range o.streams {
		go func() {
			if err := slowScreen(ctx, o.addr, o.board, i, *readRate, &open, &read); err != nil && ctx.Err() == nil {
				ended.Add(1)
			}
		}()
	}
	if err := waitFor(ctx, func() bool { return open.Load() >= int64(o.streams) }, connectTimeout); err != nil {
		return fmt.Errorf("%d of %d slow streams open: %w", open.Load(), o.streams, err)
	}
	time.Sleep(time.Second)
	connected := readProc(o.pid)

	client := newClient()
	start := time.Now()
	var half, peak procSample
	pushes := 0
	tick := time.NewTicker(o.interval)
	defer tick.Stop()
	for time.Since(start) < o.steady {
		pushes++
		if err := push(ctx, client, o, pushes); err != nil {
			return err
		}
		s := readProc(o.pid)
		peak = peak.max(s)
		if half.rss == 0 && time.Since(start) >= o.steady/2 {
			half = peak
		}
		select {
		case <-tick.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	kb := func(a, b procSample) float64 { return float64(a.rss-b.rss) / 1024 / float64(o.streams) }
	res := struct {
		Mode        string  `json:"mode"`
		Streams     int     `json:"streams"`
		ReadRate    int     `json:"read_bytes_per_s"`
		Updates     int     `json:"updates"`
		PerSecond   float64 `json:"updates_per_s"`
		Ended       int64   `json:"ended"`
		ReadBytes   int64   `json:"read_bytes"`
		BaseMB      float64 `json:"rss_base_mb"`
		PeakMB      float64 `json:"rss_peak_mb"`
		KBPerStream float64 `json:"kb_per_stream"`
		GrowthKB    float64 `json:"second_half_growth_kb_per_stream"`
	}{"slow", o.streams, *readRate, pushes, float64(pushes) / time.Since(start).Seconds(), ended.Load(), read.Load(),
		float64(base.rss) / (1 << 20), float64(peak.rss) / (1 << 20), kb(peak, base), kb(peak, half)}
	fmt.Printf("slow screens    %d reading %d B/s each; %d ended early\n", res.Streams, res.ReadRate, res.Ended)
	fmt.Printf("updates         %d pushed, %.1f a second; the screens read %d bytes in all\n", res.Updates, res.PerSecond, res.ReadBytes)
	fmt.Printf("server memory   %.1f MB before, %.1f MB with the screens open, %.1f MB peak: %.1f KB per slow screen, %+.1f KB over the second half\n",
		res.BaseMB, float64(connected.rss)/(1<<20), res.PeakMB, res.KBPerStream, res.GrowthKB)
	b, _ := json.Marshal(res)
	fmt.Println(string(b))
	return nil
}

// slowScreen opens a stream with a small receive buffer and reads it at rate bytes a second.
func slowScreen(ctx context.Context, addr, board string, i, rate int, open, read *atomic.Int64) error {
	k := 1<<16 + i/perAddress
	d := net.Dialer{
		LocalAddr: &net.TCPAddr{IP: net.IPv4(127, byte(k>>16), byte(k>>8), byte(k))},
		Control: func(_, _ string, c syscall.RawConn) error {
			return c.Control(func(fd uintptr) { syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
		},
	}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	context.AfterFunc(ctx, func() { conn.Close() })
	req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/boards/"+board+"/events", nil)
	if err := req.Write(conn); err != nil {
		return err
	}
	open.Add(1)
	chunk := max(1, rate/10)
	buf := make([]byte, chunk)
	for tick := time.NewTicker(100 * time.Millisecond); ; <-tick.C {
		n, err := conn.Read(buf)
		read.Add(int64(n))
		if err != nil {
			return err
		}
	}
}
