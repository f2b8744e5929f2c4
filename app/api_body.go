package app

import (
	"strings"

	"github.com/gofiber/fiber/v2"
)

// requestBody returns the body as it was sent. Fiber's Ctx.Body would inflate a gzip or brotli
// body without any limit, so a small compressed body could expand past BodyLimit: encoded bodies
// are refused instead.
func requestBody(c *fiber.Ctx) ([]byte, error) {
	if enc := c.Get(fiber.HeaderContentEncoding); enc != "" && !strings.EqualFold(enc, "identity") {
		return nil, fiber.NewError(fiber.StatusUnsupportedMediaType, "Content-Encoding "+enc+" is not supported")
	}
	return c.Request().Body(), nil
}
