package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// chromiumPath is Debian's Chromium, which .ci/run installs with apt-get.
const chromiumPath = "/usr/bin/chromium"

// newBrowser starts one headless Chromium for the subtests of t and stops it when t ends. Without
// Chromium the test fails on CI (CI=true) and skips, loudly, anywhere else.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		msg := fmt.Sprintf("chromium not found at %s: install it with apt-get install chromium; browser tests NOT run", chromiumPath)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	// Only these flags: chromedp's defaults are left out on purpose. --headless alone keeps the
	// scrollbars (chromedp.Headless would hide them), so a screenshot shows one if the board
	// overflows. Without --disable-background-networking Chromium's own connections are refused
	// here and slow it down. chromedp gives every browser a fresh --user-data-dir of its own in
	// the temp folder and removes it when the browser stops.
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
	)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancelBrowser(); cancelAlloc() })
	start := time.Now()
	if err := chromedp.Do(browser); err != nil { // starts the browser
		t.Fatalf("start chromium: %v", err)
	}
	t.Logf("chromium started in %v", time.Since(start).Round(time.Millisecond))
	return browser
}

// newTab opens a tab in a browser context of its own (no cookies or cache shared with other
// tests) and closes it when t ends, or after limit. If t fails, it logs the tab's requests for
// the stream and the widgets, with their answers.
func newTab(t *testing.T, browser context.Context, limit time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(browser, limit)
	tab, cancelTab := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(func() { cancelTab(); cancel() })
	trace := &netTrace{start: time.Now()}
	if err := chromedp.Listen(tab, trace.note); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	err := chromedp.Do(tab, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, cdplog.Enable, cdp.Empty{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{})
		return err
	}))
	if err != nil {
		t.Fatalf("open tab: %v", err)
	}
	t.Cleanup(func() {
		// The pages must work under their content security policy, not around it.
		if v := trace.violations(); v != "" {
			t.Errorf("the page broke its content security policy:\n%s", v)
		}
		if t.Failed() {
			t.Logf("the tab's stream and widget requests:\n%s", trace)
		}
	})
	return tab
}

// netTrace notes a tab's requests for a board's stream and widgets, and what became of them.
type netTrace struct {
	start time.Time
	mu    sync.Mutex
	urls  map[network.RequestID]string
	lines []string
	csp   []string // console messages about the content security policy
}

func (n *netTrace) violations() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return strings.Join(n.csp, "\n")
}

// note is a chromedp.Listen callback: it must return fast and call nothing of chromedp.
func (n *netTrace) note(ev any) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.urls == nil {
		n.urls = map[network.RequestID]string{}
	}
	add := func(id network.RequestID, format string, args ...any) {
		if url, ok := n.urls[id]; ok {
			n.lines = append(n.lines, fmt.Sprintf("%8.3fs %s %s", time.Since(n.start).Seconds(), url, fmt.Sprintf(format, args...)))
		}
	}
	switch e := ev.(type) {
	case *cdplog.EventEntryAdded:
		if strings.Contains(e.Entry.Text, "Content Security Policy") {
			n.csp = append(n.csp, e.Entry.Text)
		}
	case *network.EventRequestWillBeSent:
		if u := e.Request.URL; strings.Contains(u, "/events") || strings.Contains(u, "/widgets") {
			n.urls[e.RequestID] = u
			add(e.RequestID, "sent (Last-Event-ID %v)", e.Request.Headers["Last-Event-ID"])
		}
	case *network.EventResponseReceived:
		add(e.RequestID, "answered %d (connection %v, reused %v)", e.Response.Status, e.Response.ConnectionID, e.Response.ConnectionReused)
	case *network.EventLoadingFinished:
		add(e.RequestID, "finished")
	case *network.EventLoadingFailed:
		add(e.RequestID, "failed: %s (canceled %v)", e.ErrorText, e.Canceled)
	}
}

func (n *netTrace) String() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	if len(n.lines) == 0 {
		return "(none)"
	}
	return strings.Join(n.lines, "\n")
}

// delayRequests holds back every request of the tab whose URL matches pattern (Chromium's
// Fetch.RequestPattern wildcards) for d, as a slow network would.
func delayRequests(t *testing.T, tab context.Context, pattern string, d time.Duration) {
	t.Helper()
	paused := chromedp.Events(tab, fetch.RequestPaused)
	err := chromedp.Do(tab, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: pattern}}})
		return err
	}))
	if err != nil {
		t.Fatalf("intercept %s: %v", pattern, err)
	}
	go func() { // ends with the tab
		for ev, err := range paused {
			if err != nil {
				return
			}
			time.AfterFunc(d, func() {
				chromedp.Do(tab, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					_, err := cdp.Call(ctx, tg, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
					return err
				}))
			})
		}
	}()
}

