package app

import (
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
)

// routes is the route table: every URL the app answers. DESIGN.md §4 is the contract.
func (s *server) routes(app *fiber.App) {
	app.Use(s.countRequests, s.secureHeaders())
	app.Get("/healthz", s.showHealth)
	app.Get("/readyz", s.showReady)
	app.Get("/metrics", s.showMetrics())

	// Pages and fragments are compressed as they go; assets are compressed once (static).
	zip := compress.New()

	// Pages.
	app.Get("/", zip, s.listBoards)
	app.Get("/boards/:slug", zip, s.showBoard)
	// The live stream. No compress, etag or cache middleware may wrap it: they read the whole
	// body, which never ends (STACK-NOTES).
	app.Get("/boards/:slug/events", s.streamBoardEvents)
	// Every widget fragment, for the refresh button and polling pages.
	app.Get("/boards/:slug/widgets", zip, s.listBoardWidgets)
	app.Get("/static/*", s.showAsset)

	// Screens and admins.
	forms := s.csrfProtect()
	app.Get("/s/:token", s.exchangeShareLink)
	app.Get("/login", forms, s.showLogin)
	app.Post("/login", forms, s.login)
	app.Post("/logout", forms, s.logout)
	admin := app.Group("/admin", s.requireAdmin, forms)
	admin.Get("", s.showAdmin)
	admin.Post("/jobs/:name/run", s.runJob)
	admin.Post("/alerts/:name/ack", s.ackAlert)
	admin.Post("/links", s.createLink)
	admin.Post("/links/:id/revoke", s.revokeLink)
	admin.Post("/screens/:id/revoke", s.revokeScreen)
	admin.Post("/tokens", s.createToken)
	admin.Post("/tokens/:id/revoke", s.revokeToken)

	// Push API: bearer token on every call. Each route carries the check itself, so an unknown
	// path or method still gets its plain 404 or 405.
	app.Post("/api/v1/metrics", s.requireToken, s.pushMetrics)
	app.Post("/api/v1/events", s.requireToken, s.pushEvent)
	app.Put("/api/v1/status/:name", s.requireToken, s.putStatus)
	app.Put("/api/v1/progress/:name", s.requireToken, s.putProgress)
}
