package app

import (
	"github.com/gofiber/fiber/v2"

	"wallboard/db"
)

// apiSource marks statuses and progress written through the push API, so that a source such as
// the demo can leave them alone for a while.
const apiSource = "api"

// putStatus records the state of a check: PUT /api/v1/status/{name}.
func (s *server) putStatus(c *fiber.Ctx) error {
	body, err := requestBody(c)
	if err != nil {
		return err
	}
	st, err := parseStatus(c.Params("name"), body, s.Now())
	if err != nil {
		return err
	}
	st.Source = apiSource
	if err := s.spend(c, 1); err != nil {
		return err
	}
	if err := s.Store.UpsertStatus(c.UserContext(), st); err != nil {
		return err
	}
	s.Notify.Changed(db.Changes{Statuses: []string{st.Name}})
	s.Metrics.ingested.WithLabelValues("statuses").Inc()
	return c.JSON(storedBody{Stored: 1})
}
