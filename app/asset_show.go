package app

import (
	"github.com/gofiber/fiber/v2"

	"wallboard/static"
)

// showAsset serves an embedded static file: GET /static/{name}.
//
// Pages link assets with their content hash (static.URL), so a request that names the current
// hash may be cached for a year: a new version has a new URL. Any other request is revalidated
// by ETag, so a stale copy never outlives a deploy. It sends the asset compressed as the browser
// accepts, brotli first: each is compressed once, at start.
func (s *server) showAsset(c *fiber.Ctx) error {
	a, ok := static.Lookup(c.Params("*"))
	if !ok {
		return fiber.ErrNotFound
	}
	etag := `"` + a.Hash + `"`
	c.Set(fiber.HeaderETag, etag)
	if c.Query("v") == a.Hash {
		c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	} else {
		c.Set(fiber.HeaderCacheControl, "public, no-cache")
	}
	if c.Get(fiber.HeaderIfNoneMatch) == etag {
		return c.SendStatus(fiber.StatusNotModified)
	}
	c.Set(fiber.HeaderContentType, a.ContentType)
	c.Set(fiber.HeaderVary, fiber.HeaderAcceptEncoding)
	switch h := &c.Context().Request.Header; {
	case h.HasAcceptEncoding("br"):
		c.Set(fiber.HeaderContentEncoding, "br")
		return c.Send(a.Brotli)
	case h.HasAcceptEncoding("gzip"):
		c.Set(fiber.HeaderContentEncoding, "gzip")
		return c.Send(a.Gzip)
	}
	return c.Send(a.Body)
}
