package app

import (
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"wallboard/app/config"
	"wallboard/app/live"
	"wallboard/db"
)

// testNow is the app's clock in every test.
var testNow = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// testApp is the real app over a real SQLite file in t.TempDir(), with one API token and a
// Notifier that records what it is told.
type testApp struct {
	app    *fiber.App
	store  *db.Store
	hub    *live.Hub
	cfg    *config.Config
	path   string
	token  string
	notify *recorder
	health *Health
}

func newTestApp(t *testing.T, cfg *config.Config) *testApp {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "wallboard.db")
	store, err := db.Open(ctx, path)
	if err != nil {
		t.Fatalf("db.Open() error = %v", err)
	}
	t.Cleanup(func() { store.Close() })
	token, err := store.CreateToken(ctx, "test")
	if err != nil {
		t.Fatalf("CreateToken() error = %v", err)
	}
	ta := &testApp{store: store, hub: live.New(live.Options{}), cfg: cfg, path: path, token: token, notify: &recorder{}, health: &Health{}}
	ta.app = New(Deps{Store: store, Config: cfg, Hub: ta.hub, Notify: ta.notify, Health: ta.health,
		Log: discardLogger(), Now: func() time.Time { return testNow }})
	return ta
}

// do sends one request through app.Test and returns the response and its body.
func (ta *testApp) do(t *testing.T, method, path, body string, header ...string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := ta.app.Test(req, -1)
	if err != nil {
		t.Fatalf("%s %s: app.Test() error = %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return resp, string(b)
}

// push sends an API call with the test token.
func (ta *testApp) push(t *testing.T, method, path, body string) (*http.Response, string) {
	t.Helper()
	return ta.do(t, method, path, body, "Authorization", "Bearer "+ta.token, "Content-Type", "application/json")
}

// rows counts what the push API has stored, in every table it writes.
func (ta *testApp) rows(t *testing.T) int {
	t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+ta.path+"?mode=ro")
	if err != nil {
		t.Fatalf("open %s: %v", ta.path, err)
	}
	defer conn.Close()
	const q = `SELECT (SELECT COUNT(*) FROM samples) + (SELECT COUNT(*) FROM events)
	                + (SELECT COUNT(*) FROM statuses) + (SELECT COUNT(*) FROM progress)`
	var n int
	if err := conn.QueryRow(q).Scan(&n); err != nil {
		t.Fatalf("count rows: %v", err)
	}
	return n
}

// apiError decodes an API error body.
func apiError(t *testing.T, body string) errorBody {
	t.Helper()
	var e errorBody
	if err := json.Unmarshal([]byte(body), &e); err != nil {
		t.Fatalf("error body %q is not JSON: %v", body, err)
	}
	return e
}

// recorder is a Notifier that keeps every notice.
type recorder struct {
	mu      sync.Mutex
	changes []db.Changes
}

func (r *recorder) Changed(c db.Changes) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.changes = append(r.changes, c)
}

func (r *recorder) all() []db.Changes {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]db.Changes(nil), r.changes...)
}
