package app

import (
	"strings"
	"sync/atomic"

	"github.com/gofiber/fiber/v2"
)

// Health says whether the server takes new work. Shutdown drains it first, so that a load
// balancer stops sending screens here before their streams end.
type Health struct{ draining atomic.Bool }

// Drain marks the server as shutting down: /readyz answers 503 from now on.
func (h *Health) Drain() { h.draining.Store(true) }

// showHealth answers GET /healthz: the process is up and serving requests.
func (s *server) showHealth(c *fiber.Ctx) error {
	return c.SendString("ok\n")
}

// showReady answers GET /readyz: 200 while the server takes new screens and its database
// answers, 503 while it drains or if the database does not.
func (s *server) showReady(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	if s.Health.draining.Load() {
		return c.Status(fiber.StatusServiceUnavailable).SendString("draining\n")
	}
	if err := s.Store.Ping(c.UserContext()); err != nil {
		s.Log.Warn("not ready", "error", err)
		return c.Status(fiber.StatusServiceUnavailable).SendString("database unavailable\n")
	}
	return c.SendString("ready\n")
}

// secureHeaders sets the headers every response carries. The content security policy allows
// only this origin's scripts, styles and connections: pages have no inline script, and htmx 4
// evaluates no code unless a page uses hx-on, which these do not. Inline style attributes place
// the widgets on the grid. frame-ancestors comes from the config, for kiosk pages that embed a
// board.
func (s *server) secureHeaders() fiber.Handler {
	csp := "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
		"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors " +
		strings.Join(s.Config.Security.FrameAncestors, " ")
	return func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentSecurityPolicy, csp)
		c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
		c.Set(fiber.HeaderReferrerPolicy, "same-origin")
		return c.Next()
	}
}
