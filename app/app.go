// Package app is Wallboard's HTTP layer, built on Fiber: one route table (routes.go), one handler
// per file named <resource>_<action>.go, the error handler, and the Publisher that renders a
// widget once and hands it to the live hub.
//
// Handlers are unexported methods on server, which holds the dependencies. They parse and
// validate in pure functions (api_input.go), call the store, and return errors for the error
// handler (errors.go) to answer and log.
//
// It imports views, static, db, app/config and app/live. It must not import jobs (jobs declares the
// interfaces the app implements) or cmd.
package app

import (
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"

	"wallboard/app/config"
	"wallboard/app/live"
	"wallboard/db"
	"wallboard/static"
)

// BodyLimit is the largest request body accepted; a larger one gets 413.
const BodyLimit = 2 << 20

// Notifier is told what a push wrote, once it has committed, so that the widgets bound to it are
// recomputed. The coalescer implements it.
type Notifier interface {
	Changed(db.Changes)
}

// Deps is what the app needs. Log and Now default to slog.Default and time.Now; a nil Notify
// drops the notices.
type Deps struct {
	Store  *db.Store
	Config *config.Config
	Hub    *live.Hub
	Notify Notifier
	Log    *slog.Logger
	Now    func() time.Time
	// Health is drained at shutdown; nil means a fresh one.
	Health *Health
	// Metrics are served at /metrics; nil means a fresh set.
	Metrics *Metrics
	// Jobs is the scheduler, for the admin page; nil shows no jobs.
	Jobs Jobs
	// Poll, when non-zero, makes every board page poll at this interval instead of streaming,
	// whatever the config says: the emergency switch for a network that breaks SSE.
	Poll time.Duration
}

// server holds the dependencies; every handler is a method on it.
type server struct {
	Deps
	limits *limits
	logins loginLimiter
	cssURL string
	// liveScripts are the scripts of a live page, in load order: htmx, its hx-sse extension
	// (which registers itself with htmx) and the page script (which listens to both).
	liveScripts []string
}

// New returns the Fiber app with every route, the error handler and the server limits set.
func New(d Deps) *fiber.App {
	d = withDefaults(d)
	s := &server{Deps: d, limits: newLimits(d.Config.Security.StreamsPerClient, d.Config.Security.IngestPerToken), cssURL: static.URL("app.css"), liveScripts: []string{
		static.URL("vendor/htmx.min.js"), static.URL("vendor/ext/hx-sse.min.js"), static.URL("app.js"),
	}}
	app := fiber.New(fiber.Config{
		// Handlers keep strings taken from a request past its lifetime (SSE, logs): copy them.
		Immutable:   true,
		BodyLimit:   BodyLimit,
		ReadTimeout: 10 * time.Second,
		IdleTimeout: 120 * time.Second,
		// WriteTimeout bounds a whole response, an SSE stream included, so it stays 0 and the
		// events route caps its streams itself (STACK-NOTES, Fiber and SSE).
		WriteTimeout:          0,
		ReadBufferSize:        8 << 10, // also the limit on request headers: past it, 431
		DisableStartupMessage: true,
		// Behind a reverse proxy, the client's address comes from X-Forwarded-For, and only when
		// the proxy is one the config trusts: the per-address stream limit depends on it.
		EnableTrustedProxyCheck: true,
		TrustedProxies:          d.Config.Security.TrustedProxies,
		ProxyHeader:             fiber.HeaderXForwardedFor,
		EnableIPValidation:      true,
		ErrorHandler:            s.handleError,
	})
	// The events route hands its connections to the hub, which closes them (board_events.go).
	app.Server().KeepHijackedConns = true
	s.Metrics.watchHub(d.Hub, d.Config)
	s.routes(app)
	return app
}

func withDefaults(d Deps) Deps {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Notify == nil {
		d.Notify = discard{}
	}
	if d.Health == nil {
		d.Health = &Health{}
	}
	if d.Metrics == nil {
		d.Metrics = NewMetrics()
	}
	return d
}

// discard is the Notifier of an app without a coalescer.
type discard struct{}

func (discard) Changed(db.Changes) {}
