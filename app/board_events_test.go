package app

import (
	"bufio"
	"bytes"
	"context"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"wallboard/app/live"
	"wallboard/db"
)

// listen serves ta's app on a real loopback listener, with a hub of the given options.
func listen(t *testing.T, ta *testApp, opts live.Options) string {
	t.Helper()
	if opts.CloseSpread == 0 {
		opts.CloseSpread = time.Millisecond
	}
	metrics := NewMetrics()
	opts.ObserveLag = metrics.ObserveLag
	ta.hub = live.New(opts)
	ta.app = New(Deps{Store: ta.store, Config: ta.cfg, Hub: ta.hub, Log: discardLogger(), Now: time.Now, Metrics: metrics})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go ta.app.Listener(ln)
	t.Cleanup(func() { ta.hub.Close(); ta.app.ShutdownWithTimeout(5 * time.Second) })
	return ln.Addr().String()
}

func TestStreamHeadersAndSnapshot(t *testing.T) {
	ta := newTestApp(t, testConfig())
	addr := listen(t, ta, live.Options{})
	pub := NewPublisher(ta.cfg, ta.hub)
	pub.PublishWidget(db.WidgetState{Board: "ops", Widget: "signups", State: "ok", HasValue: true, Value: 42})

	req, _ := http.NewRequest("GET", "http://"+addr+"/boards/ops/events", nil)
	req.Header.Set("Accept-Encoding", "gzip, br") // a stream must not be compressed all the same
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	for h, want := range map[string]string{
		"Content-Type":      "text/event-stream",
		"Cache-Control":     "no-cache, no-transform",
		"X-Accel-Buffering": "no",
		"Content-Encoding":  "",
	} {
		if got := resp.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	if !resp.Close || resp.ContentLength != -1 || len(resp.TransferEncoding) != 0 {
		t.Errorf("stream body: close %v, length %d, encoding %v; want a body that runs to the connection's close",
			resp.Close, resp.ContentLength, resp.TransferEncoding)
	}
	r := bufio.NewReader(resp.Body)
	var msg strings.Builder
	for {
		line, err := r.ReadString('\n')
		if err != nil || line == "\n" {
			break
		}
		msg.WriteString(line)
	}
	for _, want := range []string{"id: " + ta.hub.Boot() + "-", "retry: ", `data: <hx-partial hx-target="#widget-signups" hx-swap="outerMorph">`} {
		if !strings.Contains(msg.String(), want) {
			t.Errorf("snapshot lacks %q:\n%s", want, msg.String())
		}
	}
	if resp, err := http.Get("http://" + addr + "/boards/nope/events"); err != nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET /boards/nope/events = %v, %v, want 404", resp.StatusCode, err)
	}
}

// TestStalledScreenIsCutOff: a screen that connects and never reads is cut off once its writes
// stall for the write timeout, on a real socket through Fiber. At 200 KB/s it must go within
// 10 s: with the kernel's autotuned send buffer (megabytes) it would take far longer.
func TestStalledScreenIsCutOff(t *testing.T) {
	ta := newTestApp(t, testConfig())
	addr := listen(t, ta, live.Options{WriteTimeout: 300 * time.Millisecond})
	d := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		return c.Control(func(fd uintptr) { syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
	}}
	conn, err := d.DialContext(context.Background(), "tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.Write([]byte("GET /boards/ops/events HTTP/1.1\r\nHost: x\r\n\r\n"))
	waitUntil(t, func() bool { return ta.hub.Streams("ops") == 1 })

	big := bytes.Repeat([]byte("x"), 2<<10)
	deadline := time.Now().Add(10 * time.Second)
	for i := 0; ta.hub.Streams("ops") > 0; i++ {
		if time.Now().After(deadline) {
			t.Fatal("a screen that never reads is still connected after 10 s")
		}
		ta.hub.Publish("ops", "signups", big, append(big, byte('0'+i%10)))
		time.Sleep(10 * time.Millisecond)
	}
}

func waitUntil(t *testing.T, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
