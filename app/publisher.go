package app

import (
	"bytes"
	"context"
	"time"

	"wallboard/app/config"
	"wallboard/app/live"
	"wallboard/db"
	"wallboard/views"
)

// Publisher renders each changed widget state once and hands the fragment to the live hub, which
// shares those bytes with every screen. It implements jobs.Publisher.
type Publisher struct {
	cfg *config.Config
	hub *live.Hub
	now func() time.Time
}

// NewPublisher returns a Publisher for the widgets of cfg.
func NewPublisher(cfg *config.Config, hub *live.Hub) *Publisher {
	return &Publisher{cfg: cfg, hub: hub, now: time.Now}
}

// PublishWidget renders st's widget with views.WidgetCard into a fresh buffer, publishes the
// bytes and returns the hub's sequence number for the change. The bytes are never touched
// again: the hub shares them. It returns 0, publishing nothing, for a widget that is not in the
// config, or when rendering fails (it cannot for these components: they write to memory and
// return no errors).
func (p *Publisher) PublishWidget(st db.WidgetState) uint64 {
	card, ok := p.render(st)
	if !ok {
		return 0
	}
	return p.hub.Publish(st.Board, st.Widget, card, partial(st.Widget, card))
}

// partial wraps a widget's card for htmx to morph into the page in place of the card with the
// same id: the form live streams and refreshes send.
func partial(widget string, card []byte) []byte {
	var b bytes.Buffer
	b.Grow(len(card) + 96)
	b.WriteString(`<hx-partial hx-target="#` + views.WidgetDOMID(widget) + `" hx-swap="outerMorph">`)
	b.Write(card)
	b.WriteString("</hx-partial>\n")
	return b.Bytes()
}

func (p *Publisher) render(st db.WidgetState) ([]byte, bool) {
	b, ok := p.cfg.Board(st.Board)
	if !ok {
		return nil, false
	}
	w, ok := b.Widget(st.Widget)
	if !ok {
		return nil, false
	}
	var buf bytes.Buffer
	v := widgetView(w, st, location(p.cfg), p.now())
	if err := views.WidgetCard(v).Render(context.Background(), &buf); err != nil {
		return nil, false
	}
	return buf.Bytes(), true
}

// location is the configured time zone, UTC when unset.
func location(cfg *config.Config) *time.Location {
	if cfg.Location != nil {
		return cfg.Location
	}
	return time.UTC
}
