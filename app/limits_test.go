package app

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"wallboard/app/live"
	"wallboard/db"
)

// openStream sends a stream request on a new connection and returns the connection and the
// response's status, with xff as X-Forwarded-For if set.
func openStream(t *testing.T, addr, xff string) (net.Conn, int, http.Header) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	req := "GET /boards/ops/events HTTP/1.1\r\nHost: x\r\n"
	if xff != "" {
		req += "X-Forwarded-For: " + xff + "\r\n"
	}
	conn.Write([]byte(req + "\r\n"))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	return conn, resp.StatusCode, resp.Header
}

func TestStreamLimitPerAddress(t *testing.T) {
	ta := newTestApp(t, testConfig())
	addr := listen(t, ta, live.Options{Heartbeat: 50 * time.Millisecond})
	NewPublisher(ta.cfg, ta.hub).PublishWidget(db.WidgetState{Board: "ops", Widget: "signups", State: "ok", HasValue: true, Value: 1})
	var conns []net.Conn
	for i := range 20 {
		c, code, _ := openStream(t, addr, "")
		if code != http.StatusOK {
			t.Fatalf("stream %d = %d, want 200", i+1, code)
		}
		conns = append(conns, c)
	}
	_, code, h := openStream(t, addr, "")
	if code != http.StatusTooManyRequests || h.Get("Retry-After") == "" {
		t.Fatalf("21st stream from one address = %d (Retry-After %q), want 429 with Retry-After", code, h.Get("Retry-After"))
	}
	// A screen that leaves gives its slot back, once the hub has noticed.
	conns[0].Close()
	waitUntil(t, func() bool { return ta.hub.Streams("ops") == 19 })
	if _, code, _ := openStream(t, addr, ""); code != http.StatusOK {
		t.Errorf("stream after one closed = %d, want 200", code)
	}
}

// TestStreamLimitBehindProxy: X-Forwarded-For names the client only when a trusted proxy sends
// it; from anyone else it is ignored, so it cannot be used to dodge the limit.
func TestStreamLimitBehindProxy(t *testing.T) {
	for _, trusted := range []bool{true, false} {
		t.Run(fmt.Sprintf("trusted=%v", trusted), func(t *testing.T) {
			cfg := testConfig()
			if trusted {
				cfg.Security.TrustedProxies = []string{"127.0.0.0/8"}
			}
			ta := newTestApp(t, cfg)
			addr := listen(t, ta, live.Options{})
			refused := 0
			for i := range 25 {
				if _, code, _ := openStream(t, addr, fmt.Sprintf("10.1.0.%d, 127.0.0.1", i)); code == http.StatusTooManyRequests {
					refused++
				}
			}
			if want := map[bool]int{true: 0, false: 5}[trusted]; refused != want {
				t.Errorf("refused %d of 25 streams from distinct forwarded addresses, want %d", refused, want)
			}
		})
	}
}

func TestIngestLimitPerToken(t *testing.T) {
	cfg := testConfig()
	cfg.Security.IngestPerToken = 100
	ta := newTestApp(t, cfg)
	var batch strings.Builder
	for i := range MaxSamplesPerRequest {
		if i > 0 {
			batch.WriteByte(',')
		}
		batch.WriteString(`{"name":"signups","value":1}`)
	}
	if resp, body := ta.push(t, "POST", "/api/v1/metrics", `{"metrics":[`+batch.String()+`]}`); resp.StatusCode != 200 {
		t.Fatalf("first full batch = %d %s, want 200: a budget holds at least one request of the largest size", resp.StatusCode, body)
	}
	before := ta.rows(t)
	resp, body := ta.push(t, "POST", "/api/v1/metrics", `{"metrics":[{"name":"signups","value":1}]}`)
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" || !strings.Contains(body, "100 items a second") {
		t.Errorf("push over the budget = %d %s (Retry-After %q), want 429 naming the limit, with Retry-After", resp.StatusCode, body, resp.Header.Get("Retry-After"))
	}
	if resp, _ := ta.push(t, "PUT", "/api/v1/status/api", `{"state":"ok"}`); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("status over the budget = %d, want 429: every push spends the token's budget", resp.StatusCode)
	}
	if got := ta.rows(t); got != before {
		t.Errorf("rows after refused pushes = %d, want %d: a 429 stores nothing", got, before)
	}
	// Another token has a budget of its own.
	other, err := ta.store.CreateToken(t.Context(), "other")
	if err != nil {
		t.Fatal(err)
	}
	if resp, body := ta.do(t, "POST", "/api/v1/metrics", `{"metrics":[{"name":"signups","value":1}]}`,
		"Authorization", "Bearer "+other, "Content-Type", "application/json"); resp.StatusCode != 200 {
		t.Errorf("push with another token = %d %s, want 200", resp.StatusCode, body)
	}
}
