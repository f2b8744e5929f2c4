package app

import (
	"bufio"
	"net"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// streamBoardEvents serves a board's live stream: GET /boards/{slug}/events. The hub writes the
// snapshot or catch-up, the changes and the pings; this handler sets the stream up the way
// STACK-NOTES describes for Fiber and fasthttp.
func (s *server) streamBoardEvents(c *fiber.Ctx) error {
	b, ok := s.Config.Board(c.Params("slug"))
	if !ok {
		return fiber.ErrNotFound
	}
	// Everything the writer needs is taken now: Fiber reuses the Ctx once the handler returns.
	slug := strings.Clone(b.Slug)
	lastID := strings.Clone(c.Get("Last-Event-ID"))
	ip := strings.Clone(c.IP())
	rctx := c.Context() // its Done closes on server shutdown
	conn := rctx.Conn()
	limitSendBuffer(conn)

	c.Set(fiber.HeaderContentType, "text/event-stream")
	c.Set(fiber.HeaderCacheControl, "no-cache, no-transform")
	c.Set("X-Accel-Buffering", "no")
	// Send the headers now, not with the first event, so htmx's connect timeout stops.
	rctx.Response.ImmediateHeaderFlush = true
	rctx.SetBodyStreamWriter(func(w *bufio.Writer) {
		start := time.Now()
		s.Log.Info("stream connect", "board", slug, "ip", ip, "catch_up", lastID != "")
		end, err := s.Hub.Stream(rctx, slug, lastID, connSink{Writer: w, conn: conn})
		s.Log.Info("stream disconnect", "board", slug, "ip", ip, "reason", string(end),
			"duration_ms", time.Since(start).Milliseconds(), "error", errString(err))
	})
	return nil
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

// connSink is a stream's buffered writer with its connection's write deadline, so that the hub
// can cut off a screen whose writes stall.
type connSink struct {
	*bufio.Writer
	conn net.Conn
}

// SetWriteDeadline sets the write deadline of the connection under the stream.
func (k connSink) SetWriteDeadline(t time.Time) error { return k.conn.SetWriteDeadline(t) }

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