// disableScripts turns JavaScript off in the tab, for the pages it loads from now on.
func disableScripts(t *testing.T, tab context.Context) {
	t.Helper()
	err := chromedp.Do(tab, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	if err != nil {
		t.Fatalf("disable scripts: %v", err)
	}
}

func navigate(t *testing.T, tab context.Context, url string) {
	t.Helper()
	if err := chromedp.Do(tab, chromedp.Navigate(url)); err != nil {
		t.Fatalf("navigate to %s: %v", url, err)
	}
}

// eval evaluates a JavaScript expression in the page and decodes its value.
func eval[T any](tab context.Context, expr string) (T, error) {
	return chromedp.Run(tab, chromedp.Evaluate[T](expr))
}

// mustEval is eval that fails the test on an error.
func mustEval[T any](t *testing.T, tab context.Context, expr string) T {
	t.Helper()
	v, err := eval[T](tab, expr)
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// waitFor evaluates expr, a JavaScript boolean expression, every 20 ms until it is true and
// returns how long that took. If it is not true within limit, the test fails with what was
// awaited and the state of the page.
func waitFor(t *testing.T, tab context.Context, limit time.Duration, what, expr string) time.Duration {
	t.Helper()
	start := time.Now()
	var lastErr error
	for {
		ok, err := eval[bool](tab, expr)
		if err == nil && ok {
			return time.Since(start)
		}
		lastErr = err
		if time.Since(start) > limit {
			t.Fatalf("not within %v: %s (last error: %v)\npage: %s", limit, what, lastErr, pageState(tab))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// pageState describes the page for a failure message: the live state, whether the banner shows,
// and each widget's contract attributes and text.
func pageState(tab context.Context) string {
	s, err := eval[string](tab, `JSON.stringify({
		url: location.href,
		ready: document.readyState,
		visibility: document.visibilityState,
		htmx: typeof window.htmx,
		resources: performance.getEntriesByType('resource').map(e =>
			e.name.replace(location.origin, '') + ' at ' + Math.round(e.startTime) + ' ms for ' + Math.round(e.duration) + ' ms'),
		live: document.body && document.body.dataset.live,
		banner: `+bannerVisibleJS+`,
		bannerText: (document.querySelector('[data-live-banner]') || {}).innerText,
		widgets: [...document.querySelectorAll('[data-widget]')].map(w => ({
			id: w.dataset.widget, state: w.dataset.state, stale: w.dataset.stale,
			updated: w.dataset.updated, text: w.innerText.replace(/\s+/g, ' ').trim(),
		})),
	}, null, 1)`)
	if err != nil {
		return fmt.Sprintf("(cannot read the page: %v)", err)
	}
	return s
}

// liveIs is a JavaScript expression: <body data-live> is one of states.
func liveIs(states ...string) string {
	b, _ := json.Marshal(states)
	return fmt.Sprintf(`%s.includes(document.body && document.body.dataset.live)`, b)
}

// bannerVisibleJS is a JavaScript expression: the connection banner is on screen, with text. It
// counts as hidden when it or an ancestor is display:none, visibility:hidden or transparent,
// when it has no size, or when it lies outside the viewport (slid away).
const bannerVisibleJS = `(() => {
	const b = document.querySelector('[data-live-banner]');
	if (!b) return false;
	for (let e = b; e; e = e.parentElement) {
		const s = getComputedStyle(e);
		if (s.display === 'none' || s.visibility !== 'visible' || parseFloat(s.opacity) < 0.1) return false;
	}
	const r = b.getBoundingClientRect();
	if (r.width < 1 || r.height < 1) return false;
	if (r.bottom <= 0 || r.right <= 0 || r.top >= innerHeight || r.left >= innerWidth) return false;
	return b.innerText.trim() !== '';
})()`

// widgetHas is a JavaScript expression: the widget's text contains text.
func widgetHas(id, text string) string {
	return fmt.Sprintf(`((w) => !!w && w.textContent.includes(%q))(document.querySelector('[data-widget=%q]'))`, text, id)
}

// widgetAttr is a JavaScript expression: the widget's data attribute name (as in dataset).
func widgetAttr(id, name string) string {
	return fmt.Sprintf(`((w) => w ? w.dataset[%q] : null)(document.querySelector('[data-widget=%q]'))`, name, id)
}

// board is a running wallboard with its folder, config and API token.
type board struct {
	dir   string
	token string
	srv   *server
}

// url returns the address of path on the server.
func (b *board) url(path string) string { return "http://" + b.srv.addr + path }

// newBoard writes config (none for the built-in demo) into a fresh folder, creates an API
// token and starts the server there with args.
func newBoard(t *testing.T, config string, args ...string) *board {
	t.Helper()
	b := &board{dir: t.TempDir()}
	if config != "" {
		if err := os.WriteFile(filepath.Join(b.dir, "wallboard.yaml"), []byte(config), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, err := wallboard(t, b.dir, "token", "create", "browser-test")
	if err != nil {
		t.Fatalf("token create: %v\n%s", err, out)
	}
	b.token = strings.TrimSpace(out)
	b.srv = startServerOn(t, b.dir, freeAddr(t), args...)
	return b
}

// push sends an API call and fails the test unless it is answered 200.
func (b *board) push(t *testing.T, method, path, body string) {
	t.Helper()
	if code, resp := do(t, method, b.url(path), b.token, body); code != http.StatusOK {
		t.Fatalf("%s %s %s = %d %s, want 200", method, path, body, code, resp)
	}
}

// pushMetric pushes one sample of metric.
func (b *board) pushMetric(t *testing.T, metric string, value float64) {
	t.Helper()
	b.push(t, "POST", "/api/v1/metrics", fmt.Sprintf(`{"metrics":[{"name":%q,"value":%v}]}`, metric, value))
}

// waitPageHas fetches the board page over plain HTTP until it holds every one of texts, so that
// a test knows the server has published what it pushed before a browser looks.
func (b *board) waitPageHas(t *testing.T, slug string, texts ...string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, page := do(t, "GET", b.url("/boards/"+slug), "", "")
		missing := ""
		for _, s := range texts {
			if !strings.Contains(page, s) {
				missing = s
				break
			}
		}
		if missing == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET /boards/%s still lacks %q 5 s after the push:\n%s", slug, missing, page)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// startServerOn starts a wallboard child process in dir listening on addr, and waits until it
// answers. A test can stop a server and start another where a page expects it.
func startServerOn(t *testing.T, dir, addr string, args ...string) *server {
	t.Helper()
	s := &server{addr: addr, log: &bytes.Buffer{}, done: make(chan struct{})}
	s.cmd = exec.Command(binary, append([]string{"serve", "-addr", addr}, args...)...)
	s.cmd.Dir = dir
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	s.cmd.Env = append(os.Environ(), "WALLBOARD_CONFIG=", "WALLBOARD_DB=", "WALLBOARD_ADDR=")
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.err = s.cmd.Wait(); close(s.done) }()
	t.Cleanup(func() {
		s.cmd.Process.Kill()
		s.wait()
		if t.Failed() {
			t.Logf("server log (%s):\n%s", addr, s.log)
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/")
		if err == nil {
			resp.Body.Close()
			return s
		}
		select {
		case <-s.done:
			t.Fatalf("server exited before answering: %v\n%s", s.err, s.log)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not answer on %s: %v\n%s", addr, err, s.log)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// artifactDir is where screenshots go: $WALLBOARD_ARTIFACTS (CI keeps it), else a temp folder.
func artifactDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("WALLBOARD_ARTIFACTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// jsonEval evaluates a JavaScript expression that returns JSON text and decodes it into v.
func jsonEval(tab context.Context, expr string, v any) error {
	s, err := eval[string](tab, expr)
	if err != nil {
		return fmt.Errorf("evaluate: %w", err)
	}
	return json.Unmarshal([]byte(s), v)
}

// luminance returns the brightness, 0 to 1, of a CSS colour as getComputedStyle writes it:
// rgb(r, g, b) or rgba(r, g, b, a).
func luminance(css string) (float64, error) {
	var r, g, b float64
	inner, ok := strings.CutPrefix(css, "rgba(")
	if !ok {
		inner, ok = strings.CutPrefix(css, "rgb(")
	}
	if !ok {
		return 0, fmt.Errorf("not an rgb() colour")
	}
	if _, err := fmt.Sscanf(strings.ReplaceAll(inner, ",", " "), "%g %g %g", &r, &g, &b); err != nil {
		return 0, err
	}
	return (0.2126*r + 0.7152*g + 0.0722*b) / 255, nil
}
