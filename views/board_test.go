package views_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"wallboard/views"
)

// boardView is a board page with two cards, streaming.
func boardView() views.BoardView {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	return views.BoardView{
		Page:  views.PageView{Title: "Ops", Theme: "dark", CSSURL: "/static/app.css?v=1", Scripts: []string{"/static/a.js?v=2", "/static/b.js?v=3"}},
		Slug:  "ops",
		Title: "Ops",
		Cards: []views.BoardCard{{Placeholder: cards()[0]}, {Frame: []byte(`<article id="widget-x" data-widget="x"></article>`)}},
		Live: views.LiveView{EventsURL: "/boards/ops/events", WidgetsURL: "/boards/ops/widgets", ETag: `W/"b-7"`,
			Heartbeat: 15 * time.Second, Zone: "Europe/Berlin", Now: at.In(berlin)},
	}
}

func renderPage(t *testing.T, v views.BoardView) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := views.BoardPage(v).Render(context.Background(), &buf); err != nil {
		t.Fatalf("BoardPage().Render() error = %v", err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return doc
}

func TestBoardPageStream(t *testing.T) {
	doc := renderPage(t, boardView())
	body := doc.Find("body")
	attrs := map[string]string{"data-live": "connecting", "data-heartbeat-ms": "15000",
		"data-tz": "Europe/Berlin", "data-now": "2026-11-23T10:42:05Z"}
	for name, want := range attrs {
		if got := body.AttrOr(name, ""); got != want {
			t.Errorf("body %s = %q, want %q", name, got, want)
		}
	}
	connect := doc.Find(`[hx-sse\:connect]`)
	if connect.Length() != 1 {
		t.Fatalf("%d connect elements, want 1", connect.Length())
	}
	if got := connect.AttrOr("hx-sse:connect", ""); got != "/boards/ops/events" {
		t.Errorf("connect URL = %q, want /boards/ops/events", got)
	}
	if got := connect.AttrOr("hx-swap", ""); got != "none" {
		t.Errorf("connect hx-swap = %q, want none", got)
	}
	if doc.Find("[data-poll]").Length() != 0 {
		t.Errorf("a streaming page has a poll element")
	}
	if got := doc.Find(`button[data-action="refresh"]`).AttrOr("data-url", ""); got != "/boards/ops/widgets" {
		t.Errorf("refresh data-url = %q, want /boards/ops/widgets", got)
	}
	if doc.Find("#widget-signups").Length() != 1 || doc.Find("#widget-x").Length() != 1 {
		t.Errorf("the page lacks a placeholder or a frame")
	}
}

func TestBoardPagePoll(t *testing.T) {
	v := boardView()
	v.Live.Poll = 30 * time.Second
	doc := renderPage(t, v)
	if n := doc.Find(`[hx-sse\:connect]`).Length(); n != 0 {
		t.Errorf("a polling page has %d connect elements, want 0", n)
	}
	poll := doc.Find("[data-poll]")
	attrs := map[string]string{"data-poll": "/boards/ops/widgets", "data-poll-ms": "30000", "data-etag": `W/"b-7"`}
	for name, want := range attrs {
		if got := poll.AttrOr(name, ""); got != want {
			t.Errorf("poll %s = %q, want %q", name, got, want)
		}
	}
	if _, hidden := poll.Attr("hidden"); !hidden {
		t.Errorf("the poll element is not hidden")
	}
}

func TestBoardPageHead(t *testing.T) {
	doc := renderPage(t, boardView())
	var cfg struct {
		History bool
		SSE     struct{ ReconnectMaxDelay, ConnectTimeout int }
	}
	meta := doc.Find(`meta[name="htmx-config"]`).AttrOr("content", "")
	if err := json.Unmarshal([]byte(meta), &cfg); err != nil {
		t.Fatalf("htmx-config %q is not JSON: %v", meta, err)
	}
	if cfg.SSE.ReconnectMaxDelay != 15000 || cfg.SSE.ConnectTimeout != 10000 || cfg.History {
		t.Errorf("htmx-config = %+v, want sse.reconnectMaxDelay 15000, sse.connectTimeout 10000, no history", cfg)
	}
	var srcs []string
	doc.Find("body > script").Each(func(_ int, s *goquery.Selection) {
		srcs = append(srcs, s.AttrOr("src", ""))
		if _, ok := s.Attr("defer"); ok {
			t.Errorf("script %s is deferred: it would race htmx's start", s.AttrOr("src", ""))
		}
	})
	if got := strings.Join(srcs, " "); got != "/static/a.js?v=2 /static/b.js?v=3" {
		t.Errorf("scripts = %q, want the page's scripts in order", got)
	}
}

// TestLiveBanner checks that the banner has a line for every state but live, and that the times
// start as the page's own, in the board's zone.
func TestLiveBanner(t *testing.T) {
	banner := renderPage(t, boardView()).Find("[data-live-banner]")
	tests := []struct{ state, text string }{
		{"connecting", "Connecting…"},
		{"reconnecting", "Reconnecting… last update 11:42:05"},
		{"offline", "Offline — showing data from 11:42:05"},
		{"stale", "No updates for 45 s — numbers may be out of date"},
	}
	for _, tt := range tests {
		t.Run(tt.state, func(t *testing.T) {
			if got := banner.Find(`[data-when="` + tt.state + `"]`).Text(); got != tt.text {
				t.Errorf("banner line = %q, want %q", got, tt.text)
			}
		})
	}
	if n := banner.Find(`[data-when="live"]`).Length(); n != 0 {
		t.Errorf("the banner has a line for live")
	}
}

func TestPlainPagesAreNotLive(t *testing.T) {
	var buf bytes.Buffer
	page := views.BoardListPage(views.BoardListView{Page: views.PageView{Title: "Boards", CSSURL: "/c.css"}})
	if err := page.Render(context.Background(), &buf); err != nil {
		t.Fatalf("Render() error = %v", err)
	}
	doc, _ := goquery.NewDocumentFromReader(&buf)
	if _, ok := doc.Find("body").Attr("data-live"); ok {
		t.Errorf("the board list has data-live")
	}
	if n := doc.Find(`script, meta[name="htmx-config"]`).Length(); n != 0 {
		t.Errorf("the board list has %d scripts or htmx config, want none", n)
	}
}
