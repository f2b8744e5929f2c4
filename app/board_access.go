package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"wallboard/app/config"
	"wallboard/app/live"
	"wallboard/db"
)

// access is what lets a request see a board, as the hub needs it for a stream.
type access struct {
	keys      []string     // "session …", "screen N", "link N": what EndKey can end
	expires   time.Time    // when the access ends; zero: never
	authorize func() error // asked again at every heartbeat; nil for a public board
}

// accessError is a refused board: 403, with why, for the page to say.
type accessError struct {
	// Reason is "private" (no access at all), "revoked" or "expired".
	Reason string
}

func (e *accessError) Error() string { return "no access to this board: " + e.Reason }

// boardAccess decides whether the request may see board b. A public board is open to all. A
// private one needs an admin session, or a screen cookie for it that is neither revoked nor
// expired.
func (s *server) boardAccess(c *fiber.Ctx, b *config.Board) (access, error) {
	if b.Visibility != "private" {
		return access{}, nil
	}
	if ss, ok := s.session(c); ok {
		secret := c.Cookies(sessionCookie)
		return access{keys: []string{"session " + ss.Key}, expires: ss.Expires, authorize: func() error {
			_, err := s.Store.SessionBySecret(s.ctx(), secret)
			return err
		}}, nil
	}
	secret := c.Cookies(screenCookie)
	if secret == "" {
		return access{}, &accessError{Reason: "private"}
	}
	sc, err := s.Store.ScreenBySecret(c.UserContext(), secret)
	if errors.Is(err, db.ErrNotFound) {
		return access{}, &accessError{Reason: "private"}
	}
	if err != nil {
		return access{}, err
	}
	if why := screenProblem(sc, b.Slug, s.Now()); why != "" {
		return access{}, &accessError{Reason: why}
	}
	if err := s.Store.TouchScreen(c.UserContext(), sc.ID); err != nil {
		return access{}, err
	}
	return access{
		keys:    []string{fmt.Sprintf("screen %d", sc.ID), fmt.Sprintf("link %d", sc.LinkID)},
		expires: sc.Expires,
		authorize: func() error {
			sc, err := s.Store.ScreenByID(s.ctx(), sc.ID)
			if err != nil {
				return err
			}
			if why := screenProblem(sc, b.Slug, s.Now()); why != "" {
				return errors.New(why)
			}
			return nil
		},
	}, nil
}

// screenProblem says why a screen may not see board slug: "revoked", "expired", "private" (it
// is for another board), or "" if it may.
func screenProblem(sc db.Screen, slug string, now time.Time) string {
	switch {
	case !sc.Revoked.IsZero():
		return string(live.EndRevoked)
	case !sc.Expires.IsZero() && !now.Before(sc.Expires):
		return string(live.EndExpired)
	case sc.Board != slug:
		return "private"
	}
	return ""
}

// exchangeShareLink swaps a share link's token for a screen cookie bound to its board, then
// sends the browser to the board's plain URL: GET /s/{token}. The token leaves no trace: the
// redirect replaces the address in history, the answer may not be cached and sends no
// Referer, and the token is not logged.
func (s *server) exchangeShareLink(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
	sc, secret, err := s.Store.ExchangeShareLink(c.UserContext(), c.Params("token"), c.IP(), c.Get(fiber.HeaderUserAgent))
	if errors.Is(err, db.ErrNotFound) {
		return fiber.NewError(fiber.StatusNotFound, "This link is unknown, revoked or expired. Ask for a new one.")
	}
	if err != nil {
		return err
	}
	expires := sc.Expires
	if expires.IsZero() {
		expires = s.Now().AddDate(1, 0, 0) // as long as browsers keep a cookie
	}
	s.setCookie(c, screenCookie, secret, "/boards/"+sc.Board, expires)
	s.Log.Info("screen added", "board", sc.Board, "link", sc.LinkID, "screen", sc.ID, "ip", c.IP())
	return c.Redirect("/boards/"+sc.Board, fiber.StatusSeeOther)
}

// ctx is the context of checks made outside any request, such as a stream's heartbeat.
func (s *server) ctx() context.Context { return context.Background() }
