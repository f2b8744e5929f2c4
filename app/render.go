package app

import (
	"bytes"
	"fmt"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"wallboard/views"
)

// render answers with an HTML page. It renders into a buffer first, so a failure cannot leave
// half a page behind for the error page to be appended to.
func (s *server) render(c *fiber.Ctx, page templ.Component) error {
	var buf bytes.Buffer
	if err := page.Render(c.UserContext(), &buf); err != nil {
		return fmt.Errorf("app: render %s: %w", c.Path(), err)
	}
	c.Type("html", "utf-8")
	// A page is a snapshot of live data: a browser must not show it again from its cache.
	c.Set(fiber.HeaderCacheControl, "no-cache")
	return c.Send(buf.Bytes())
}

// page returns the head of a page with the default (dark) theme.
func (s *server) page(title string) views.PageView {
	return views.PageView{Title: title + " · Wallboard", Theme: "dark", CSSURL: s.cssURL}
}
