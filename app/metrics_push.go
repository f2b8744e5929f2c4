package app

import (
	"github.com/gofiber/fiber/v2"

	"wallboard/db"
)

// storedBody is the answer to a push once its write has committed.
type storedBody struct {
	Stored int `json:"stored"`
}

// pushMetrics stores a batch of samples: POST /api/v1/metrics. The whole batch is validated
// first and written in one transaction, so a 4xx stores nothing and a 200 means all of it is
// on disk.
func (s *server) pushMetrics(c *fiber.Ctx) error {
	body, err := requestBody(c)
	if err != nil {
		return err
	}
	samples, err := parseMetrics(body, s.Now(), s.Config.Retention.Samples.D())
	if err != nil {
		return err
	}
	if err := s.spend(c, len(samples)); err != nil {
		return err
	}
	if err := s.Store.InsertSamples(c.UserContext(), samples); err != nil {
		return err
	}
	names := make([]string, len(samples))
	for i, sm := range samples {
		names[i] = sm.Metric
	}
	s.Notify.Changed(db.Changes{Metrics: unique(names)})
	s.Metrics.ingested.WithLabelValues("samples").Add(float64(len(samples)))
	return c.JSON(storedBody{Stored: len(samples)})
}

// unique returns names without repeats, in the order first seen.
func unique(names []string) []string {
	seen := make(map[string]bool, len(names))
	out := names[:0:0]
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}
