package db

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"
	"golang.org/x/crypto/bcrypt"
)

// ErrExists is returned when a name is already taken.
var ErrExists = errors.New("already exists")

// User is an admin account.
type User struct {
	ID   int64
	Name string
}

// bcryptCost is the work factor of stored passwords: about 250 ms a guess on a small server.
const bcryptCost = 12

// AddUser creates an admin account with a bcrypt hash of password.
func (s *Store) AddUser(ctx context.Context, name, password string) error {
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcryptCost)
	if err != nil {
		return fmt.Errorf("db: add user %q: %w", name, err)
	}
	_, err = s.writer.ExecContext(ctx, `INSERT INTO users (name, password_hash, created_at) VALUES (?, ?, ?)`,
		name, string(hash), ms(s.now()))
	if err != nil && isUniqueViolation(err) {
		return fmt.Errorf("db: add user %q: %w", name, ErrExists)
	}
	if err != nil {
		return fmt.Errorf("db: add user %q: %w", name, err)
	}
	return nil
}

// dummyHash is compared against when a name is unknown, so that a login takes as long whether
// or not the account exists. It is made on first use: making it costs what a login does.
var dummyHash = sync.OnceValue(func() []byte {
	h, _ := bcrypt.GenerateFromPassword([]byte("no such user"), bcryptCost)
	return h
})

// CheckPassword returns the user if name and password match, else ErrNotFound.
func (s *Store) CheckPassword(ctx context.Context, name, password string) (User, error) {
	var u User
	var hash string
	err := s.reader.QueryRowContext(ctx, `SELECT id, name, password_hash FROM users WHERE name = ?`, name).
		Scan(&u.ID, &u.Name, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		bcrypt.CompareHashAndPassword(dummyHash(), []byte(password))
		return User{}, fmt.Errorf("db: check password: %w", ErrNotFound)
	}
	if err != nil {
		return User{}, fmt.Errorf("db: check password: %w", err)
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil {
		return User{}, fmt.Errorf("db: check password: %w", ErrNotFound)
	}
	return u, nil
}

// Session is a logged-in admin.
type Session struct {
	// Key identifies the session without revealing its secret: the start of its hash, in hex.
	Key     string
	User    User
	Expires time.Time
}

// CreateSession starts a session for the user that lasts ttl, and returns its secret, the
// cookie's value. Only the secret's hash is stored.
func (s *Store) CreateSession(ctx context.Context, userID int64, ttl time.Duration) (string, error) {
	secret := newSecret("wbs_")
	now := s.now()
	_, err := s.writer.ExecContext(ctx, `INSERT INTO sessions (hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		hashToken(secret), userID, ms(now), ms(now.Add(ttl)))
	if err != nil {
		return "", fmt.Errorf("db: create session: %w", err)
	}
	return secret, nil
}

// SessionBySecret returns the unexpired session whose cookie is secret.
func (s *Store) SessionBySecret(ctx context.Context, secret string) (Session, error) {
	const q = `SELECT u.id, u.name, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
WHERE s.hash = ? AND s.expires_at > ?`
	var ss Session
	var expires int64
	h := hashToken(secret)
	err := s.reader.QueryRowContext(ctx, q, h, ms(s.now())).Scan(&ss.User.ID, &ss.User.Name, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, fmt.Errorf("db: session: %w", ErrNotFound)
	}
	if err != nil {
		return Session{}, fmt.Errorf("db: session: %w", err)
	}
	ss.Key, ss.Expires = fmt.Sprintf("%x", h[:8]), fromMS(expires)
	return ss, nil
}

// DeleteSession ends the session whose cookie is secret, if there is one.
func (s *Store) DeleteSession(ctx context.Context, secret string) error {
	if _, err := s.writer.ExecContext(ctx, `DELETE FROM sessions WHERE hash = ?`, hashToken(secret)); err != nil {
		return fmt.Errorf("db: delete session: %w", err)
	}
	return nil
}

// PruneSessions deletes the sessions that expired before before.
func (s *Store) PruneSessions(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.writer.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < ?`, ms(before))
	if err != nil {
		return 0, fmt.Errorf("db: prune sessions: %w", err)
	}
	return res.RowsAffected()
}

// ShareLink lets screens open one board without an account.
type ShareLink struct {
	ID        int64
	Board     string
	Label     string
	CreatedBy string
	CreatedAt time.Time
	Expires   time.Time // zero: never
	Revoked   time.Time // zero: live
	Screens   int       // screens that exchanged it and are not revoked
}

// CreateShareLink makes a link to board that lasts ttl (0: until revoked), and returns it with
// its token, the part of the URL /s/{token}. Only the token's hash is stored.
func (s *Store) CreateShareLink(ctx context.Context, board, label, by string, ttl time.Duration) (ShareLink, string, error) {
	token := newSecret("")
	now := s.now()
	l := ShareLink{Board: board, Label: label, CreatedBy: by, CreatedAt: now}
	var expires any
	if ttl > 0 {
		l.Expires = now.Add(ttl)
		expires = ms(l.Expires)
	}
	res, err := s.writer.ExecContext(ctx, `INSERT INTO share_links (board, label, hash, created_by, created_at, expires_at)
VALUES (?, ?, ?, ?, ?, ?)`, board, label, hashToken(token), by, ms(now), expires)
	if err != nil {
		return ShareLink{}, "", fmt.Errorf("db: create share link: %w", err)
	}
	l.ID, _ = res.LastInsertId()
	return l, token, nil
}

// ShareLinks returns every link, newest first, with how many live screens each has.
func (s *Store) ShareLinks(ctx context.Context) ([]ShareLink, error) {
	const q = `SELECT l.id, l.board, l.label, l.created_by, l.created_at, l.expires_at, l.revoked_at,
       (SELECT COUNT(*) FROM screens x WHERE x.link_id = l.id AND x.revoked_at IS NULL)
FROM share_links l ORDER BY l.id DESC`
	rows, err := s.reader.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("db: share links: %w", err)
	}
	defer rows.Close()
	var out []ShareLink
	for rows.Next() {
		var l ShareLink
		var created int64
		var expires, revoked sql.NullInt64
		if err := rows.Scan(&l.ID, &l.Board, &l.Label, &l.CreatedBy, &created, &expires, &revoked, &l.Screens); err != nil {
			return nil, fmt.Errorf("db: share links: %w", err)
		}
		l.CreatedAt, l.Expires, l.Revoked = fromMS(created), nullTime(expires), nullTime(revoked)
		out = append(out, l)
	}
	return out, rows.Err()
}

