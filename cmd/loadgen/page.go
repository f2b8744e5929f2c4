package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"regexp"
	"sync/atomic"
	"time"

	"github.com/andybalholm/brotli"
)

// browserEncodings is what Chromium sends as Accept-Encoding.
const browserEncodings = "gzip, deflate, br, zstd"

// page is the page mode: a first load's bytes on the wire, then the time to first byte of the
// page at a fixed rate.
func page(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("page", flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "server address (loopback only)")
	board := fs.String("board", "demo", "board to load")
	span := fs.Duration("for", 20*time.Second, "how long to request the page at the rate")
	rate := fs.Int("rate", 200, "page requests per second")
	fs.Parse(args)
	url := "http://" + *addr + "/boards/" + *board

	loads, total, err := firstLoad(ctx, *addr, url)
	if err != nil {
		return fmt.Errorf("first load: %w", err)
	}

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256, DisableCompression: true}, Timeout: 10 * time.Second}
	ttfb := openLoop(ctx, *rate, *span, func(ctx context.Context) (time.Duration, error) {
		var first time.Time
		ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{GotFirstResponseByte: func() { first = time.Now() }})
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return 0, err
		}
		req.Header.Set("Accept-Encoding", browserEncodings)
		start := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			return 0, err
		}
		if resp.StatusCode != http.StatusOK {
			return 0, fmt.Errorf("GET %s: %s", url, resp.Status)
		}
		return first.Sub(start), nil
	})

	res := struct {
		Mode       string  `json:"mode"`
		Board      string  `json:"board"`
		FirstLoadB int64   `json:"first_load_bytes"`
		Rate       int     `json:"ttfb_rate"`
		Requests   int     `json:"ttfb_requests"`
		Errors     int     `json:"ttfb_errors"`
		P50MS      float64 `json:"ttfb_p50_ms"`
		P99MS      float64 `json:"ttfb_p99_ms"`
		MaxMS      float64 `json:"ttfb_max_ms"`
	}{"page", *board, total, *rate, len(ttfb.latencies), ttfb.errors,
		ms(ttfb.percentile(0.5)), ms(ttfb.percentile(0.99)), ms(ttfb.percentile(1))}
	for _, l := range loads {
		fmt.Printf("  %-52s %6d bytes on the wire (%s)\n", l.path, l.wire, l.encoding)
	}
	fmt.Printf("first load      %d bytes on the wire, %.1f KB\n", res.FirstLoadB, float64(res.FirstLoadB)/1024)
	fmt.Printf("time to first   %d requests at %d/s, %d errors: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
		res.Requests, res.Rate, res.Errors, res.P50MS, res.P99MS, res.MaxMS)
	if ttfb.firstErr != nil {
		fmt.Println("first error    ", ttfb.firstErr)
	}
	b, _ := json.Marshal(res)
	fmt.Println(string(b))
	return nil
}

// load is one response of a first load.
type load struct {
	path, encoding string
	wire           int64 // bytes read from the socket: status line, headers and body as sent
}

// assetLink finds what a page loads: its scripts and stylesheets.
var assetLink = regexp.MustCompile(`(?:<script[^>]* src|<link[^>]* href)="(/[^"]+)"`)

// firstLoad fetches the page and everything it links, as a browser with an empty cache does,
// one request at a time on one connection, and counts the bytes read off the socket for each.
func firstLoad(ctx context.Context, addr, url string) ([]load, int64, error) {
	var read atomic.Int64
	client := &http.Client{Transport: &http.Transport{
		DisableCompression: true,
		DialContext: func(ctx context.Context, network, a string) (net.Conn, error) {
			c, err := (&net.Dialer{}).DialContext(ctx, network, a)
			return countingConn{c, &read}, err
		},
	}}
	get := func(u string) (load, []byte, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return load{}, nil, err
		}
		req.Header.Set("Accept-Encoding", browserEncodings)
		before := read.Load()
		resp, err := client.Do(req)
		if err != nil {
			return load{}, nil, err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return load{}, nil, err
		}
		if resp.StatusCode != http.StatusOK {
			return load{}, nil, fmt.Errorf("GET %s: %s", u, resp.Status)
		}
		enc := resp.Header.Get("Content-Encoding")
		if enc == "" {
			enc = "identity"
		}
		return load{path: req.URL.RequestURI(), encoding: enc, wire: read.Load() - before}, body, nil
	}
	first, body, err := get(url)
	if err != nil {
		return nil, 0, err
	}
	html, err := decode(first.encoding, body)
	if err != nil {
		return nil, 0, err
	}
	loads := []load{first}
	total := first.wire
	for _, m := range assetLink.FindAllSubmatch(html, -1) {
		l, _, err := get("http://" + addr + string(m[1]))
		if err != nil {
			return nil, 0, err
		}
		loads = append(loads, l)
		total += l.wire
	}
	return loads, total, nil
}

type countingConn struct {
	net.Conn
	n *atomic.Int64
}

func (c countingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// decode undoes a response's Content-Encoding, to read the links in a page.
func decode(encoding string, body []byte) ([]byte, error) {
	switch encoding {
	case "identity":
		return body, nil
	case "br":
		return io.ReadAll(brotli.NewReader(bytes.NewReader(body)))
	case "gzip":
		z, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		return io.ReadAll(z)
	}
	return nil, fmt.Errorf("unexpected Content-Encoding %q", encoding)
}
