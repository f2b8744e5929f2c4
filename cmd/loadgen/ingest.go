package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// ingest is the push-API mode: batches of samples as fast as the server takes them from a few
// connections, then single-sample requests at a fixed rate.
func ingest(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("ingest", flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "server address (loopback only)")
	token := fs.String("token", os.Getenv("WALLBOARD_TOKEN"), "API tokens, comma-separated, one per worker in turn: a token's budget is limited (or WALLBOARD_TOKEN)")
	span := fs.Duration("for", 20*time.Second, "how long each part runs")
	batch := fs.Int("batch", 100, "samples per request in the sustained part")
	workers := fs.Int("workers", 4, "concurrent requests in the sustained part")
	rate := fs.Int("rate", 500, "single-sample requests per second")
	metric := fs.String("metric", "bench.ingest", "metric name to push")
	fs.Parse(args)
	if err := requireToken(*token); err != nil {
		return err
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}, Timeout: 10 * time.Second}
	url := "http://" + *addr + "/api/v1/metrics"
	tokens := strings.Split(*token, ",")
	send := func(ctx context.Context, token string, body []byte) (time.Duration, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
		if err != nil {
			return 0, err
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		start := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		msg, _ := io.ReadAll(resp.Body)
		if resp.StatusCode/100 != 2 {
			return 0, fmt.Errorf("%s: %s", resp.Status, msg)
		}
		return time.Since(start), nil
	}

	// Sustained: every worker sends batches back to back.
	var samples atomic.Int64
	var failed atomic.Value
	var wg sync.WaitGroup
	start := time.Now()
	for w := range *workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Since(start) < *span && ctx.Err() == nil; i++ {
				if _, err := send(ctx, tokens[w%len(tokens)], batchBody(*metric, *batch, w, i)); err != nil {
					failed.CompareAndSwap(nil, err)
					return
				}
				samples.Add(int64(*batch))
			}
		}()
	}
	wg.Wait()
	if err, _ := failed.Load().(error); err != nil {
		return fmt.Errorf("sustained batches: %w", err)
	}
	perSecond := float64(samples.Load()) / time.Since(start).Seconds()

	// Single samples at a fixed rate.
	var n atomic.Int64
	single := openLoop(ctx, *rate, *span, func(ctx context.Context) (time.Duration, error) {
		return send(ctx, tokens[0], batchBody(*metric, 1, -1, int(n.Add(1))))
	})

	res := struct {
		Mode          string  `json:"mode"`
		Batch         int     `json:"batch"`
		Workers       int     `json:"workers"`
		SamplesPerSec float64 `json:"samples_per_s"`
		Rate          int     `json:"single_rate"`
		Requests      int     `json:"single_requests"`
		Errors        int     `json:"single_errors"`
		P50MS         float64 `json:"single_p50_ms"`
		P99MS         float64 `json:"single_p99_ms"`
		MaxMS         float64 `json:"single_max_ms"`
	}{"ingest", *batch, *workers, perSecond, *rate, len(single.latencies), single.errors,
		ms(single.percentile(0.5)), ms(single.percentile(0.99)), ms(single.percentile(1))}
	fmt.Printf("batches         %d samples per request, %d at a time: %.0f samples/s sustained\n", res.Batch, res.Workers, res.SamplesPerSec)
	fmt.Printf("single samples  %d requests at %d/s, %d errors: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
		res.Requests, res.Rate, res.Errors, res.P50MS, res.P99MS, res.MaxMS)
	if single.firstErr != nil {
		fmt.Println("first error    ", single.firstErr)
	}
	b, _ := json.Marshal(res)
	fmt.Println(string(b))
	return nil
}

// batchBody is a push of n samples of metric, each distinct.
func batchBody(metric string, n, worker, i int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"metrics":[`)
	for k := range n {
		if k > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"name":"` + metric + `","value":` + strconv.Itoa((worker+2)*1000+i+k) + `}`)
	}
	b.WriteString(`]}`)
	return b.Bytes()
}
