package app

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"wallboard/app/live"
	"wallboard/db"
)

// TestOversizedHeadersRefused: a request whose headers pass the read buffer gets 431, and the
// server goes on serving.
func TestOversizedHeadersRefused(t *testing.T) {
	ta := newTestApp(t, testConfig())
	addr := listen(t, ta, live.Options{})
	for _, size := range []int{16 << 10, 1 << 20} {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "GET /boards/ops HTTP/1.1\r\nHost: x\r\nX-Big: %s\r\n\r\n", strings.Repeat("a", size))
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("%d bytes of headers: %v", size, err)
		}
		if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Errorf("%d bytes of headers = %d, want 431", size, resp.StatusCode)
		}
		conn.Close()
	}
	if resp, err := http.Get("http://" + addr + "/boards/ops"); err != nil || resp.StatusCode != 200 {
		t.Errorf("after oversized headers, GET /boards/ops = %v, %v, want 200", resp, err)
	}
}

// TestStaticPathsStayInside: no spelling of a path escapes the embedded assets.
func TestStaticPathsStayInside(t *testing.T) {
	ta := newTestApp(t, testConfig())
	addr := listen(t, ta, live.Options{})
	for _, p := range []string{
		"/static/../go.mod", "/static/%2e%2e/%2e%2e/etc/passwd", "/static/..%2f..%2fapp%2fapp.go",
		"/static//etc/passwd", "/static/vendor/../../db/db.go", "/static/%2fetc%2fpasswd",
		"/static/....//....//etc/passwd", "/static/static.go", "/static/vendor/VERSIONS", "/static/app.css%00.go",
	} {
		conn, err := net.Dial("tcp", addr) // raw, so that no client cleans the path first
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", p)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("GET %s: %v", p, err)
		}
		var body strings.Builder
		bufio.NewReader(resp.Body).WriteTo(&body)
		conn.Close()
		if resp.StatusCode == http.StatusOK {
			t.Errorf("GET %s = 200, want a refusal", p)
		}
		for _, leak := range []string{"root:", "module wallboard", "package ", "sha256"} {
			if strings.Contains(body.String(), leak) {
				t.Errorf("GET %s leaks %q", p, leak)
			}
		}
	}
}

// TestMarkupComesOutEscaped: markup and script in what pushes and the config put on a board is
// shown as text, on the page and in the stream.
func TestMarkupComesOutEscaped(t *testing.T) {
	ta := newTestApp(t, testConfig())
	addr := listen(t, ta, live.Options{})
	const evil = `<script>alert(1)</script><img src=x onerror=alert(2)>"'&`
	pub := NewPublisher(ta.cfg, ta.hub)
	pub.PublishWidget(db.WidgetState{Board: "ops", Widget: "checks", State: "crit",
		Checks: []db.Status{{Name: "api", State: "crit", Message: evil, AckBy: evil}}})
	pub.PublishWidget(db.WidgetState{Board: "ops", Widget: "deploys", State: "ok",
		Events: []db.Event{{Stream: "deploys", Level: "info", Message: evil}}})
	pub.PublishWidget(db.WidgetState{Board: "ops", Widget: "jobs", State: "ok",
		Jobs: []db.JobProgress{{Progress: db.Progress{Name: "backup", Percent: 50, Label: evil}}}})

	resp, err := http.Get("http://" + addr + "/boards/ops")
	if err != nil {
		t.Fatal(err)
	}
	var page strings.Builder
	bufio.NewReader(resp.Body).WriteTo(&page)
	resp.Body.Close()
	stream, err := http.Get("http://" + addr + "/boards/ops/events")
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Body.Close()
	var snapshot strings.Builder
	r := bufio.NewReader(stream.Body)
	for {
		line, err := r.ReadString('\n')
		if err != nil || line == "\n" {
			break
		}
		snapshot.WriteString(line)
	}
	for name, out := range map[string]string{"page": page.String(), "stream": snapshot.String()} {
		for _, raw := range []string{"<script>alert", "<img src=x", "<b>room</b>", "<script>x</script>"} {
			if strings.Contains(out, raw) {
				t.Errorf("%s holds %q unescaped", name, raw)
			}
		}
		if n := strings.Count(out, "&lt;script&gt;alert(1)&lt;/script&gt;"); n < 3 {
			t.Errorf("%s shows the check message, ack, event and label escaped %d times, want at least 3", name, n)
		}
	}
}

// TestUnknownNamesAnswerPlainly: unknown boards, links, admin objects and API names get a 404
// or a 400 naming the field, and never a 500.
func TestUnknownNamesAnswerPlainly(t *testing.T) {
	ta := newTestApp(t, privateConfig())
	base := "http://" + listen(t, ta, live.Options{})
	c := browser(t)
	for _, p := range []string{"/boards/nope", "/boards/nope/events", "/boards/nope/widgets", "/boards/OPS",
		"/boards/ops/widgets/extra", "/s/", "/s/" + strings.Repeat("x", 5000), "/boards/%00", "/admin/nope"} {
		resp, _ := get(t, c, base+p)
		if resp.StatusCode >= 500 || resp.StatusCode == 200 {
			t.Errorf("GET %s = %d, want a 4xx", p, resp.StatusCode)
		}
	}
	signIn(t, ta, c, base)
	csrf := formToken(t, c, base+"/admin")
	for _, p := range []string{"/admin/links/999/revoke", "/admin/links/abc/revoke", "/admin/screens/-1/revoke",
		"/admin/tokens/999/revoke", "/admin/alerts/nope/ack", "/admin/jobs/nope/run"} {
		resp, body := post(t, c, base+p, url.Values{"_csrf": {csrf}})
		if resp.StatusCode >= 500 {
			t.Errorf("POST %s = %d %s, want no server error", p, resp.StatusCode, body)
		}
	}
	for _, f := range []url.Values{
		{"_csrf": {csrf}, "board": {"nope"}, "label": {"x"}},
		{"_csrf": {csrf}, "board": {"vault"}, "label": {""}},
		{"_csrf": {csrf}, "board": {"vault"}, "label": {"x"}, "valid_for": {"soon"}},
	} {
		if resp, body := post(t, c, base+"/admin/links", f); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("POST /admin/links %v = %d %s, want 400", f, resp.StatusCode, body)
		}
	}
	if links, _ := ta.store.ShareLinks(t.Context()); len(links) != 0 {
		t.Errorf("refused forms made %d links", len(links))
	}
	for _, p := range []string{"/api/v1/status/bad%20name", "/api/v1/progress/" + strings.Repeat("a", 300)} {
		resp, body := ta.push(t, "PUT", p, `{"state":"ok","percent":1}`)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `"field"`) {
			t.Errorf("PUT %s = %d %s, want 400 naming the field", p, resp.StatusCode, body)
		}
	}
}

// FuzzSafeNext: wherever a login is asked to go next, it stays on this site.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/admin", "//evil.example", "/\\evil.example", "https://evil.example", "", "/boards/ops?x=1", "/\r\nLocation: x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		u, err := url.Parse(got)
		if err != nil || u.Host != "" || u.Scheme != "" || !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") ||
			strings.ContainsAny(got, "\\\r\n") {
			t.Errorf("safeNext(%q) = %q, which can leave the site", next, got)
		}
	})
}
