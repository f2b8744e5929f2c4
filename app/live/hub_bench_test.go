package live

import (
	"bufio"
	"fmt"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkBroadcast publishes one change of about 1 KB to a board watched by N screens on real
// loopback connections, and waits until every screen has read it. The reads run in this process
// too, so the figure is an upper bound on the hub's own cost: see cmd/loadgen for the server
// alone.
func BenchmarkBroadcast(b *testing.B) {
	for _, n := range []int{100, 1000, 5000} {
		b.Run(fmt.Sprintf("screens=%d", n), func(b *testing.B) {
			h := New(Options{CloseSpread: time.Millisecond})
			defer func() { b.StopTimer(); h.Close() }()
			card := strings.Repeat("x", 1000)
			publish(h, "ops", "a", card)
			var got atomic.Int64
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			defer ln.Close()
			for range n {
				c, err := net.Dial("tcp", ln.Addr().String())
				if err != nil {
					b.Fatal(err)
				}
				defer c.Close()
				sc, err := ln.Accept()
				if err != nil {
					b.Fatal(err)
				}
				go countMessages(c, &got)
				h.Attach(sc, Screen{Board: "ops"})
			}
			waitCount(b, &got, int64(n)) // the snapshots
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				publish(h, "ops", "a", card+fmt.Sprint(i))
				waitCount(b, &got, int64(n)*int64(i+2))
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/delivery")
		})
	}
}

func countMessages(c net.Conn, got *atomic.Int64) {
	r := bufio.NewReader(c)
	for {
		line, err := r.ReadSlice('\n')
		if err != nil {
			return
		}
		if len(line) == 1 {
			got.Add(1)
		}
	}
}

func waitCount(b *testing.B, got *atomic.Int64, want int64) {
	deadline := time.Now().Add(10 * time.Second)
	for got.Load() < want {
		if time.Now().After(deadline) {
			b.Fatalf("%d of %d messages arrived within 10 s", got.Load(), want)
		}
		time.Sleep(50 * time.Microsecond)
	}
}
