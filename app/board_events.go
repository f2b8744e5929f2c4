package app

import (
	"net"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"wallboard/app/live"
)

// streamBoardEvents serves a board's live stream: GET /boards/{slug}/events. It answers with
// the stream's head and hands the connection to the hub, which writes the snapshot or catch-up,
// the changes and the pings, and closes it. The stream keeps no goroutine or buffer of Fiber's:
// a response body writer would cost two goroutines and about 40 KB per screen.
func (s *server) streamBoardEvents(c *fiber.Ctx) error {
	b, ok := s.Config.Board(c.Params("slug"))
	if !ok {
		return fiber.ErrNotFound
	}
	acc, err := s.boardAccess(c, b)
	if err != nil {
		return err
	}
	slug := b.Slug
	lastID := c.Get("Last-Event-ID")
	ip := c.IP()
	rctx := c.Context()
	conn := rctx.Conn()
	limitSendBuffer(conn)

	keys := []string{"address " + ip}
	for _, k := range acc.keys {
		if strings.HasPrefix(k, "session ") {
			keys = append(keys, k) // a session has its own budget of streams, wherever it is
		}
	}
	if err := s.limits.openStream(keys...); err != nil {
		return err
	}

	c.Set(fiber.HeaderContentType, "text/event-stream")
	c.Set(fiber.HeaderCacheControl, "no-cache, no-transform")
	c.Set("X-Accel-Buffering", "no")
	head := streamHead(&rctx.Response.Header)
	rctx.HijackSetNoResponse(true)
	rctx.Hijack(func(net.Conn) {
		start := time.Now()
		// A reconnect carries the ID of the last message it got; a first connect has none.
		event := "stream connect"
		if lastID != "" {
			event = "stream reconnect"
		}
		s.Log.Info(event, "board", slug, "ip", ip, "last_event_id", lastID)
		s.Hub.Attach(conn, live.Screen{Board: slug, LastEventID: lastID, Head: head,
			Keys: acc.keys, Expires: acc.expires, Authorize: acc.authorize,
			Ended: func(end live.End, err error) {
				s.limits.closeStream(keys...)
				s.Log.Info("stream disconnect", "board", slug, "ip", ip, "reason", string(end),
					"duration_ms", time.Since(start).Milliseconds(), "error", errString(err))
			}})
	})
	return nil
}

// streamHead returns the HTTP head of a stream's response: the headers set so far, with the
// body running until the connection closes (no length, no chunking) and the connection not
// kept alive afterwards.
func streamHead(h *fasthttp.ResponseHeader) []byte {
	var b strings.Builder
	b.WriteString("HTTP/1.1 200 OK\r\n")
	h.VisitAll(func(k, v []byte) {
		switch strings.ToLower(string(k)) {
		case "content-length", "transfer-encoding", "connection":
			return
		}
		b.WriteString(string(k) + ": " + string(v) + "\r\n")
	})
	b.WriteString("Connection: close\r\n\r\n")
	return []byte(b.String())
}

// streamSendBuffer caps the kernel's send buffer of a stream's connection. Left to autotune, it
// grows to megabytes, and a screen that stops reading would take an hour of updates to fill it
// before a write ever blocked. Capped, a stalled screen blocks a write within a few messages,
// and the write deadline cuts it off. A screen that reads keeps up easily: messages are a few KB.
const streamSendBuffer = 64 << 10

func limitSendBuffer(conn net.Conn) {
	if c, ok := conn.(interface{ SetWriteBuffer(int) error }); ok {
		c.SetWriteBuffer(streamSendBuffer)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
