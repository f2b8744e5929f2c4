package db

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Event is one message in an event stream, such as a deploy.
type Event struct {
	ID      int64
	Stream  string
	TS      time.Time
	Level   string
	Message string
}

// InsertEvents stores a batch of events in one transaction: all of them or none.
func (s *Store) InsertEvents(ctx context.Context, events []Event) error {
	const q = `INSERT INTO events (stream, ts, level, message) VALUES (?, ?, ?, ?)`
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, e := range events {
			if _, err := tx.ExecContext(ctx, q, e.Stream, ms(e.TS), e.Level, e.Message); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("db: insert %d events: %w", len(events), err)
	}
	return nil
}

// LatestEvents returns the newest limit events of stream, newest first.
func (s *Store) LatestEvents(ctx context.Context, stream string, limit int) ([]Event, error) {
	const q = `SELECT id, ts, level, message FROM events WHERE stream = ? ORDER BY ts DESC, id DESC LIMIT ?`
	rows, err := s.reader.QueryContext(ctx, q, stream, limit)
	if err != nil {
		return nil, fmt.Errorf("db: latest events of %q: %w", stream, err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		e := Event{Stream: stream}
		var ts int64
		if err := rows.Scan(&e.ID, &ts, &e.Level, &e.Message); err != nil {
			return nil, fmt.Errorf("db: latest events of %q: %w", stream, err)
		}
		e.TS = fromMS(ts)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("db: latest events of %q: %w", stream, err)
	}
	return out, nil
}

// PruneEvents deletes events older than before.
func (s *Store) PruneEvents(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.writer.ExecContext(ctx, `DELETE FROM events WHERE ts < ?`, ms(before))
	if err != nil {
		return 0, fmt.Errorf("db: prune events before %s: %w", before.Format(time.RFC3339), err)
	}
	return res.RowsAffected()
}
