package app

import (
	"bytes"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"wallboard/app/live"
	"wallboard/db"
)

func TestPublishWidget(t *testing.T) {
	hub := live.New(live.Options{})
	p := NewPublisher(testConfig(), hub)
	st := db.WidgetState{Board: "ops", Widget: "signups", State: "crit", Stale: true, HasValue: true,
		Value: 12345, UpdatedAt: testNow}
	seq := p.PublishWidget(st)
	if seq == 0 {
		t.Fatal("PublishWidget() = 0, want a sequence number")
	}
	f, ok := hub.Frame("ops", "signups")
	if !ok || f.Seq != seq {
		t.Fatalf("hub.Frame(ops, signups) = %+v, %v; want the frame of seq %d", f, ok, seq)
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(f.Card))
	if err != nil {
		t.Fatalf("parse frame: %v", err)
	}
	root := doc.Find("#widget-signups")
	if got := root.AttrOr("data-state", ""); got != "crit" {
		t.Errorf("data-state = %q, want crit", got)
	}
	if got := root.AttrOr("data-updated", ""); got != "2026-11-23T10:00:00Z" {
		t.Errorf("data-updated = %q, want 2026-11-23T10:00:00Z", got)
	}
	if got := root.Find(".num").Text(); got != "12,345" {
		t.Errorf("value = %q, want 12,345", got)
	}
	if got := p.PublishWidget(db.WidgetState{Board: "ops", Widget: "gone"}); got != 0 {
		t.Errorf("PublishWidget(unknown widget) = %d, want 0", got)
	}
	if got := p.PublishWidget(db.WidgetState{Board: "gone", Widget: "signups"}); got != 0 {
		t.Errorf("PublishWidget(unknown board) = %d, want 0", got)
	}
}

func TestPublishWidgetFreshBytes(t *testing.T) {
	hub := live.New(live.Options{})
	p := NewPublisher(testConfig(), hub)
	p.PublishWidget(db.WidgetState{Board: "ops", Widget: "notice", State: "ok"})
	first, _ := hub.Frame("ops", "notice")
	kept := string(first.Card)
	p.PublishWidget(db.WidgetState{Board: "ops", Widget: "notice", State: "warn"})
	if string(first.Card) != kept {
		t.Errorf("a later publish changed the bytes of an earlier frame")
	}
	second, _ := hub.Frame("ops", "notice")
	if !strings.Contains(string(second.Card), `data-state="warn"`) {
		t.Errorf("second frame = %s, want data-state warn", second.Card)
	}
}
