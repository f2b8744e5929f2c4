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
	_, err := s.Store.TokenBySecret(c.UserContext(), token)
	if errors.Is(err, db.ErrNotFound) {
		return fiber.NewError(fiber.StatusUnauthorized, "unknown or revoked token")
	}
	if err != nil {
		return err
	}
	return c.Next()
}
