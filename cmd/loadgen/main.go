// Command loadgen measures Wallboard's live fan-out: it opens N SSE streams to a board over
// HTTP/1.1, pushes one status update a second through the API, and reports delivery latency,
// messages per stream, loss, and, given the server's pid, its memory and CPU.
//
// Delivery is timed from the server's stamp: every message carries a ": t=<unix µs>" comment,
// the time the newest change in it was published to the hub. Loadgen runs on the same machine,
// so the clocks agree.
//
//	loadgen -addr 127.0.0.1:8080 -board bench -status bench -token T -n 10000 -steady 30s -pid PID
//
// It targets loopback only. Its streams come from source addresses spread over 127.0.0.0/8, 16
// to an address: one address would run out of ports past about 28,000 streams, and a server's
// limit on streams per address would refuse them.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
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

func main() {
	var o options
	flag.StringVar(&o.addr, "addr", "127.0.0.1:8080", "server address (loopback only)")
	flag.StringVar(&o.board, "board", "bench", "board to watch")
	flag.StringVar(&o.status, "status", "bench", "status to update; a widget of the board must show it")
	flag.StringVar(&o.token, "token", os.Getenv("WALLBOARD_TOKEN"), "API token (or WALLBOARD_TOKEN)")
	flag.IntVar(&o.streams, "n", 1000, "streams to open")
	flag.DurationVar(&o.ramp, "ramp", 0, "time to open the streams over (default: as fast as they connect)")
	flag.DurationVar(&o.steady, "steady", 30*time.Second, "how long to measure once every stream is open")
	flag.DurationVar(&o.interval, "every", time.Second, "interval between updates")
	flag.IntVar(&o.pid, "pid", 0, "server pid, to sample its RSS and CPU from /proc")
	flag.StringVar(&o.label, "label", "", "label for the report")
	flag.Parse()
	if o.token == "" {
		fmt.Fprintln(os.Stderr, "loadgen: -token (or WALLBOARD_TOKEN) is required: create one with wallboard token create")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	r, err := run(ctx, o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
	r.print(os.Stdout)
}
