package db

import (
	"context"
	"fmt"
	"time"
)

// Progress is how far a named job, such as "backup", has got.
type Progress struct {
	Name    string
	Percent float64
	Label   string
	// StartedAt and StartPercent are when this run was first seen and where it stood then. A
	// percentage that goes down starts a new run. Together they give the ETA.
	StartedAt    time.Time
	StartPercent float64
	UpdatedAt    time.Time
	// Source says who wrote it: "api" for a push, or the id of a source such as "demo".
	Source string `json:",omitempty"`
}

// UpsertProgress records a job's progress.
func (s *Store) UpsertProgress(ctx context.Context, p Progress) error {
	const q = `
INSERT INTO progress (name, percent, label, started_at, start_percent, updated_at, source) VALUES (?1, ?2, ?3, ?4, ?2, ?4, ?5)
ON CONFLICT (name) DO UPDATE SET
    started_at = CASE WHEN excluded.percent < progress.percent THEN excluded.started_at ELSE progress.started_at END,
    start_percent = CASE WHEN excluded.percent < progress.percent THEN excluded.percent ELSE progress.start_percent END,
    percent = excluded.percent, label = excluded.label, updated_at = excluded.updated_at,
    source = excluded.source`
	if _, err := s.writer.ExecContext(ctx, q, p.Name, p.Percent, p.Label, ms(p.UpdatedAt), p.Source); err != nil {
		return fmt.Errorf("db: upsert progress %q: %w", p.Name, err)
	}
	return nil
}

// ProgressList returns the progress entries with the given names, or all of them when names is
// empty, in name order.
func (s *Store) ProgressList(ctx context.Context, names []string) ([]Progress, error) {
	const q = `SELECT name, percent, label, started_at, start_percent, updated_at, source FROM progress ORDER BY name`
	rows, err := s.reader.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("db: progress: %w", err)
	}
	defer rows.Close()
	want := set(names)
	var out []Progress
	for rows.Next() {
		var p Progress
		var started, updated int64
		if err := rows.Scan(&p.Name, &p.Percent, &p.Label, &started, &p.StartPercent, &updated, &p.Source); err != nil {
			return nil, fmt.Errorf("db: progress: %w", err)
		}
		if want != nil && !want[p.Name] {
			continue
		}
		p.StartedAt, p.UpdatedAt = fromMS(started), fromMS(updated)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("db: progress: %w", err)
	}
	return out, nil
}
