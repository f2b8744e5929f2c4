package app

import (
	"github.com/gofiber/fiber/v2"

	"wallboard/views"
)

// listBoards lists the boards: GET /. With a single board it redirects there, so a TV can be
// pointed at the server's root.
func (s *server) listBoards(c *fiber.Ctx) error {
	boards := s.Config.Boards
	if len(boards) == 1 {
		return c.Redirect("/boards/"+boards[0].Slug, fiber.StatusFound)
	}
	links := make([]views.BoardLink, len(boards))
	for i, b := range boards {
		links[i] = views.BoardLink{Slug: b.Slug, Title: b.Title, Widgets: len(b.Widgets)}
	}
	return s.render(c, views.BoardListPage(views.BoardListView{Page: s.page("Boards"), Boards: links}))
}
