package views

import (
	"net/url"
	"time"
)

// LoginView is the sign-in form.
type LoginView struct {
	Page    PageView
	CSRF    string
	Next    string // where to go after signing in
	Name    string // as typed, after a failure
	Problem string // why the last attempt failed
}

// AccessView explains a refused board. Reason is "private", "revoked" or "expired"; Next is the
// board's URL, to come back to after signing in.
type AccessView struct {
	Page   PageView
	Reason string
	Next   string
}

// AdminView is the admin page.
type AdminView struct {
	Page   PageView
	CSRF   string
	User   string
	Notice string // what the last action did
	// Secret is a new token or link, shown once, with SecretLabel before it.
	Secret, SecretLabel string

	Boards  []AdminBoard
	Jobs    []AdminJob
	Alerts  []AdminAlert
	Links   []AdminLink
	Screens []AdminScreen
	Tokens  []AdminToken
}

// AdminBoard is a board with how many screens watch it now.
type AdminBoard struct {
	Slug, Title, Visibility string
	Viewers                 int
}

// AdminJob is a scheduled job's health.
type AdminJob struct {
	Name, Spec      string
	LastRun, Next   time.Time
	Took, LastError string
}

// AdminAlert is a check in warn or crit.
type AdminAlert struct {
	Name, State, Message, AckBy string
}

// AdminLink is a share link.
type AdminLink struct {
	ID                      int64
	Board, Label, CreatedBy string
	Screens                 int
	Expires                 time.Time
	Revoked                 bool
}

// AdminScreen is a screen that exchanged a share link.
type AdminScreen struct {
	ID                    int64
	Label, Board, Address string
	LastSeen              time.Time
	Revoked               bool
}

// AdminToken is an API token.
type AdminToken struct {
	ID      int64
	Name    string
	Created time.Time
	Revoked bool
}

// stampOrNever writes a time for the admin tables, in UTC to the minute, or "never".
func stampOrNever(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

func queryEscape(s string) string { return url.QueryEscape(s) }
