package app

import (
	"github.com/gofiber/fiber/v2"

	"wallboard/views"
)

// showBoard renders a board page, complete and current on first paint: GET /boards/{slug}.
func (s *server) showBoard(c *fiber.Ctx) error {
	b, ok := s.Config.Board(c.Params("slug"))
	if !ok {
		return fiber.ErrNotFound
	}
	if _, err := s.boardAccess(c, b); err != nil {
		return err
	}
	return s.render(c, views.BoardPage(s.boardView(b)))
}
