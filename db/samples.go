package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Sample is one raw metric value.
type Sample struct {
	Metric string
	TS     time.Time
	Value  float64
}

// InsertSamples stores a batch of samples in one transaction: all of them or none.
func (s *Store) InsertSamples(ctx context.Context, samples []Sample) error {
	const q = `INSERT INTO samples (metric, ts, value) VALUES (?, ?, ?)`
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, q)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, sm := range samples {
			if _, err := stmt.ExecContext(ctx, sm.Metric, ms(sm.TS), sm.Value); err != nil {
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
	const q = `DELETE FROM samples WHERE ts < ? AND id <= (SELECT position FROM job_cursors WHERE job = 'rollup')`
	res, err := s.writer.ExecContext(ctx, q, ms(before))
	if err != nil {
		return 0, fmt.Errorf("db: prune samples before %s: %w", before.Format(time.RFC3339), err)
	}
	return res.RowsAffected()
}
