package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Sample is one raw metric value.
type Sample struct {
	Metric string
	TS     time.Time
	Value  float64
}

// insertChunk is how many samples go into one INSERT statement. One multi-row statement costs
// far less than a row-at-a-time loop through cgo; 3 parameters a row stay well under SQLite's
// limit of 32,766.
const insertChunk = 500

// InsertSamples stores a batch of samples in one transaction: all of them or none.
func (s *Store) InsertSamples(ctx context.Context, samples []Sample) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for chunk := range slices.Chunk(samples, insertChunk) {
			q := "INSERT INTO samples (metric, ts, value) VALUES " + valuesList(len(chunk), "(?, ?, ?)")
			args := make([]any, 0, 3*len(chunk))
			for _, sm := range chunk {
				args = append(args, sm.Metric, ms(sm.TS), sm.Value)
			}
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("db: insert %d samples: %w", len(samples), err)
	}
	return nil
}

// valuesList repeats one row's placeholders n times, comma-separated. It formats no data into
// SQL: only the fixed placeholder text.
func valuesList(n int, row string) string {
	return strings.Repeat(row+", ", n-1) + row
}

// LastSample returns the newest sample of metric at or before at.
func (s *Store) LastSample(ctx context.Context, metric string, at time.Time) (Sample, error) {
	const q = `SELECT ts, value FROM samples WHERE metric = ? AND ts <= ? ORDER BY ts DESC, id DESC LIMIT 1`
	sm := Sample{Metric: metric}
	var ts int64
	err := s.reader.QueryRowContext(ctx, q, metric, ms(at)).Scan(&ts, &sm.Value)
	if errors.Is(err, sql.ErrNoRows) {
		return Sample{}, fmt.Errorf("db: last sample of %q: %w", metric, ErrNotFound)
	}
	if err != nil {
		return Sample{}, fmt.Errorf("db: last sample of %q: %w", metric, err)
	}
	sm.TS = fromMS(ts)
	return sm, nil
}

// PruneSamples deletes raw samples older than before, and returns how many went. Their
// per-minute rollups stay.
func (s *Store) PruneSamples(ctx context.Context, before time.Time) (int64, error) {
	// In chunks, each its own statement, so that the writer is free between them.
	const q = `DELETE FROM samples WHERE id IN (
    SELECT id FROM samples
    WHERE ts < ? AND id <= (SELECT position FROM job_cursors WHERE job = 'rollup')
    LIMIT ?)`
	var total int64
	for {
		res, err := s.writer.ExecContext(ctx, q, ms(before), rollupChunk)
		if err != nil {
			return total, fmt.Errorf("db: prune samples before %s: %w", before.Format(time.RFC3339), err)
		}
		n, _ := res.RowsAffected()
		total += n
		if n < rollupChunk {
			return total, nil
		}
	}
}
