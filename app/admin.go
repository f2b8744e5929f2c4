package app

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"wallboard/app/config"
	"wallboard/app/live"
	"wallboard/db"
	"wallboard/views"
)

// JobInfo is a scheduled job as the admin page shows it.
type JobInfo struct {
	Name, Spec string
	Next       time.Time
}

// Jobs is the scheduler, as the admin page uses it. The command wires the real one in.
type Jobs interface {
	List() []JobInfo
	RunNow(name string) error
}

// showAdmin renders the admin page: GET /admin.
func (s *server) showAdmin(c *fiber.Ctx) error {
	return s.renderAdmin(c, c.Query("notice"), "", "")
}

func (s *server) renderAdmin(c *fiber.Ctx, notice, secretLabel, secret string) error {
	ctx := c.UserContext()
	ss, _ := s.session(c)
	v := views.AdminView{Page: s.page("Admin"), CSRF: csrfToken(c), User: ss.User.Name, Notice: notice,
		Secret: secret, SecretLabel: secretLabel}
	for _, b := range s.Config.Boards {
		v.Boards = append(v.Boards, views.AdminBoard{Slug: b.Slug, Title: b.Title, Visibility: b.Visibility, Viewers: s.Hub.Streams(b.Slug)})
	}
	if s.Jobs != nil {
		for _, j := range s.Jobs.List() {
			aj := views.AdminJob{Name: j.Name, Spec: j.Spec, Next: j.Next}
			runs, err := s.Store.JobRuns(ctx, j.Name, 1)
			if err != nil {
				return err
			}
			if len(runs) > 0 {
				aj.LastRun, aj.LastError = runs[0].StartedAt, runs[0].Err
				aj.Took = runs[0].Duration.Round(time.Millisecond).String()
			}
			v.Jobs = append(v.Jobs, aj)
		}
	}
	statuses, err := s.Store.Statuses(ctx, nil)
	if err != nil {
		return err
	}
	for _, st := range statuses {
		if st.State == "warn" || st.State == "crit" {
			v.Alerts = append(v.Alerts, views.AdminAlert{Name: st.Name, State: st.State, Message: st.Message, AckBy: st.AckBy})
		}
	}
	links, err := s.Store.ShareLinks(ctx)
	if err != nil {
		return err
	}
	for _, l := range links {
		v.Links = append(v.Links, views.AdminLink{ID: l.ID, Board: l.Board, Label: l.Label, CreatedBy: l.CreatedBy,
			Screens: l.Screens, Expires: l.Expires, Revoked: !l.Revoked.IsZero()})
	}
	screens, err := s.Store.Screens(ctx)
	if err != nil {
		return err
	}
	for _, sc := range screens {
		v.Screens = append(v.Screens, views.AdminScreen{ID: sc.ID, Label: sc.Label, Board: sc.Board, Address: sc.Address,
			LastSeen: sc.LastSeen, Revoked: !sc.Revoked.IsZero()})
	}
	tokens, err := s.Store.Tokens(ctx)
	if err != nil {
		return err
	}
	for _, t := range tokens {
		v.Tokens = append(v.Tokens, views.AdminToken{ID: t.ID, Name: t.Name, Created: t.CreatedAt, Revoked: t.Revoked})
	}
	return s.render(c, views.AdminPage(v))
}

// done answers an admin action by going back to the admin page with a notice.
func done(c *fiber.Ctx, notice string) error {
	return c.Redirect("/admin?notice="+queryEscape(notice), fiber.StatusSeeOther)
}

// runJob starts a job now: POST /admin/jobs/{name}/run.
func (s *server) runJob(c *fiber.Ctx) error {
	name := c.Params("name")
	if s.Jobs == nil {
		return fiber.ErrNotFound
	}
	if err := s.Jobs.RunNow(name); err != nil {
		return done(c, fmt.Sprintf("Job %s did not start: %v", name, err))
	}
	return done(c, "Job "+name+" started.")
}

