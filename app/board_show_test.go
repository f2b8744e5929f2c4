package app

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"wallboard/app/config"
	"wallboard/db"
	"wallboard/static"
)

// page fetches a page and parses it.
func (ta *testApp) page(t *testing.T, path string, wantStatus int) *goquery.Document {
	t.Helper()
	resp, body := ta.do(t, "GET", path, "")
	if resp.StatusCode != wantStatus {
		t.Fatalf("GET %s = %d, want %d", path, resp.StatusCode, wantStatus)
	}
	if got := resp.Header.Get("Content-Type"); !strings.HasPrefix(got, "text/html") {
		t.Errorf("GET %s Content-Type = %q, want text/html", path, got)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	return doc
}

// checkWidgetRoots checks the DOM contract of every widget root of board b.
func checkWidgetRoots(t *testing.T, doc *goquery.Document, b *config.Board) {
	t.Helper()
	for _, w := range b.Widgets {
		root := doc.Find(`[data-widget="` + w.ID + `"]`)
		if root.Length() != 1 {
			t.Errorf("widget %s: %d roots, want 1", w.ID, root.Length())
			continue
		}
		if got, want := root.AttrOr("id", ""), "widget-"+w.ID; got != want {
			t.Errorf("widget %s: id = %q, want %q", w.ID, got, want)
		}
		if got := root.AttrOr("data-state", ""); !strings.Contains(" ok warn crit unknown ", " "+got+" ") {
			t.Errorf("widget %s: data-state = %q", w.ID, got)
		}
		if got := root.AttrOr("data-stale", ""); got != "true" && got != "false" {
			t.Errorf("widget %s: data-stale = %q", w.ID, got)
		}
		if _, ok := root.Attr("data-updated"); !ok {
			t.Errorf("widget %s: no data-updated", w.ID)
		}
		if !strings.Contains(root.Find(".stamp").Text(), "updated") {
			t.Errorf("widget %s: no visible updated stamp", w.ID)
		}
	}
}

func TestShowBoard(t *testing.T) {
	ta := newTestApp(t, testConfig())
	pub := NewPublisher(ta.cfg, ta.hub)
	pub.PublishWidget(db.WidgetState{Board: "ops", Widget: "cpu", State: "warn", HasValue: true, Value: 75.5,
		UpdatedAt: testNow})
	doc := ta.page(t, "/boards/ops", 200)
	b, _ := ta.cfg.Board("ops")
	checkWidgetRoots(t, doc, b)

	if got := doc.Find("body").AttrOr("data-live", ""); got != "connecting" {
		t.Errorf("body data-live = %q, want connecting", got)
	}
	if doc.Find(`button[data-action="refresh"]`).Length() != 1 {
		t.Errorf("no refresh button")
	}
	if doc.Find("[data-live-banner]").Length() != 1 {
		t.Errorf("no connection banner")
	}
	if got := doc.Find("h1").Text(); got != "Ops <b>room</b>" {
		t.Errorf("title = %q, want the escaped text", got)
	}
	checkScripts(t, doc)
	tests := []struct{ widget, state, text string }{
		{"cpu", "warn", "75.50"},                   // the published frame
		{"signups", "unknown", "waiting for data"}, // a placeholder
		{"notice", "ok", "Fire drill at 3 <script>x</script>"},
		{"clock", "ok", "10:00"},
	}
	for _, tt := range tests {
		t.Run(tt.widget, func(t *testing.T) {
			root := doc.Find(`[data-widget="` + tt.widget + `"]`)
			if got := root.AttrOr("data-state", ""); got != tt.state {
				t.Errorf("data-state = %q, want %q", got, tt.state)
			}
			if got := root.Text(); !strings.Contains(got, tt.text) {
				t.Errorf("text = %q, want it to hold %q", got, tt.text)
			}
		})
	}
}

// checkScripts checks that a live page loads htmx, hx-sse and the page script, in that order,
// each from our own versioned URL at the end of the body and not deferred (see views.scripts),
// and that it has no inline script (a CSP will forbid them).
func checkScripts(t *testing.T, doc *goquery.Document) {
	t.Helper()
	var got []string
	doc.Find("script").Each(func(_ int, s *goquery.Selection) {
		got = append(got, s.AttrOr("src", "<inline>"))
		if _, ok := s.Attr("defer"); ok {
			t.Errorf("script %s is deferred: it would race htmx's start", s.AttrOr("src", "<inline>"))
		}
		if s.ParentsFiltered("head").Length() > 0 {
			t.Errorf("script %s is in <head>, want the end of <body>", s.AttrOr("src", "<inline>"))
		}
		if strings.TrimSpace(s.Text()) != "" {
			t.Errorf("script %s has inline code", s.AttrOr("src", "<inline>"))
		}
	})
	want := []string{static.URL("vendor/htmx.min.js"), static.URL("vendor/ext/hx-sse.min.js"), static.URL("app.js")}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("scripts = %v, want %v", got, want)
	}
}

func TestShowBoardGrid(t *testing.T) {
	ta := newTestApp(t, testConfig())
	doc := ta.page(t, "/boards/ops", 200)
	// 2+1+1 | 1+2+1 | 1+1: three rows of four columns.
	if got, want := doc.Find(".board-grid").AttrOr("style", ""), "--cols: 4; --rows: 3;"; got != want {
		t.Errorf("grid style = %q, want %q", got, want)
	}
	if got := doc.Find("html").AttrOr("data-theme", ""); got != "dark" {
		t.Errorf("data-theme = %q, want dark", got)
	}
	doc = ta.page(t, "/boards/lobby", 200)
	if got := doc.Find("html").AttrOr("data-theme", ""); got != "light" {
		t.Errorf("lobby data-theme = %q, want light", got)
	}
}

func TestShowBoardUnknown(t *testing.T) {
	ta := newTestApp(t, testConfig())
	doc := ta.page(t, "/boards/nope", 404)
	if got := doc.Find(".error-status").Text(); got != "404" {
		t.Errorf("error page status = %q, want 404", got)
	}
}

func TestListBoards(t *testing.T) {
	ta := newTestApp(t, testConfig())
	doc := ta.page(t, "/", 200)
	var got []string
	doc.Find(".board-list a").Each(func(_ int, a *goquery.Selection) { got = append(got, a.AttrOr("href", "")) })
	if strings.Join(got, " ") != "/boards/ops /boards/lobby" {
		t.Errorf("board links = %v, want /boards/ops /boards/lobby", got)
	}
}

func TestListBoardsRedirectsToOnlyBoard(t *testing.T) {
	cfg := testConfig()
	cfg.Boards = cfg.Boards[1:]
	ta := newTestApp(t, cfg)
	resp, _ := ta.do(t, "GET", "/", "")
	if resp.StatusCode != 302 || resp.Header.Get("Location") != "/boards/lobby" {
		t.Errorf("GET / = %d to %q, want 302 to /boards/lobby", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestShowDemoBoard(t *testing.T) {
	cfg := config.Demo()
	ta := newTestApp(t, cfg)
	resp, _ := ta.do(t, "GET", "/", "")
	if resp.StatusCode != 302 || resp.Header.Get("Location") != "/boards/demo" {
		t.Fatalf("GET / = %d to %q, want 302 to /boards/demo", resp.StatusCode, resp.Header.Get("Location"))
	}
	doc := ta.page(t, "/boards/demo", 200)
	b, _ := cfg.Board("demo")
	checkWidgetRoots(t, doc, b)
	if got := doc.Find(".card").Length(); got != len(b.Widgets) {
		t.Errorf("cards = %d, want %d", got, len(b.Widgets))
	}
}
