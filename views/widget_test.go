package views_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"wallboard/views"
)

var (
	at      = time.Date(2026, 11, 23, 10, 42, 5, 0, time.UTC)
	evil    = `<script>alert(1)</script>`
	float   = func(v float64) *float64 { return &v }
	gapping = []*float64{float(1), float(3), nil, float(2), float(5)}
)

// render renders a card and parses it.
func render(t *testing.T, v views.WidgetView) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := views.WidgetCard(v).Render(context.Background(), &buf); err != nil {
		t.Fatalf("WidgetCard(%s).Render() error = %v", v.ID, err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return doc
}

// cards holds one card of every kind, each with a title and data that must be escaped.
func cards() []views.WidgetView {
	base := func(id, kind, state string) views.WidgetView {
		return views.WidgetView{ID: id, Kind: kind, Title: id + " " + evil, Cols: 1, Rows: 1, State: state, Updated: at}
	}
	number := base("signups", "number", "ok")
	number.Number = views.NumberView{Value: "12,345", Unit: "users", Delta: "▲ 12% vs prev 1h", Trend: "up", Series: gapping, Hi: 5}
	gauge := base("cpu", "gauge", "warn")
	gauge.Gauge = views.GaugeView{Value: "75.5", Unit: "%", MinLabel: "0", MaxLabel: "100", Fraction: 0.755}
	chart := base("orders", "chart", "ok")
	chart.Chart = views.ChartView{Series: gapping, Hi: 5, LoLabel: "0", HiLabel: "5", Latest: "5", Window: "−1h"}
	status := base("checks", "status", "crit")
	status.Checks = []views.CheckView{{Name: "api", State: "ok", Message: "200 in 83 ms", Since: at, For: "for 12m"},
		{Name: "db", State: "crit", Message: evil, Since: at, For: "for 3m"}}
	logs := base("deploys", "log", "ok")
	logs.Events = []views.EventView{{TS: at, Level: "warn", Message: evil}}
	progress := base("jobs", "progress", "ok")
	progress.Jobs = []views.JobView{{Name: "backup", Label: "nightly backup", Percent: 63.7, ETA: at.Add(16 * time.Minute)}}
	text := base("notice", "text", "ok")
	text.Text = evil
	clock := base("clock", "clock", "ok")
	clock.Clock = views.ClockView{Now: at, Zone: "UTC"}
	return []views.WidgetView{number, gauge, chart, status, logs, progress, text, clock}
}

func TestWidgetCardContract(t *testing.T) {
	for _, v := range cards() {
		t.Run(v.Kind, func(t *testing.T) {
			doc := render(t, v)
			root := doc.Find(`[data-widget="` + v.ID + `"]`)
			if root.Length() != 1 {
				t.Fatalf("found %d roots with data-widget=%q, want 1", root.Length(), v.ID)
			}
			attrs := map[string]string{"id": views.WidgetDOMID(v.ID), "data-state": v.State,
				"data-stale": "false", "data-updated": "2026-11-23T10:42:05Z", "data-kind": v.Kind}
			for name, want := range attrs {
				if got := root.AttrOr(name, "<none>"); got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
			stamp := root.Find("time.stamp")
			if got := stamp.Text(); got != "updated 10:42:05" {
				t.Errorf("stamp = %q, want \"updated 10:42:05\"", got)
			}
			if got := stamp.AttrOr("datetime", ""); got != "2026-11-23T10:42:05Z" {
				t.Errorf("stamp datetime = %q", got)
			}
			if n := doc.Find("script").Length(); n != 0 {
				t.Errorf("card has %d <script> elements, want 0: input was not escaped", n)
			}
			if got := root.Find(".card-title").Text(); got != v.ID+" "+evil {
				t.Errorf("title = %q, want the escaped text", got)
			}
		})
	}
}

func TestWidgetCardStateWord(t *testing.T) {
	tests := []struct{ state, badge string }{
		{"ok", ""}, {"warn", "warn"}, {"crit", "crit"}, {"unknown", "unknown"}, {"bogus", "unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.state, func(t *testing.T) {
			doc := render(t, views.WidgetView{ID: "x", Kind: "text", State: tt.state})
			if got := strings.TrimSpace(doc.Find(".card-head .badge").Text()); got != tt.badge {
				t.Errorf("badge = %q, want %q", got, tt.badge)
			}
			if tt.badge != "" && doc.Find(".card-head .badge svg.state-icon").Length() != 1 {
				t.Errorf("badge has no icon")
			}
		})
	}
}

func TestWidgetCardStale(t *testing.T) {
	doc := render(t, views.WidgetView{ID: "x", Kind: "number", State: "ok", Stale: true, Updated: at})
	if got := doc.Find("#widget-x").AttrOr("data-stale", ""); got != "true" {
		t.Errorf("data-stale = %q, want true", got)
	}
	if got := doc.Find(".stale-note").Text(); got != "no data since 10:42" {
		t.Errorf("stale note = %q, want \"no data since 10:42\"", got)
	}
}

func TestWidgetCardNeverUpdated(t *testing.T) {
	doc := render(t, views.WidgetView{ID: "x", Kind: "number", State: "unknown", Waiting: true})
	root := doc.Find("#widget-x")
	if got := root.AttrOr("data-updated", "<none>"); got != "" {
		t.Errorf("data-updated = %q, want empty", got)
	}
	if got := root.Find(".stamp").Text(); got != "updated never" {
		t.Errorf("stamp = %q, want \"updated never\"", got)
	}
	if got := root.Find(".waiting").Text(); got != "waiting for data" {
		t.Errorf("body = %q, want \"waiting for data\"", got)
	}
}
