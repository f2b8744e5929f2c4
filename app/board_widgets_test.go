package app

import (
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"wallboard/app/config"
	"wallboard/db"
)

// connectSelector finds hx-sse's connect element; the colon in the attribute name is escaped.
const connectSelector = `[hx-sse\:connect]`

// widgets fetches a board's widget fragments, with an If-None-Match header when etag is set.
func (ta *testApp) widgets(t *testing.T, slug, etag string) (status int, gotETag, body string) {
	t.Helper()
	var header []string
	if etag != "" {
		header = []string{"If-None-Match", etag}
	}
	resp, body := ta.do(t, "GET", "/boards/"+slug+"/widgets", "", header...)
	return resp.StatusCode, resp.Header.Get("ETag"), body
}

func TestListBoardWidgets(t *testing.T) {
	ta := newTestApp(t, testConfig())
	NewPublisher(ta.cfg, ta.hub).PublishWidget(db.WidgetState{Board: "ops", Widget: "cpu", State: "warn",
		HasValue: true, Value: 75.5, UpdatedAt: testNow})
	resp, body := ta.do(t, "GET", "/boards/ops/widgets", "")
	if resp.StatusCode != 200 {
		t.Fatalf("GET /boards/ops/widgets = %d, want 200", resp.StatusCode)
	}
	headers := map[string]string{
		"Content-Type":  "text/html; charset=utf-8",
		"Cache-Control": "no-cache",
		"ETag":          `W/"` + ta.hub.Version() + `"`,
	}
	for name, want := range headers {
		if got := resp.Header.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	frame, _ := ta.hub.Frame("ops", "cpu")
	if !strings.Contains(body, string(frame.Partial)) {
		t.Errorf("body does not hold the hub's partial of cpu as it is")
	}
	checkPartials(t, body, ta.cfg.Boards[0])
}

// checkPartials checks that body holds one <hx-partial> per widget of b, in config order, each
// morphing its card into the card with the same id.
func checkPartials(t *testing.T, body string, b config.Board) {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	partials := doc.Find("hx-partial")
	if partials.Length() != len(b.Widgets) {
		t.Fatalf("%d partials, want %d", partials.Length(), len(b.Widgets))
	}
	partials.Each(func(i int, p *goquery.Selection) {
		id := b.Widgets[i].ID
		if got, want := p.AttrOr("hx-target", ""), "#widget-"+id; got != want {
			t.Errorf("partial %d hx-target = %q, want %q", i, got, want)
		}
		if got := p.AttrOr("hx-swap", ""); got != "outerMorph" {
			t.Errorf("partial %d hx-swap = %q, want outerMorph", i, got)
		}
		card := p.Children()
		if card.Length() != 1 || card.AttrOr("id", "") != "widget-"+id || card.AttrOr("data-widget", "") != id {
			t.Errorf("partial %d holds %d elements, the first with id %q; want the card of %s", i, card.Length(), card.AttrOr("id", ""), id)
		}
	})
}

func TestListBoardWidgetsETag(t *testing.T) {
	ta := newTestApp(t, testConfig())
	pub := NewPublisher(ta.cfg, ta.hub)
	pub.PublishWidget(db.WidgetState{Board: "ops", Widget: "notice", State: "ok"})
	_, etag, _ := ta.widgets(t, "ops", "")
	version := strings.TrimSuffix(strings.TrimPrefix(etag, `W/"`), `"`)
	tests := []struct {
		name, ifNoneMatch string
		status            int
	}{
		{"same", etag, 304},
		{"strong form", `"` + version + `"`, 304},
		{"in a list", `W/"other-1", ` + etag, 304},
		{"any", "*", 304},
		{"other", `W/"other-1"`, 200},
		{"older", `W/"` + ta.hub.Boot() + `-0"`, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, got, body := ta.widgets(t, "ops", tt.ifNoneMatch)
			if status != tt.status {
				t.Fatalf("If-None-Match %s: status = %d, want %d", tt.ifNoneMatch, status, tt.status)
			}
			if got != etag {
				t.Errorf("ETag = %q, want %q", got, etag)
			}
			if status == 304 && body != "" {
				t.Errorf("304 with a body of %d bytes", len(body))
			}
		})
	}
	t.Run("after a publish", func(t *testing.T) {
		pub.PublishWidget(db.WidgetState{Board: "ops", Widget: "notice", State: "warn"})
		status, got, body := ta.widgets(t, "ops", etag)
		if status != 200 || got == etag {
			t.Fatalf("status = %d, ETag = %q; want 200 and an ETag other than %q", status, got, etag)
		}
		if !strings.Contains(body, `data-state="warn"`) {
			t.Errorf("body does not hold the new frame")
		}
		if status, _, _ := ta.widgets(t, "ops", got); status != 304 {
			t.Errorf("again with the new ETag: status = %d, want 304", status)
		}
	})
}

