package app

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/csrf"
	"github.com/gofiber/fiber/v2/utils"

	"wallboard/app/live"
	"wallboard/db"
	"wallboard/views"
)

// The cookies. A session cookie signs an admin in everywhere; a screen cookie opens one board,
// and its path is that board's.
const (
	sessionCookie = "wb_session"
	screenCookie  = "wb_screen"
	csrfCookie    = "wb_csrf"
)

// csrfKey is where the CSRF middleware leaves the token a form must send back.
type csrfKey struct{}

// csrfProtect guards every form: a POST must carry the token its page was rendered with, in the
// _csrf field. The token's cookie is HttpOnly; the page gets the token itself in the form.
func (s *server) csrfProtect() fiber.Handler {
	return csrf.New(csrf.Config{
		KeyLookup:      "form:_csrf",
		CookieName:     csrfCookie,
		CookieHTTPOnly: true,
		CookieSameSite: "Lax",
		Expiration:     12 * time.Hour,
		KeyGenerator:   utils.UUIDv4,
		ContextKey:     csrfKey{},
		ErrorHandler: func(c *fiber.Ctx, err error) error {
			return fiber.NewError(fiber.StatusForbidden, "This form has expired or came from another site. Go back, reload the page and try again.")
		},
	})
}

func csrfToken(c *fiber.Ctx) string {
	t, _ := c.Locals(csrfKey{}).(string)
	return t
}

// sessionKey is where a request's session is kept once looked up.
type sessionKey struct{}

// session returns the request's live admin session, if it has one.
func (s *server) session(c *fiber.Ctx) (db.Session, bool) {
	if ss, ok := c.Locals(sessionKey{}).(db.Session); ok {
		return ss, true
	}
	secret := c.Cookies(sessionCookie)
	if secret == "" {
		return db.Session{}, false
	}
	ss, err := s.Store.SessionBySecret(c.UserContext(), secret)
	if err != nil {
		return db.Session{}, false
	}
	c.Locals(sessionKey{}, ss)
	return ss, true
}

// requireAdmin lets a request through only with a session. A page asked for without one goes
// to the login page, which comes back here afterwards.
func (s *server) requireAdmin(c *fiber.Ctx) error {
	if _, ok := s.session(c); ok {
		c.Set(fiber.HeaderCacheControl, "no-store")
		return c.Next()
	}
	if c.Method() == fiber.MethodGet {
		return c.Redirect("/login?next="+url.QueryEscape(c.OriginalURL()), fiber.StatusSeeOther)
	}
	return fiber.NewError(fiber.StatusUnauthorized, "Sign in first.")
}

// setCookie sets an HttpOnly, SameSite=Lax cookie, Secure when the request came over TLS
// (directly, or through a trusted proxy that says so).
func (s *server) setCookie(c *fiber.Ctx, name, value, path string, expires time.Time) {
	c.Cookie(&fiber.Cookie{Name: name, Value: value, Path: path, Expires: expires,
		HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode, Secure: c.Protocol() == "https"})
}

func (s *server) clearCookie(c *fiber.Ctx, name, path string) {
	s.setCookie(c, name, "", path, time.Unix(1, 0))
}

// showLogin renders the login page: GET /login.
func (s *server) showLogin(c *fiber.Ctx) error {
	return s.render(c, views.LoginPage(s.loginView(c, "")))
}

func (s *server) loginView(c *fiber.Ctx, problem string) views.LoginView {
	return views.LoginView{Page: s.page("Sign in"), CSRF: csrfToken(c), Next: safeNext(c.FormValue("next", c.Query("next"))),
		Name: c.FormValue("name"), Problem: problem}
}

