package db

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"time"
)

// tokenPrefix marks Wallboard API tokens, so a leaked one is easy to recognise in a scan.
const tokenPrefix = "wb_"

// Token is an API token's record. The token itself is never stored, only its SHA-256: tokens are
// 256 random bits, so a slow password hash would add nothing.
type Token struct {
	ID        int64
	Name      string
	CreatedAt time.Time
}

// CreateToken makes a new API token named name and returns it. This is the only time the token
// is seen in the clear.
func (s *Store) CreateToken(ctx context.Context, name string) (string, error) {
	const q = `INSERT INTO api_tokens (name, hash, created_at) VALUES (?, ?, ?)`
	raw := make([]byte, 32)
	rand.Read(raw)
	token := tokenPrefix + base64.RawURLEncoding.EncodeToString(raw)
	if _, err := s.writer.ExecContext(ctx, q, name, hashToken(token), ms(s.now())); err != nil {
		return "", fmt.Errorf("db: create token %q: %w", name, err)
	}
	return token, nil
}

// TokenBySecret returns the live (not revoked) token whose secret is token.
func (s *Store) TokenBySecret(ctx context.Context, token string) (Token, error) {
	const q = `SELECT id, name, created_at FROM api_tokens WHERE hash = ? AND revoked_at IS NULL`
	var t Token
	var created int64
	err := s.reader.QueryRowContext(ctx, q, hashToken(token)).Scan(&t.ID, &t.Name, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return Token{}, fmt.Errorf("db: token: %w", ErrNotFound)
	}
	if err != nil {
		return Token{}, fmt.Errorf("db: token: %w", err)
	}
	t.CreatedAt = fromMS(created)
	return t, nil
}

// RevokeToken revokes the token with the given id.
func (s *Store) RevokeToken(ctx context.Context, id int64) error {
	const q = `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`
	res, err := s.writer.ExecContext(ctx, q, ms(s.now()), id)
	if err != nil {
		return fmt.Errorf("db: revoke token %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("db: revoke token %d: %w", id, ErrNotFound)
	}
	return nil
}

func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// TokenInfo is a token as the admin page lists it.
type TokenInfo struct {
	Token
	Revoked bool
}

// Tokens returns every token, newest first.
func (s *Store) Tokens(ctx context.Context) ([]TokenInfo, error) {
	rows, err := s.reader.QueryContext(ctx, `SELECT id, name, created_at, revoked_at IS NOT NULL FROM api_tokens ORDER BY id DESC`)
	if err != nil {
		return nil, fmt.Errorf("db: tokens: %w", err)
	}
	defer rows.Close()
	var out []TokenInfo
	for rows.Next() {
		var t TokenInfo
		var created int64
		if err := rows.Scan(&t.ID, &t.Name, &created, &t.Revoked); err != nil {
			return nil, fmt.Errorf("db: tokens: %w", err)
		}
		t.CreatedAt = fromMS(created)
		out = append(out, t)
	}
	return out, rows.Err()
}
