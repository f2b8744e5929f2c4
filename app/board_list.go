package app

import (
	"github.com/gofiber/fiber/v2"

	"wallboard/views"
)

// listBoards lists the boards: GET /. With a single board it redirects there, so a TV can be
// pointed at the server's root. Private boards are listed only to admins: a name can say more
// than it should.
func (s *server) listBoards(c *fiber.Ctx) error {
	boards := s.Config.Boards
	if len(boards) == 1 {
		return c.Redirect("/boards/"+boards[0].Slug, fiber.StatusFound)
	}
	_, admin := s.session(c)
	var links []views.BoardLink
	for _, b := range boards {
		if b.Visibility == "private" && !admin {
			continue
		}
		links = append(links, views.BoardLink{Slug: b.Slug, Title: b.Title, Widgets: len(b.Widgets)})
	}
	return s.render(c, views.BoardListPage(views.BoardListView{Page: s.page("Boards"), Boards: links}))
}
