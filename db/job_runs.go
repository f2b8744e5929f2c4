package db

import (
	"context"
	"fmt"
	"time"
)

// JobRun records one run of a scheduled job.
type JobRun struct {
	Job       string
	StartedAt time.Time
	Duration  time.Duration
	Err       string // empty when the run succeeded
}

// RecordJobRun stores a job run.
func (s *Store) RecordJobRun(ctx context.Context, r JobRun) error {
	const q = `INSERT INTO job_runs (job, started_at, duration_ms, ok, error) VALUES (?, ?, ?, ?, ?)`
	ok := 0
	if r.Err == "" {
		ok = 1
	}
	_, err := s.writer.ExecContext(ctx, q, r.Job, ms(r.StartedAt), r.Duration.Milliseconds(), ok, r.Err)
	if err != nil {
		return fmt.Errorf("db: record run of job %q: %w", r.Job, err)
	}
	return nil
}

// JobRuns returns the newest limit runs of job, newest first.
func (s *Store) JobRuns(ctx context.Context, job string, limit int) ([]JobRun, error) {
	const q = `SELECT started_at, duration_ms, error FROM job_runs WHERE job = ? ORDER BY started_at DESC, id DESC LIMIT ?`
	rows, err := s.reader.QueryContext(ctx, q, job, limit)
	if err != nil {
		return nil, fmt.Errorf("db: runs of job %q: %w", job, err)
	}
	defer rows.Close()
	var out []JobRun
	for rows.Next() {
		r := JobRun{Job: job}
		var started, dur int64
		if err := rows.Scan(&started, &dur, &r.Err); err != nil {
			return nil, fmt.Errorf("db: runs of job %q: %w", job, err)
		}
		r.StartedAt, r.Duration = fromMS(started), time.Duration(dur)*time.Millisecond
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("db: runs of job %q: %w", job, err)
	}
	return out, nil
}

// PruneJobRuns deletes job runs that started before before.
func (s *Store) PruneJobRuns(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.writer.ExecContext(ctx, `DELETE FROM job_runs WHERE started_at < ?`, ms(before))
	if err != nil {
		return 0, fmt.Errorf("db: prune job runs before %s: %w", before.Format(time.RFC3339), err)
	}
	return res.RowsAffected()
}
