package db

import (
	"context"
	"database/sql"
	"fmt"
	"os"
)

// Backup writes a consistent copy of the database to path with VACUUM INTO, while the server
// keeps writing. The copy holds every transaction committed before it began. path must not
// exist: a backup never overwrites.
func (s *Store) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("db: back up to %s: the file exists; choose a new name", path)
	}
	// On a connection of its own: under WAL its read does not hold up the writer, and the
	// read-only pool may not write the copy.
	conn, err := sql.Open("sqlite3", dsn(s.path, "_busy_timeout=5000"))
	if err != nil {
		return fmt.Errorf("db: back up to %s: %w", path, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("db: back up to %s: %w", path, err)
	}
	return nil
}

// Maintain folds the write-ahead log back into the database and truncates it, then lets SQLite
// refresh the statistics its query planner uses. Run nightly.
func (s *Store) Maintain(ctx context.Context) error {
	if _, err := s.writer.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return fmt.Errorf("db: checkpoint: %w", err)
	}
	if _, err := s.writer.ExecContext(ctx, `PRAGMA optimize`); err != nil {
		return fmt.Errorf("db: optimize: %w", err)
	}
	return nil
}

// Check runs SQLite's integrity check and returns its findings as an error, or nil.
func (s *Store) Check(ctx context.Context) error {
	var result string
	if err := s.reader.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&result); err != nil {
		return fmt.Errorf("db: integrity check: %w", err)
	}
	if result != "ok" {
		return fmt.Errorf("db: integrity check: %s", result)
	}
	return nil
}

// Ping checks that the database answers a read.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.reader.QueryRowContext(ctx, `SELECT 1`).Scan(&one); err != nil {
		return fmt.Errorf("db: ping: %w", err)
	}
	return nil
}
