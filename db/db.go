// Package db is Wallboard's storage: one SQLite file opened as a single-connection writer pool and
// a read-only reader pool, the embedded goose migrations, and raw SQL per table.
//
// It imports nothing of ours. Timestamps are stored as Unix milliseconds (UTC).
package db

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver
	"github.com/pressly/goose/v3"
)

//go:embed migrations/*.sql
var migrations embed.FS

// ErrNotFound is returned, wrapped, when a row asked for does not exist.
var ErrNotFound = errors.New("not found")

// Store is the database. Writes go through one connection, so they never contend for SQLite's
// write lock; reads use a separate read-only pool and run beside them under WAL.
type Store struct {
	path   string
	writer *sql.DB
	reader *sql.DB
	now    func() time.Time
}

// Open opens (creating it if missing) the SQLite file at path, applies the migrations and returns
// the store.
func Open(ctx context.Context, path string) (*Store, error) {
	// _txlock=immediate: two deferred read-then-write transactions would otherwise fail at once
	// with "database is locked", whatever the busy timeout (STACK-NOTES, go-sqlite3).
	writer, err := sql.Open("sqlite3", dsn(path, "_journal_mode=WAL", "_synchronous=NORMAL",
		"_busy_timeout=5000", "_foreign_keys=on", "_txlock=immediate"))
	if err != nil {
		return nil, fmt.Errorf("db: open writer %s: %w", path, err)
	}
	writer.SetMaxOpenConns(1)
	writer.SetConnMaxLifetime(0)
	writer.SetConnMaxIdleTime(0)
	if err := migrate(ctx, writer); err != nil {
		writer.Close()
		return nil, err
	}
	// The reader pool opens after the writer has created and migrated the file.
	reader, err := sql.Open("sqlite3", dsn(path, "mode=ro", "_query_only=on", "_busy_timeout=5000"))
	if err != nil {
		writer.Close()
		return nil, fmt.Errorf("db: open reader %s: %w", path, err)
	}
	reader.SetMaxOpenConns(max(4, runtime.NumCPU()))
	if err := reader.PingContext(ctx); err != nil {
		writer.Close()
		reader.Close()
		return nil, fmt.Errorf("db: open reader %s: %w", path, err)
	}
	return &Store{path: path, writer: writer, reader: reader, now: time.Now}, nil
}

// dsn builds a SQLite URI filename. SQLite percent-decodes it, so only the characters that would
// end the path early are escaped.
func dsn(path string, params ...string) string {
	esc := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	return "file:" + esc + "?" + strings.Join(params, "&")
}

func migrate(ctx context.Context, writer *sql.DB) error {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return fmt.Errorf("db: migrations: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, writer, sub)
	if err != nil {
		return fmt.Errorf("db: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("db: migrate: %w", err)
	}
	return nil
}

// Close closes both pools.
func (s *Store) Close() error {
	return errors.Join(s.reader.Close(), s.writer.Close())
}

// JournalMode returns SQLite's journal mode for the file ("wal" once opened).
func (s *Store) JournalMode(ctx context.Context) (string, error) {
	var mode string
	if err := s.reader.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil {
		return "", fmt.Errorf("db: journal mode: %w", err)
	}
	return mode, nil
}

// inTx runs fn in one write transaction and commits it.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}