func TestListBoardWidgetsPlaceholders(t *testing.T) {
	ta := newTestApp(t, testConfig())
	status, _, body := ta.widgets(t, "lobby", "")
	if status != 200 {
		t.Fatalf("status = %d, want 200", status)
	}
	checkPartials(t, body, ta.cfg.Boards[1])
	if !strings.Contains(body, "10:00") {
		t.Errorf("the clock's placeholder does not show the time: %s", body)
	}
}

func TestListBoardWidgetsUnknown(t *testing.T) {
	ta := newTestApp(t, testConfig())
	if status, _, _ := ta.widgets(t, "nope", ""); status != 404 {
		t.Errorf("GET /boards/nope/widgets = %d, want 404", status)
	}
}

// TestBoardPageLive checks what keeps a board page current: the stream's connect element, or in
// poll mode (the board's setting, or Deps.Poll over every board) the poll element instead.
func TestBoardPageLive(t *testing.T) {
	tests := []struct {
		name     string
		board    config.Live
		depsPoll time.Duration
		wantPoll string // data-poll-ms, or "" for a streaming page
	}{
		{"stream by default", config.Live{}, 0, ""},
		{"board streams", config.Live{Mode: config.LiveStream}, 0, ""},
		{"board polls", config.Live{Mode: config.LivePoll, Every: 30 * time.Second}, 0, "30000"},
		{"switch overrides stream", config.Live{Mode: config.LiveStream}, 5 * time.Second, "5000"},
		{"switch overrides poll", config.Live{Mode: config.LivePoll, Every: 30 * time.Second}, 5 * time.Second, "5000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.Boards[0].Live = tt.board
			ta := newTestApp(t, cfg)
			ta.app = New(Deps{Store: ta.store, Config: cfg, Hub: ta.hub, Log: discardLogger(),
				Now: func() time.Time { return testNow }, Poll: tt.depsPoll})
			doc := ta.page(t, "/boards/ops", 200)
			connect, poll := doc.Find(connectSelector), doc.Find("[data-poll]")
			if tt.wantPoll == "" {
				checkConnect(t, connect, poll)
				return
			}
			if connect.Length() != 0 || poll.Length() != 1 {
				t.Fatalf("%d connect and %d poll elements, want 0 and 1", connect.Length(), poll.Length())
			}
			if got := poll.AttrOr("data-poll", ""); got != "/boards/ops/widgets" {
				t.Errorf("data-poll = %q, want /boards/ops/widgets", got)
			}
			if got := poll.AttrOr("data-poll-ms", ""); got != tt.wantPoll {
				t.Errorf("data-poll-ms = %q, want %q", got, tt.wantPoll)
			}
			if got, want := poll.AttrOr("data-etag", ""), `W/"`+ta.hub.Version()+`"`; got != want {
				t.Errorf("data-etag = %q, want %q", got, want)
			}
		})
	}
}

// checkConnect checks a streaming page's one hx-sse connect element.
func checkConnect(t *testing.T, connect, poll *goquery.Selection) {
	t.Helper()
	if connect.Length() != 1 || poll.Length() != 0 {
		t.Fatalf("%d connect and %d poll elements, want 1 and 0", connect.Length(), poll.Length())
	}
	if got := connect.AttrOr("hx-sse:connect", ""); got != "/boards/ops/events" {
		t.Errorf("hx-sse:connect = %q, want /boards/ops/events", got)
	}
	if got := connect.AttrOr("hx-swap", ""); got != "none" {
		t.Errorf("connect hx-swap = %q, want none", got)
	}
	if strings.TrimSpace(connect.Text()) != "" || connect.Children().Length() != 0 {
		t.Errorf("the connect element is not empty")
	}
}

func TestBoardPageHeartbeat(t *testing.T) {
	ta := newTestApp(t, testConfig())
	body := ta.page(t, "/boards/ops", 200).Find("body")
	want := map[string]string{"data-live": "connecting", "data-heartbeat-ms": "15000", "data-tz": "UTC",
		"data-now": "2026-11-23T10:00:00Z"}
	for name, w := range want {
		if got := body.AttrOr(name, ""); got != w {
			t.Errorf("body %s = %q, want %q", name, got, w)
		}
	}
	if got := body.Find(`[data-action="refresh"]`).AttrOr("data-url", ""); got != "/boards/ops/widgets" {
		t.Errorf("refresh data-url = %q, want /boards/ops/widgets", got)
	}
}

func TestETagMatches(t *testing.T) {
	tests := []struct {
		name, header string
		want         bool
	}{
		{"none", "", false},
		{"same", `W/"a-1"`, true},
		{"strong", `"a-1"`, true},
		{"list", `"b-2" , W/"a-1"`, true},
		{"any", "*", true},
		{"other", `W/"a-2"`, false},
		{"unquoted", "a-1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := etagMatches(tt.header, `W/"a-1"`); got != tt.want {
				t.Errorf("etagMatches(%q) = %v, want %v", tt.header, got, tt.want)
			}
		})
	}
}
