package app

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestPushTooLargeOnListener sends a 3 MB body to a real listener. fasthttp refuses it while
// reading the request, before any handler runs, and Fiber hands fiber.ErrRequestEntityTooLarge
// to the app's error handler. Only a real connection shows that path end to end: app.Test
// returns fasthttp's error instead of a response.
func TestPushTooLargeOnListener(t *testing.T) {
	ta := newTestApp(t, testConfig())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	go ta.app.Listener(ln)
	t.Cleanup(func() { ta.app.ShutdownWithTimeout(5 * time.Second) })

	body := `{"metrics":[{"name":"a","value":1,"ts":"` + strings.Repeat("x", 3<<20) + `"}]}`
	resp, got := rawPost(t, ln.Addr().String(), "/api/v1/metrics", ta.token, body)
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("status = %d, want 413 (body %s)", resp.StatusCode, got)
	}
	if e := apiError(t, got); e.Error == "" || e.Field != "" {
		t.Errorf("error body = %+v, want a message and no field", e)
	}
	if n := ta.rows(t); n != 0 {
		t.Errorf("rows stored = %d, want 0", n)
	}
}

// rawPost writes a request on a plain TCP connection and reads the answer while the body is
// still being written: a server that refuses a body early may answer before it has read it.
func rawPost(t *testing.T, addr, path, token, body string) (*http.Response, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(20 * time.Second))
	head := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n"+
		"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n", path, addr, token, len(body))
	go func() {
		// The server may close the connection before the body is all sent; that write error
		// is expected.
		io.Copy(conn, io.MultiReader(strings.NewReader(head), strings.NewReader(body)))
	}()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("read response: %v", err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	return resp, b.String()
}