// RevokeShareLink revokes a link and every screen that exchanged it, and returns the ids of
// those screens.
func (s *Store) RevokeShareLink(ctx context.Context, id int64) ([]int64, error) {
	var screens []int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		now := ms(s.now())
		res, err := tx.ExecContext(ctx, `UPDATE share_links SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, now, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		rows, err := tx.QueryContext(ctx, `UPDATE screens SET revoked_at = ? WHERE link_id = ? AND revoked_at IS NULL RETURNING id`, now, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var sid int64
			if err := rows.Scan(&sid); err != nil {
				return err
			}
			screens = append(screens, sid)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("db: revoke share link %d: %w", id, err)
	}
	return screens, nil
}

// Screen is a device that exchanged a share link for a cookie of its own.
type Screen struct {
	ID        int64
	LinkID    int64
	Board     string
	Label     string // the link's
	Address   string
	UserAgent string
	CreatedAt time.Time
	LastSeen  time.Time
	Expires   time.Time // the link's; zero: never
	Revoked   time.Time // the screen's or its link's; zero: live
}

// ExchangeShareLink swaps a link's token for a new screen, and returns the screen and its
// secret, the cookie's value. It fails with ErrNotFound if the link is unknown, revoked or
// expired.
func (s *Store) ExchangeShareLink(ctx context.Context, token, address, userAgent string) (Screen, string, error) {
	secret := newSecret("wbd_")
	var sc Screen
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		var expires sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT id, board, label, expires_at FROM share_links
WHERE hash = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)`, hashToken(token), ms(now)).
			Scan(&sc.LinkID, &sc.Board, &sc.Label, &expires)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO screens (link_id, hash, address, user_agent, created_at, last_seen)
VALUES (?, ?, ?, ?, ?, ?)`, sc.LinkID, hashToken(secret), address, userAgent, ms(now), ms(now))
		if err != nil {
			return err
		}
		sc.ID, _ = res.LastInsertId()
		sc.Address, sc.UserAgent, sc.CreatedAt, sc.LastSeen, sc.Expires = address, userAgent, now, now, nullTime(expires)
		return nil
	})
	if err != nil {
		return Screen{}, "", fmt.Errorf("db: exchange share link: %w", err)
	}
	return sc, secret, nil
}

// screenColumns and scanScreen read a screen joined with its link.
const screenColumns = `x.id, x.link_id, l.board, l.label, x.address, x.user_agent, x.created_at, x.last_seen,
       l.expires_at, COALESCE(x.revoked_at, l.revoked_at)`

func scanScreen(row interface{ Scan(...any) error }) (Screen, error) {
	var sc Screen
	var created, seen int64
	var expires, revoked sql.NullInt64
	err := row.Scan(&sc.ID, &sc.LinkID, &sc.Board, &sc.Label, &sc.Address, &sc.UserAgent, &created, &seen, &expires, &revoked)
	sc.CreatedAt, sc.LastSeen, sc.Expires, sc.Revoked = fromMS(created), fromMS(seen), nullTime(expires), nullTime(revoked)
	return sc, err
}

// ScreenBySecret returns the screen whose cookie is secret, revoked or expired ones included, so
// that the caller can say why access ended.
func (s *Store) ScreenBySecret(ctx context.Context, secret string) (Screen, error) {
	row := s.reader.QueryRowContext(ctx, `SELECT `+screenColumns+`
FROM screens x JOIN share_links l ON l.id = x.link_id WHERE x.hash = ?`, hashToken(secret))
	sc, err := scanScreen(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Screen{}, fmt.Errorf("db: screen: %w", ErrNotFound)
	}
	if err != nil {
		return Screen{}, fmt.Errorf("db: screen: %w", err)
	}
	return sc, nil
}

// ScreenByID returns a screen, revoked or expired ones included.
func (s *Store) ScreenByID(ctx context.Context, id int64) (Screen, error) {
	row := s.reader.QueryRowContext(ctx, `SELECT `+screenColumns+`
FROM screens x JOIN share_links l ON l.id = x.link_id WHERE x.id = ?`, id)
	sc, err := scanScreen(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Screen{}, fmt.Errorf("db: screen %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Screen{}, fmt.Errorf("db: screen %d: %w", id, err)
	}
	return sc, nil
}

// Screens returns every screen, most recently seen first.
func (s *Store) Screens(ctx context.Context) ([]Screen, error) {
	rows, err := s.reader.QueryContext(ctx, `SELECT `+screenColumns+`
FROM screens x JOIN share_links l ON l.id = x.link_id ORDER BY x.last_seen DESC`)
	if err != nil {
		return nil, fmt.Errorf("db: screens: %w", err)
	}
	defer rows.Close()
	var out []Screen
	for rows.Next() {
		sc, err := scanScreen(rows)
		if err != nil {
			return nil, fmt.Errorf("db: screens: %w", err)
		}
		out = append(out, sc)
	}
	return out, rows.Err()
}

// TouchScreen records that a screen was seen now.
func (s *Store) TouchScreen(ctx context.Context, id int64) error {
	if _, err := s.writer.ExecContext(ctx, `UPDATE screens SET last_seen = ? WHERE id = ?`, ms(s.now()), id); err != nil {
		return fmt.Errorf("db: touch screen %d: %w", id, err)
	}
	return nil
}

// RevokeScreen revokes one screen.
func (s *Store) RevokeScreen(ctx context.Context, id int64) error {
	res, err := s.writer.ExecContext(ctx, `UPDATE screens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, ms(s.now()), id)
	if err != nil {
		return fmt.Errorf("db: revoke screen %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("db: revoke screen %d: %w", id, ErrNotFound)
	}
	return nil
}

// newSecret returns a random 256-bit secret, URL-safe, after prefix.
func newSecret(prefix string) string {
	raw := make([]byte, 32)
	rand.Read(raw)
	return prefix + base64.RawURLEncoding.EncodeToString(raw)
}

func nullTime(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return fromMS(v.Int64)
}

// isUniqueViolation says whether err is SQLite refusing a duplicate in a UNIQUE column.
func isUniqueViolation(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique
}