// login checks a name and password: POST /login. Success replaces any session the browser had
// with a new one; failures count against the address and the account, and past a few the
// login answers 429 until the oldest failure has aged out.
func (s *server) login(c *fiber.Ctx) error {
	name, password := strings.TrimSpace(c.FormValue("name")), c.FormValue("password")
	keys := []string{"address " + c.IP(), "account " + strings.ToLower(name)}
	if wait := s.logins.blocked(keys, s.Now()); wait > 0 {
		c.Set(fiber.HeaderRetryAfter, itoa(retryAfterSeconds(wait)))
		return s.render(c.Status(fiber.StatusTooManyRequests), views.LoginPage(s.loginView(c,
			"Too many failed attempts. Wait "+wait.Round(time.Second).String()+" and try again.")))
	}
	u, err := s.Store.CheckPassword(c.UserContext(), name, password)
	if errors.Is(err, db.ErrNotFound) {
		s.logins.fail(keys, s.Now())
		s.Log.Warn("login failed", "name", name, "ip", c.IP())
		return s.render(c.Status(fiber.StatusUnauthorized), views.LoginPage(s.loginView(c, "Wrong name or password.")))
	}
	if err != nil {
		return err
	}
	s.logins.clear(keys[1:])
	if old := c.Cookies(sessionCookie); old != "" {
		if err := s.Store.DeleteSession(c.UserContext(), old); err != nil {
			return err
		}
	}
	ttl := s.Config.Security.SessionTTL.D()
	secret, err := s.Store.CreateSession(c.UserContext(), u.ID, ttl)
	if err != nil {
		return err
	}
	s.setCookie(c, sessionCookie, secret, "/", s.Now().Add(ttl))
	s.Log.Info("login", "name", u.Name, "ip", c.IP())
	return c.Redirect(safeNext(c.FormValue("next")), fiber.StatusSeeOther)
}

// logout ends the session and its streams: POST /logout.
func (s *server) logout(c *fiber.Ctx) error {
	if ss, ok := s.session(c); ok {
		if err := s.Store.DeleteSession(c.UserContext(), c.Cookies(sessionCookie)); err != nil {
			return err
		}
		s.Hub.EndKey("session "+ss.Key, live.EndRevoked)
	}
	s.clearCookie(c, sessionCookie, "/")
	return c.Redirect("/login", fiber.StatusSeeOther)
}

// safeNext returns next if it is a path on this site, else /admin: a login must not redirect
// anywhere else.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.ContainsAny(next, "\\\r\n") {
		return "/admin"
	}
	return next
}

// loginLimiter slows down guessing: past loginFailures failures within loginWindow under one
// key (an address or an account), logins under it are refused until the oldest ages out.
type loginLimiter struct {
	mu       sync.Mutex
	failures map[string][]time.Time
}

const (
	loginFailures = 5
	loginWindow   = 15 * time.Minute
)

func (l *loginLimiter) blocked(keys []string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	var wait time.Duration
	for _, k := range keys {
		f := l.recent(k, now)
		if len(f) >= loginFailures {
			wait = max(wait, f[0].Add(loginWindow).Sub(now))
		}
	}
	return wait
}

func (l *loginLimiter) fail(keys []string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.failures == nil {
		l.failures = map[string][]time.Time{}
	}
	if len(l.failures) > 100_000 { // many addresses: forget those that have aged out
		for k := range l.failures {
			l.recent(k, now)
		}
	}
	for _, k := range keys {
		l.failures[k] = append(l.recent(k, now), now)
	}
}

func (l *loginLimiter) clear(keys []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		delete(l.failures, k)
	}
}

// recent drops k's failures older than the window and returns the rest. l.mu must be held.
func (l *loginLimiter) recent(k string, now time.Time) []time.Time {
	f := l.failures[k]
	i := 0
	for i < len(f) && now.Sub(f[i]) >= loginWindow {
		i++
	}
	if i == len(f) {
		delete(l.failures, k)
		return nil
	}
	l.failures[k] = f[i:]
	return f[i:]
}

func queryEscape(s string) string { return url.QueryEscape(s) }

func itoa(n int) string { return strconv.Itoa(n) }
