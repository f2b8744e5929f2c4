package db

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// MinuteStat aggregates the samples of one metric in one minute.
type MinuteStat struct {
	Minute time.Time
	Count  int64
	Sum    float64
	Min    float64
	Max    float64
	Last   float64
	LastTS time.Time
}

// Merge folds o, a stat of the same minute, into m.
func (m MinuteStat) Merge(o MinuteStat) MinuteStat {
	if o.Count == 0 {
		return m
	}
	if m.Count == 0 {
		return o
	}
	m.Count += o.Count
	m.Sum += o.Sum
	m.Min = min(m.Min, o.Min)
	m.Max = max(m.Max, o.Max)
	if !o.LastTS.Before(m.LastTS) {
		m.Last, m.LastTS = o.Last, o.LastTS
	}
	return m
}

// rollupChunk is how many samples one rollup transaction folds in. The writer is free between
// chunks, so a rollup of millions of samples delays a push by one chunk's work, not by all of it.
const rollupChunk = 10_000

// RollupSamples folds every sample inserted since the last call into the per-minute rollups and
// returns how many minute rows it wrote. It works in transactions of rollupChunk samples, each
// merging its samples' counts, sums, extremes and latest value into their minutes and moving the
// cursor, so each sample is counted exactly once and late samples land in the right minute.
func (s *Store) RollupSamples(ctx context.Context) (int64, error) {
	var total int64
	for {
		n, more, err := s.rollupChunk(ctx)
		total += n
		if err != nil {
			return total, fmt.Errorf("db: roll up samples: %w", err)
		}
		if !more {
			return total, nil
		}
	}
}

// rollupChunk folds in the next chunk of samples and says whether more are waiting.
func (s *Store) rollupChunk(ctx context.Context) (n int64, more bool, err error) {
	// The latest value of a minute is that of its sample with the latest ts, then the highest
	// id. Samples of a later chunk have higher ids, so on a tie in ts the later chunk wins.
	const upsert = `
INSERT INTO rollups (metric, minute, count, sum, min, max, last, last_ts)
SELECT g.metric, g.minute, g.n, g.total, g.lo, g.hi,
       (SELECT x.value FROM samples x
         WHERE x.metric = g.metric AND x.ts = g.last_ts AND x.id > ?1 AND x.id <= ?2
         ORDER BY x.id DESC LIMIT 1),
       g.last_ts
FROM (SELECT metric, ts - ts % 60000 AS minute, COUNT(*) AS n, SUM(value) AS total,
             MIN(value) AS lo, MAX(value) AS hi, MAX(ts) AS last_ts
      FROM samples WHERE id > ?1 AND id <= ?2 GROUP BY metric, minute) g
WHERE true
ON CONFLICT (metric, minute) DO UPDATE SET
    count = count + excluded.count, sum = sum + excluded.sum,
    min = MIN(min, excluded.min), max = MAX(max, excluded.max),
    last = CASE WHEN excluded.last_ts >= last_ts THEN excluded.last ELSE last END,
    last_ts = MAX(last_ts, excluded.last_ts)`
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var from, newest int64
		if err := tx.QueryRowContext(ctx, `SELECT position FROM job_cursors WHERE job = 'rollup'`).Scan(&from); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM samples`).Scan(&newest); err != nil {
			return err
		}
		if newest <= from {
			return nil
		}
		to := min(newest, from+rollupChunk)
		more = to < newest
		res, err := tx.ExecContext(ctx, upsert, from, to)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		_, err = tx.ExecContext(ctx, `UPDATE job_cursors SET position = ? WHERE job = 'rollup'`, to)
		return err
	})
	return n, more, err
}

// MinuteStats returns the per-minute aggregates of metric for the minutes in [from, to), oldest
// first. It merges the rollups with the samples that arrived after the rollup job last ran, so it
// is exact whether or not that job is keeping up.
func (s *Store) MinuteStats(ctx context.Context, metric string, from, to time.Time) ([]MinuteStat, error) {
	const q = `
SELECT minute, count, sum, min, max, last, last_ts FROM rollups
 WHERE metric = ?1 AND minute >= ?2 AND minute < ?3
UNION ALL
SELECT minute, cnt, total, lo, hi, value, ts FROM (
  SELECT ts - ts % 60000 AS minute, ts, value,
         COUNT(*) OVER w AS cnt, SUM(value) OVER w AS total, MIN(value) OVER w AS lo, MAX(value) OVER w AS hi,
         ROW_NUMBER() OVER (PARTITION BY ts - ts % 60000 ORDER BY ts DESC, id DESC) AS rn
  FROM samples
  WHERE metric = ?1 AND ts >= ?2 AND ts < ?3 AND id > (SELECT position FROM job_cursors WHERE job = 'rollup')
  WINDOW w AS (PARTITION BY ts - ts % 60000)
) WHERE rn = 1
ORDER BY minute`
	rows, err := s.reader.QueryContext(ctx, q, metric, ms(from), ms(to))
	if err != nil {
		return nil, fmt.Errorf("db: minute stats of %q: %w", metric, err)
	}
	defer rows.Close()
	var out []MinuteStat
	for rows.Next() {
		var m MinuteStat
		var minute, lastTS int64
		if err := rows.Scan(&minute, &m.Count, &m.Sum, &m.Min, &m.Max, &m.Last, &lastTS); err != nil {
			return nil, fmt.Errorf("db: minute stats of %q: %w", metric, err)
		}
		m.Minute, m.LastTS = fromMS(minute), fromMS(lastTS)
		if n := len(out); n > 0 && out[n-1].Minute.Equal(m.Minute) {
			out[n-1] = out[n-1].Merge(m)
			continue
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("db: minute stats of %q: %w", metric, err)
	}
	return out, nil
}

// PruneRollups deletes rollups of minutes before before.
func (s *Store) PruneRollups(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.writer.ExecContext(ctx, `DELETE FROM rollups WHERE minute < ?`, ms(before))
	if err != nil {
		return 0, fmt.Errorf("db: prune rollups before %s: %w", before.Format(time.RFC3339), err)
	}
	return res.RowsAffected()
}
