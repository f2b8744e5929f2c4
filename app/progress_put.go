package app

import (
	"github.com/gofiber/fiber/v2"

	"wallboard/db"
)

// putProgress records how far a job has got: PUT /api/v1/progress/{name}.
func (s *server) putProgress(c *fiber.Ctx) error {
	body, err := requestBody(c)
	if err != nil {
		return err
	}
	p, err := parseProgress(c.Params("name"), body, s.Now())
	if err != nil {
		return err
	}
	p.Source = apiSource
	if err := s.spend(c, 1); err != nil {
		return err
	}
	if err := s.Store.UpsertProgress(c.UserContext(), p); err != nil {
		return err
	}
	s.Notify.Changed(db.Changes{Progress: []string{p.Name}})
	s.Metrics.ingested.WithLabelValues("progress").Inc()
	return c.JSON(storedBody{Stored: 1})
}