// ackAlert acknowledges a check's current state: POST /admin/alerts/{name}/ack. The widgets
// that show it are recomputed, so the board says who acknowledged it.
func (s *server) ackAlert(c *fiber.Ctx) error {
	ss, _ := s.session(c)
	name := c.Params("name")
	if err := s.Store.AckStatus(c.UserContext(), name, ss.User.Name); errors.Is(err, db.ErrNotFound) {
		return fiber.ErrNotFound
	} else if err != nil {
		return err
	}
	s.Notify.Changed(db.Changes{Statuses: []string{name}})
	return done(c, "Acknowledged "+name+".")
}

// createLink makes a share link: POST /admin/links. The page shows its URL once.
func (s *server) createLink(c *fiber.Ctx) error {
	ss, _ := s.session(c)
	b, ok := s.Config.Board(c.FormValue("board"))
	if !ok {
		return badInput("board", "no board %q", c.FormValue("board"))
	}
	label := strings.TrimSpace(c.FormValue("label"))
	if label == "" || len([]rune(label)) > 80 {
		return badInput("label", "give the link a label of 1 to 80 characters, such as Lobby TV")
	}
	var ttl time.Duration
	if v := strings.TrimSpace(c.FormValue("valid_for")); v != "" {
		d, err := config.ParseDuration(v)
		if err != nil || d <= 0 {
			return badInput("valid_for", "%q is not a duration such as 90d or 12h", v)
		}
		ttl = d.D()
	}
	l, token, err := s.Store.CreateShareLink(c.UserContext(), b.Slug, label, ss.User.Name, ttl)
	if err != nil {
		return err
	}
	return s.renderAdmin(c, "", "Share link for "+l.Label+":", c.BaseURL()+"/s/"+token)
}

// revokeLink revokes a share link and ends its screens' streams: POST /admin/links/{id}/revoke.
func (s *server) revokeLink(c *fiber.Ctx) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	screens, err := s.Store.RevokeShareLink(c.UserContext(), id)
	if errors.Is(err, db.ErrNotFound) {
		return fiber.ErrNotFound
	} else if err != nil {
		return err
	}
	ended := s.Hub.EndKey(fmt.Sprintf("link %d", id), live.EndRevoked)
	s.Log.Info("share link revoked", "link", id, "screens", len(screens), "streams_ended", ended)
	return done(c, fmt.Sprintf("Link revoked, with its %d screens.", len(screens)))
}

// revokeScreen revokes one screen and ends its stream: POST /admin/screens/{id}/revoke.
func (s *server) revokeScreen(c *fiber.Ctx) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := s.Store.RevokeScreen(c.UserContext(), id); errors.Is(err, db.ErrNotFound) {
		return fiber.ErrNotFound
	} else if err != nil {
		return err
	}
	s.Hub.EndKey(fmt.Sprintf("screen %d", id), live.EndRevoked)
	return done(c, "Screen revoked.")
}

// createToken makes an API token: POST /admin/tokens. The page shows it once.
func (s *server) createToken(c *fiber.Ctx) error {
	name := strings.TrimSpace(c.FormValue("name"))
	if name == "" || len([]rune(name)) > 80 {
		return badInput("name", "give the token a name of 1 to 80 characters")
	}
	token, err := s.Store.CreateToken(c.UserContext(), name)
	if err != nil {
		return err
	}
	return s.renderAdmin(c, "", "API token "+name+":", token)
}

// revokeToken revokes an API token: POST /admin/tokens/{id}/revoke.
func (s *server) revokeToken(c *fiber.Ctx) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := s.Store.RevokeToken(c.UserContext(), id); errors.Is(err, db.ErrNotFound) {
		return fiber.ErrNotFound
	} else if err != nil {
		return err
	}
	return done(c, "Token revoked.")
}

// pathID reads the {id} of an admin route; one that is not a number names nothing: 404.
func pathID(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return 0, fiber.ErrNotFound
	}
	return id, nil
}
