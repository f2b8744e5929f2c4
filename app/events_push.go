package app

import (
	"github.com/gofiber/fiber/v2"

	"wallboard/db"
)

// pushEvent stores one event: POST /api/v1/events.
func (s *server) pushEvent(c *fiber.Ctx) error {
	body, err := requestBody(c)
	if err != nil {
		return err
	}
	e, err := parseEvent(body, s.Now(), s.Config.Retention.Events.D())
	if err != nil {
		return err
	}
	if err := s.spend(c, 1); err != nil {
		return err
	}
	if err := s.Store.InsertEvents(c.UserContext(), []db.Event{e}); err != nil {
		return err
	}
	s.Notify.Changed(db.Changes{Streams: []string{e.Stream}})
	s.Metrics.ingested.WithLabelValues("events").Inc()
	return c.JSON(storedBody{Stored: 1})
}
