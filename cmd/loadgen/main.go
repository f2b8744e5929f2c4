// Command loadgen measures Wallboard against targets, on loopback. Each mode prints a table and
// one JSON line.
//
//	loadgen fanout -addr A -token T -n 10000 -steady 30s -pid PID
//	loadgen ingest -addr A -token T -for 20s -rate 500
//	loadgen page   -addr A -board demo -for 20s -rate 200
//
// fanout opens N SSE streams to a board over HTTP/1.1, pushes one status update a second through
// the API, and reports delivery latency, messages per stream, loss, and, given the server's pid,
// its memory and CPU. Delivery is timed from the server's stamp: every message carries a
// ": t=<unix µs>" comment, the time the newest change in it was published to the hub. Loadgen
// runs on the same machine, so the clocks agree. Its streams come from source addresses spread
// over 127.0.0.0/8, 16 to an address: one address would run out of ports past about 28,000
// streams, and a server's limit on streams per address would refuse them.
//
// ingest pushes metric samples in batches of 100 as fast as the server takes them, then single
// samples at a fixed rate, and reports samples/s and the single requests' latency.
//
// page loads a board as a browser does the first time, counting the bytes on the wire, then
// requests the page at a fixed rate and reports the time to first byte.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
)

func main() {
	modes := map[string]func(context.Context, []string) error{"fanout": fanout, "ingest": ingest, "page": page, "slow": slow}
	if len(os.Args) < 2 || modes[os.Args[1]] == nil {
		fmt.Fprintln(os.Stderr, "usage: loadgen fanout|ingest|page|slow [flags]; loadgen MODE -h lists a mode's flags")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := modes[os.Args[1]](ctx, os.Args[2:]); err != nil {
		fmt.Fprintf(os.Stderr, "loadgen %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}

// requireToken fails when a mode that pushes has no token.
func requireToken(token string) error {
	if token == "" {
		return fmt.Errorf("-token (or WALLBOARD_TOKEN) is required: create one with wallboard token create")
	}
	return nil
}
