package app

import (
	"bufio"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"wallboard/app/config"
	"wallboard/app/live"
)

// privateConfig is the test config with a private board, "vault".
func privateConfig() *config.Config {
	cfg := testConfig()
	cfg.Boards = append(cfg.Boards, config.Board{Slug: "vault", Title: "Vault", Columns: 2, Theme: "dark", Visibility: "private",
		Widgets: []config.Widget{{ID: "clock", Kind: config.KindClock, Title: "Time", Cols: 1, Rows: 1}}})
	return cfg
}

// browser is an HTTP client with a cookie jar that does not follow redirects.
func browser(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func get(t *testing.T, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func post(t *testing.T, c *http.Client, u string, form url.Values) (*http.Response, string) {
	t.Helper()
	resp, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// formToken returns the CSRF token of the first form on the page at u.
func formToken(t *testing.T, c *http.Client, u string) string {
	t.Helper()
	_, body := get(t, c, u)
	m := csrfField.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no _csrf field on %s:\n%s", u, body)
	}
	return m[1]
}

// signIn adds an admin and signs the client in.
func signIn(t *testing.T, ta *testApp, c *http.Client, base string) {
	t.Helper()
	if err := ta.store.AddUser(t.Context(), "ada", "correct horse battery"); err != nil && !strings.Contains(err.Error(), "exists") {
		t.Fatal(err)
	}
	resp, body := post(t, c, base+"/login", url.Values{"_csrf": {formToken(t, c, base+"/login")},
		"name": {"ada"}, "password": {"correct horse battery"}, "next": {"/admin"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin" {
		t.Fatalf("POST /login = %d %s, want 303 to /admin", resp.StatusCode, body)
	}
}

// stream opens a board's stream with the client's cookies and returns a reader of its lines,
// or the status if it was refused.
func stream(t *testing.T, c *http.Client, u string) (*bufio.Reader, int) {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return bufio.NewReader(resp.Body), resp.StatusCode
}

// endOfStream reads r to its end and returns its last named event and data, and how long the
// end took to come.
func endOfStream(t *testing.T, r *bufio.Reader) (event, data string, took time.Duration) {
	t.Helper()
	start := time.Now()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			if v, ok := strings.CutPrefix(line, "event: "); ok && !strings.HasPrefix(v, "ping") {
				event = strings.TrimSpace(v)
			} else if v, ok := strings.CutPrefix(line, "data: "); ok && event != "" {
				data = strings.TrimSpace(v)
			}
		}
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("stream still open after 5 s")
	}
	return event, data, time.Since(start)
}

func TestPrivateBoardRefusesVisitors(t *testing.T) {
	ta := newTestApp(t, privateConfig())
	base := "http://" + listen(t, ta, live.Options{})
	c := browser(t)
	for _, path := range []string{"/boards/vault", "/boards/vault/widgets", "/boards/vault/events"} {
		resp, body := get(t, c, base+path)
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("GET %s without access = %d, want 403", path, resp.StatusCode)
		}
		if strings.Contains(body, "widget-clock") {
			t.Errorf("GET %s without access shows the board", path)
		}
	}
	if _, body := get(t, c, base+"/boards/vault"); !strings.Contains(body, `data-access="private"`) || !strings.Contains(body, "/login?next=%2Fboards%2Fvault") {
		t.Errorf("the refusal page does not say the board is private with a way to sign in:\n%s", body)
	}
	if _, body := get(t, c, base+"/"); strings.Contains(body, "vault") {
		t.Error("the board list names a private board to a visitor")
	}
	if resp, _ := get(t, c, base+"/boards/ops"); resp.StatusCode != http.StatusOK {
		t.Errorf("public board = %d, want 200", resp.StatusCode)
	}
	// A screen cookie for another board opens nothing here.
	_, token, _ := ta.store.CreateShareLink(t.Context(), "ops", "Ops TV", "ada", 0)
	get(t, c, base+"/s/"+token)
	if resp, _ := get(t, c, base+"/boards/vault"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("private board with another board's screen cookie = %d, want 403", resp.StatusCode)
	}
	// An admin sees it.
	signIn(t, ta, c, base)
	if resp, _ := get(t, c, base+"/boards/vault"); resp.StatusCode != http.StatusOK {
		t.Errorf("private board for an admin = %d, want 200", resp.StatusCode)
	}
}

func TestShareLinkExchange(t *testing.T) {
	ta := newTestApp(t, privateConfig())
	base := "http://" + listen(t, ta, live.Options{})
	_, token, err := ta.store.CreateShareLink(t.Context(), "vault", "Lobby TV", "ada", 0)
	if err != nil {
		t.Fatal(err)
	}
	tv := browser(t)
	resp, _ := get(t, tv, base+"/s/"+token)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/boards/vault" {
		t.Fatalf("GET /s/{token} = %d to %q, want 303 to /boards/vault", resp.StatusCode, resp.Header.Get("Location"))
	}
	for h, want := range map[string]string{"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"} {
		if got := resp.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	cookie := resp.Header.Get("Set-Cookie")
	for _, want := range []string{"wb_screen=", "path=/boards/vault", "HttpOnly", "SameSite=Lax"} {
		if !strings.Contains(strings.ToLower(cookie), strings.ToLower(want)) {
			t.Errorf("Set-Cookie = %q, want %s", cookie, want)
		}
	}
	if strings.Contains(cookie, token) {
		t.Error("the screen cookie is the link's token: the token would stay in use")
	}
	if resp, body := get(t, tv, base+"/boards/vault"); resp.StatusCode != http.StatusOK || !strings.Contains(body, "widget-clock") {
		t.Errorf("board after the exchange = %d, want the board", resp.StatusCode)
	}
	if _, code := stream(t, tv, base+"/boards/vault/events"); code != http.StatusOK {
		t.Errorf("stream after the exchange = %d, want 200", code)
	}
	if resp, _ := get(t, browser(t), base+"/s/not-a-token"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown link = %d, want 404", resp.StatusCode)
	}
}

// TestRevokeEndsStream: revoking a share link from the admin page ends the open stream of its
// screen at once, tells the screen why, and refuses it afterwards.
func TestRevokeEndsStream(t *testing.T) {
	ta := newTestApp(t, privateConfig())
	base := "http://" + listen(t, ta, live.Options{})
	link, token, _ := ta.store.CreateShareLink(t.Context(), "vault", "Lobby TV", "ada", 0)
	tv := browser(t)
	get(t, tv, base+"/s/"+token)
	r, code := stream(t, tv, base+"/boards/vault/events")
	if code != http.StatusOK {
		t.Fatalf("stream = %d", code)
	}
	admin := browser(t)
	signIn(t, ta, admin, base)
	csrf := formToken(t, admin, base+"/admin")
	resp, body := post(t, admin, base+"/admin/links/"+itoa(int(link.ID))+"/revoke", url.Values{"_csrf": {csrf}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke = %d %s, want 303", resp.StatusCode, body)
	}
	event, data, took := endOfStream(t, r)
	if event != "ended" || data != "revoked" {
		t.Errorf("last event = %q %q, want ended: revoked", event, data)
	}
	if took > time.Second {
		t.Errorf("the stream ended %v after the revoke answered, want within 1 s", took)
	}
	resp, body = get(t, tv, base+"/boards/vault")
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, `data-access="revoked"`) {
		t.Errorf("board after revoke = %d, want 403 saying access was revoked", resp.StatusCode)
	}
	if _, code := stream(t, tv, base+"/boards/vault/events"); code != http.StatusForbidden {
		t.Errorf("stream after revoke = %d, want 403", code)
	}
}

// TestExpiredSessionEndsStream: an admin's stream of a private board ends when the session
// expires, and says so.
func TestExpiredSessionEndsStream(t *testing.T) {
	cfg := privateConfig()
	cfg.Security.SessionTTL = config.Duration(time.Second)
	ta := newTestApp(t, cfg)
	base := "http://" + listen(t, ta, live.Options{})
	c := browser(t)
	signIn(t, ta, c, base)
	start := time.Now()
	r, code := stream(t, c, base+"/boards/vault/events")
	if code != http.StatusOK {
		t.Fatalf("stream = %d", code)
	}
	event, data, _ := endOfStream(t, r)
	if event != "ended" || data != "expired" {
		t.Errorf("last event = %q %q, want ended: expired", event, data)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("stream of a 1 s session lasted %v, want it ended within 1 s of the expiry", took)
	}
}

func TestFormsNeedCSRFToken(t *testing.T) {
	ta := newTestApp(t, privateConfig())
	base := "http://" + listen(t, ta, live.Options{})
	c := browser(t)
	if resp, _ := post(t, c, base+"/login", url.Values{"name": {"ada"}, "password": {"x"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("POST /login without a CSRF token = %d, want 403", resp.StatusCode)
	}
	signIn(t, ta, c, base)
	tokens := func() int { ts, _ := ta.store.Tokens(t.Context()); return len(ts) }
	before := tokens()
	for _, form := range []url.Values{{"name": {"x"}}, {"name": {"x"}, "_csrf": {"forged"}}} {
		if resp, _ := post(t, c, base+"/admin/tokens", form); resp.StatusCode != http.StatusForbidden {
			t.Errorf("POST /admin/tokens with %v = %d, want 403", form, resp.StatusCode)
		}
	}
	if tokens() != before {
		t.Error("a refused form created a token")
	}
	resp, body := post(t, c, base+"/admin/tokens", url.Values{"name": {"deploy"}, "_csrf": {formToken(t, c, base+"/admin")}})
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "wb_") || tokens() != before+1 {
		t.Errorf("POST /admin/tokens with the token = %d, want 200 showing the new token once", resp.StatusCode)
	}
	// Without a session, the admin pages send a visitor to sign in.
	resp, _ = get(t, browser(t), base+"/admin")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login?next=") {
		t.Errorf("GET /admin without a session = %d to %q, want 303 to the login", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestBadLoginsAreSlowedDown(t *testing.T) {
	ta := newTestApp(t, privateConfig())
	base := "http://" + listen(t, ta, live.Options{})
	c := browser(t)
	ta.store.AddUser(t.Context(), "ada", "correct horse battery")
	try := func(pw string) *http.Response {
		resp, _ := post(t, c, base+"/login", url.Values{"_csrf": {formToken(t, c, base+"/login")}, "name": {"ada"}, "password": {pw}})
		return resp
	}
	for i := range loginFailures {
		if resp := try("guess"); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("bad login %d = %d, want 401", i+1, resp.StatusCode)
		}
	}
	resp := try("correct horse battery")
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Errorf("login after %d failures = %d (Retry-After %q), want 429 even with the right password", loginFailures, resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if resp.Header.Get("Set-Cookie") != "" && strings.Contains(resp.Header.Get("Set-Cookie"), sessionCookie) {
		t.Error("a refused login set a session")
	}
}

// TestStreamLimitPerSession: one admin session may hold only so many streams, from however
// many addresses.
func TestStreamLimitPerSession(t *testing.T) {
	cfg := privateConfig()
	cfg.Security.TrustedProxies = []string{"127.0.0.0/8"}
	ta := newTestApp(t, cfg)
	base := "http://" + listen(t, ta, live.Options{})
	c := browser(t)
	signIn(t, ta, c, base)
	refused := 0
	for i := range 25 {
		req, _ := http.NewRequest("GET", base+"/boards/vault/events", nil)
		req.Header.Set("X-Forwarded-For", "10.2.0."+itoa(i)) // a different address each time
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		if resp.StatusCode == http.StatusTooManyRequests {
			refused++
		}
	}
	if refused != 5 {
		t.Errorf("refused %d of 25 streams of one session, want 5 (the limit is 20)", refused)
	}
}
