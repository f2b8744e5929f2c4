package db

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Status is the current state of a named check, such as "api".
type Status struct {
	Name    string
	State   string // ok | warn | crit | unknown
	Message string
	// Since is when the check entered its current state.
	Since     time.Time
	UpdatedAt time.Time
	// Source says who wrote it: "api" for a push, or the id of a source such as "demo".
	Source string `json:",omitempty"`
	// AckBy is who acknowledged the check's current state, and AckAt when; empty and zero if
	// nobody has. A change of state clears them.
	AckBy string    `json:",omitempty"`
	AckAt time.Time `json:",omitzero"`
}

// UpsertStatus records a check's state. Since moves only when the state changes.
func (s *Store) UpsertStatus(ctx context.Context, st Status) error {
	const q = `
INSERT INTO statuses (name, state, message, since, updated_at, source) VALUES (?1, ?2, ?3, ?4, ?4, ?5)
ON CONFLICT (name) DO UPDATE SET
    since = CASE WHEN statuses.state = excluded.state THEN statuses.since ELSE excluded.since END,
    ack_by = CASE WHEN statuses.state = excluded.state THEN statuses.ack_by ELSE '' END,
    ack_at = CASE WHEN statuses.state = excluded.state THEN statuses.ack_at END,
    state = excluded.state, message = excluded.message, updated_at = excluded.updated_at,
    source = excluded.source`
	if _, err := s.writer.ExecContext(ctx, q, st.Name, st.State, st.Message, ms(st.UpdatedAt), st.Source); err != nil {
		return fmt.Errorf("db: upsert status %q: %w", st.Name, err)
	}
	return nil
}

// Statuses returns the statuses with the given names, or every status when names is empty, in
// name order.
func (s *Store) Statuses(ctx context.Context, names []string) ([]Status, error) {
	const q = `SELECT name, state, message, since, updated_at, source, ack_by, ack_at FROM statuses ORDER BY name`
	rows, err := s.reader.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("db: statuses: %w", err)
	}
	defer rows.Close()
	want := set(names)
	var out []Status
	for rows.Next() {
		var st Status
		var since, updated int64
		var ackAt sql.NullInt64
		if err := rows.Scan(&st.Name, &st.State, &st.Message, &since, &updated, &st.Source, &st.AckBy, &ackAt); err != nil {
			return nil, fmt.Errorf("db: statuses: %w", err)
		}
		if want != nil && !want[st.Name] {
			continue
		}
		st.Since, st.UpdatedAt, st.AckAt = fromMS(since), fromMS(updated), nullTime(ackAt)
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("db: statuses: %w", err)
	}
	return out, nil
}

func set(names []string) map[string]bool {
	if len(names) == 0 {
		return nil
	}
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// AckStatus records that by acknowledged the check's current state.
func (s *Store) AckStatus(ctx context.Context, name, by string) error {
	res, err := s.writer.ExecContext(ctx, `UPDATE statuses SET ack_by = ?, ack_at = ? WHERE name = ?`, by, ms(s.now()), name)
	if err != nil {
		return fmt.Errorf("db: acknowledge status %q: %w", name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("db: acknowledge status %q: %w", name, ErrNotFound)
	}
	return nil
}
