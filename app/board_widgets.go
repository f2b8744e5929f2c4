package app

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"wallboard/app/config"
	"wallboard/views"
)

// listBoardWidgets answers every widget fragment of a board, in config order, each an
// <hx-partial> that morphs into the card with the same id: GET /boards/{slug}/widgets. The
// refresh button fetches it, and so does a polling page, over plain HTTP, so both work while the
// stream is down or switched off.
//
// Its ETag is the hub's version, read before the frames, so the body is at least as new as its
// ETag: a 304 means nothing has changed since the page got that version. The version covers
// every board, so a change elsewhere costs a full answer now and then, never a missed one.
func (s *server) listBoardWidgets(c *fiber.Ctx) error {
	b, ok := s.Config.Board(c.Params("slug"))
	if !ok {
		return fiber.ErrNotFound
	}
	if _, err := s.boardAccess(c, b); err != nil {
		return err
	}
	etag := widgetsETag(s.Hub.Version())
	c.Set(fiber.HeaderETag, etag)
	// The fragments are a snapshot of live data: revalidate every time.
	c.Set(fiber.HeaderCacheControl, "no-cache")
	if etagMatches(c.Get(fiber.HeaderIfNoneMatch), etag) {
		return c.SendStatus(fiber.StatusNotModified)
	}
	body, err := s.widgetPartials(c.UserContext(), b)
	if err != nil {
		return err
	}
	c.Type("html", "utf-8")
	return c.Send(body)
}

// widgetPartials is every widget of b as its hub frame's Partial, or, before the widget's first
// publish, a placeholder wrapped the same way.
func (s *server) widgetPartials(ctx context.Context, b *config.Board) ([]byte, error) {
	now, loc := s.Now(), location(s.Config)
	var buf bytes.Buffer
	for i := range b.Widgets {
		w := &b.Widgets[i]
		if f, ok := s.Hub.Frame(b.Slug, w.ID); ok && len(f.Partial) > 0 {
			buf.Write(f.Partial)
			continue
		}
		var card bytes.Buffer
		if err := views.WidgetCard(widgetView(w, placeholderState(w), loc, now)).Render(ctx, &card); err != nil {
			return nil, fmt.Errorf("app: render placeholder of widget %s on board %s: %w", w.ID, b.Slug, err)
		}
		buf.Write(partial(w.ID, card.Bytes()))
	}
	return buf.Bytes(), nil
}

// widgetsETag is the ETag of a board's widgets at a hub version ("boot-seq"). It is weak: the
// same version may be rendered with other bytes (a placeholder's clock), never other data.
func widgetsETag(version string) string {
	return `W/"` + version + `"`
}

// etagMatches reports whether an If-None-Match header names etag, by the weak comparison that
// RFC 9110 §13.1.2 prescribes for GET: W/ prefixes are ignored.
func etagMatches(header, etag string) bool {
	want := strings.TrimPrefix(etag, "W/")
	for tag := range strings.SplitSeq(header, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" || strings.TrimPrefix(tag, "W/") == want {
			return true
		}
	}
	return false
}

// liveView says how the page of board b keeps itself current. version is the hub version the
// page's cards are at least as new as; now is the page's time, in the board's zone.
func (s *server) liveView(b *config.Board, version string, now time.Time) views.LiveView {
	zone := now.Location().String()
	if zone == "Local" {
		zone = "" // the server's zone has no name a browser knows: the page uses the screen's
	}
	return views.LiveView{
		EventsURL:  "/boards/" + b.Slug + "/events",
		WidgetsURL: "/boards/" + b.Slug + "/widgets",
		ETag:       widgetsETag(version),
		Heartbeat:  s.Hub.Options().Heartbeat,
		Poll:       s.pollEvery(b),
		Zone:       zone,
		Now:        now,
	}
}

// pollEvery is how often the page of board b polls: Deps.Poll when set, else the board's live
// setting; 0 means it streams.
func (s *server) pollEvery(b *config.Board) time.Duration {
	if s.Poll > 0 {
		return s.Poll
	}
	return b.Live.Poll()
}
