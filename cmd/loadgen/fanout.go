package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"time"
)

type options struct {
	addr     string
	board    string
	status   string
	token    string
	streams  int
	ramp     time.Duration
	steady   time.Duration
	interval time.Duration
	pid      int
	label    string
}

// streamFlags adds the flags the modes that watch a board share: where, which board and status,
// the token, how many streams and the server's pid.
func streamFlags(mode string, o *options) *flag.FlagSet {
	fs := flag.NewFlagSet(mode, flag.ExitOnError)
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "server address (loopback only)")
	fs.StringVar(&o.board, "board", "bench", "board to watch")
	fs.StringVar(&o.status, "status", "bench", "status to update; a widget of the board must show it")
	fs.StringVar(&o.token, "token", os.Getenv("WALLBOARD_TOKEN"), "API token (or WALLBOARD_TOKEN)")
	fs.IntVar(&o.streams, "n", 1000, "streams to open")
	fs.IntVar(&o.pid, "pid", 0, "server pid, to sample its RSS and CPU from /proc")
	return fs
}

// fanout is the fan-out mode: N streams, one update per interval.
func fanout(ctx context.Context, args []string) error {
	var o options
	fs := streamFlags("fanout", &o)
	fs.DurationVar(&o.ramp, "ramp", 0, "time to open the streams over (default: as fast as they connect)")
	fs.DurationVar(&o.steady, "steady", 30*time.Second, "how long to measure once every stream is open")
	fs.DurationVar(&o.interval, "every", time.Second, "interval between updates")
	fs.StringVar(&o.label, "label", "", "label for the report")
	fs.Parse(args)
	if err := requireToken(o.token); err != nil {
		return err
	}
	r, err := run(ctx, o)
	if err != nil {
		return err
	}
	r.print(os.Stdout)
	return nil
}

// connectTimeout bounds how long loadgen waits for every stream's snapshot.
const connectTimeout = 120 * time.Second

// run opens the streams, waits for every snapshot, then pushes one update per interval for the
// steady span and collects what arrived.
func run(ctx context.Context, o options) (*report, error) {
	r := &report{label: o.label, requested: o.streams, pid: o.pid}
	r.baseline = readProc(o.pid)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	client := newClient()
	url := "http://" + o.addr + "/boards/" + o.board + "/events"
	streams := make([]*stream, o.streams)
	var connected atomic.Int64
	begin := time.Now()
	for i := range streams {
		streams[i] = &stream{}
		go streams[i].run(ctx, client, url, &connected)
		if o.ramp > 0 {
			time.Sleep(o.ramp / time.Duration(o.streams))
		}
	}
	if err := waitFor(ctx, func() bool { return connected.Load() >= int64(o.streams) }, connectTimeout); err != nil {
		return nil, fmt.Errorf("%d of %d streams connected within %v: %w", connected.Load(), o.streams, connectTimeout, err)
	}
	r.openTime = time.Since(begin)
	r.connected = int(connected.Load())
	time.Sleep(2 * time.Second) // let the server settle before sampling it
	if err := r.steady(ctx, o, client, streams); err != nil {
		return nil, err
	}
	cancel()
	r.collect(streams)
	return r, nil
}

// steady pushes ticks for o.steady, sampling the server as it goes, then gives the last tick a
// moment to arrive.
func (r *report) steady(ctx context.Context, o options, client *http.Client, streams []*stream) error {
	before := readProc(o.pid)
	start := time.Now()
	tick := time.NewTicker(o.interval)
	defer tick.Stop()
	for time.Since(start) < o.steady {
		r.ticks++
		if err := push(ctx, client, o, r.ticks); err != nil {
			return err
		}
		r.peak = r.peak.max(readProc(o.pid))
		select {
		case <-tick.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	last := r.ticks
	err := waitFor(ctx, func() bool {
		for _, s := range streams {
			if !s.has(last) {
				return false
			}
		}
		return true
	}, 5*time.Second)
	if err != nil { // some stream missed the last tick: that is loss, reported below
		r.note = "not every stream got the last update within 5 s"
	}
	after := readProc(o.pid)
	r.cpu, r.sys = after.cpu-before.cpu, after.sys-before.sys
	r.steadyTime = time.Since(start)
	r.peak = r.peak.max(after)
	return nil
}

// push sets the status the bench widget shows to "tick k".
func push(ctx context.Context, client *http.Client, o options, k int) error {
	body := fmt.Sprintf(`{"state":"ok","message":"tick %d"}`, k)
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, "http://"+o.addr+"/api/v1/status/"+o.status, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+o.token)
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("push tick %d: %w", k, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var b bytes.Buffer
		b.ReadFrom(resp.Body)
		return fmt.Errorf("push tick %d: %s %s", k, resp.Status, b.String())
	}
	return nil
}

func waitFor(ctx context.Context, done func() bool, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for !done() {
		if time.Now().After(deadline) {
			return context.DeadlineExceeded
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
	return nil
}
