package main

import (
	"bufio"
	"bytes"
	"context"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// perAddress is how many streams share one source address. Few, so that a run stays under a
// per-address limit on streams, and so that one address never runs short of ports.
const perAddress = 16

// newClient returns an HTTP/1.1 client whose connections come from source addresses spread over
// 127.0.0.0/8, from a random start so that a run does not meet the TIME_WAIT sockets of the
// one before.
func newClient() *http.Client {
	var n atomic.Int64
	base := 1<<16 + mrand.IntN(1<<23)
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		i := base + int(n.Add(1)-1)/perAddress
		local := &net.TCPAddr{IP: net.IPv4(127, byte(i>>16), byte(i>>8), byte(i))}
		d := net.Dialer{LocalAddr: local, Timeout: 30 * time.Second}
		return d.DialContext(ctx, network, addr)
	}
	return &http.Client{Transport: &http.Transport{
		DialContext:         dial,
		DisableCompression:  true,
		MaxIdleConnsPerHost: 64,
		ForceAttemptHTTP2:   false,
	}}
}

// stream is one SSE connection and what it received.
type stream struct {
	mu        sync.Mutex
	ticks     []uint64 // bitset of the ticks seen
	latencies []int32  // µs from publish to arrival, per message carrying a tick
	messages  int
	bytes     int
	pings     int
	err       error
}

func (s *stream) run(ctx context.Context, client *http.Client, url string, connected *atomic.Int64) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := client.Do(req)
	if err != nil {
		s.fail(err)
		return
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		s.fail(&statusError{resp.Status})
		return
	}
	s.read(bufio.NewReaderSize(resp.Body, 16<<10), connected)
}

// read parses SSE per the spec's line rules: fields until a blank line end a message.
func (s *stream) read(r *bufio.Reader, connected *atomic.Int64) {
	first := true
	var stamp int64
	var event, data []byte
	for {
		line, err := r.ReadSlice('\n')
		if err != nil {
			return
		}
		line = bytes.TrimRight(line, "\r\n")
		switch {
		case len(line) == 0:
			now := time.Now().UnixMicro()
			if first && len(data) > 0 {
				first = false
				connected.Add(1)
			} else {
				s.record(event, data, now-stamp)
			}
			event, data, stamp = event[:0], data[:0], 0
		case bytes.HasPrefix(line, []byte(": t=")):
			stamp, _ = strconv.ParseInt(string(line[4:]), 10, 64)
		case bytes.HasPrefix(line, []byte("event:")):
			event = append(event[:0], bytes.TrimSpace(line[6:])...)
		case bytes.HasPrefix(line, []byte("data:")):
			data = append(data, line[5:]...)
		}
	}
}

var tickMark = []byte("tick ")

func (s *stream) record(event, data []byte, latency int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if string(event) == "ping" {
		s.pings++
		return
	}
	if len(data) == 0 {
		return
	}
	s.messages++
	s.bytes += len(data)
	got := false
	for rest := data; ; {
		i := bytes.Index(rest, tickMark)
		if i < 0 {
			break
		}
		rest = rest[i+len(tickMark):]
		j := 0
		for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
			j++
		}
		if k, err := strconv.Atoi(string(rest[:j])); err == nil {
			s.mark(k)
			got = true
		}
	}
	if got {
		s.latencies = append(s.latencies, int32(min(latency, 1<<31-1)))
	}
}

func (s *stream) mark(k int) {
	for len(s.ticks) <= k/64 {
		s.ticks = append(s.ticks, 0)
	}
	s.ticks[k/64] |= 1 << (k % 64)
}

func (s *stream) has(k int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return k/64 < len(s.ticks) && s.ticks[k/64]&(1<<(k%64)) != 0
}

func (s *stream) fail(err error) {
	s.mu.Lock()
	s.err = err
	s.mu.Unlock()
}

type statusError struct{ status string }

func (e *statusError) Error() string { return "status " + e.status }
