package app

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"wallboard/db"
)

// requireToken lets an API call through only with a live token: "Authorization: Bearer <token>".
// Every refusal is a 401; the error handler adds "WWW-Authenticate: Bearer".
func (s *server) requireToken(c *fiber.Ctx) error {
	header := c.Get(fiber.HeaderAuthorization)
	if header == "" {
		return fiber.NewError(fiber.StatusUnauthorized, "missing bearer token")
	}
	scheme, token, _ := strings.Cut(header, " ")
	token = strings.TrimSpace(token)
	if !strings.EqualFold(scheme, "Bearer") || token == "" || strings.ContainsAny(token, " \t") {
		return fiber.NewError(fiber.StatusUnauthorized, "malformed Authorization header: want Bearer <token>")
	}
	tok, err := s.Store.TokenBySecret(c.UserContext(), token)
	if errors.Is(err, db.ErrNotFound) {
		return fiber.NewError(fiber.StatusUnauthorized, "unknown or revoked token")
	}
	if err != nil {
		return err
	}
	c.Locals(tokenKey{}, tok.ID)
	return c.Next()
}

// tokenKey is where requireToken leaves the id of the call's token.
type tokenKey struct{}

// spend charges n pushed items to the call's token, or refuses them with a 429 before anything
// is stored.
func (s *server) spend(c *fiber.Ctx, n int) error {
	id, _ := c.Locals(tokenKey{}).(int64)
	return s.limits.ingest(id, n, s.Now())
}
