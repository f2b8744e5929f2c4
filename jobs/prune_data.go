package jobs

import (
	"context"
	"errors"
	"time"

	"wallboard/app/config"
	"wallboard/db"
)

// PruneData returns the retention job: it deletes raw samples, rollups, events and job runs older
// than ret allows, and sessions that have expired. A zero retention keeps that kind of data for ever, so that a config
// without defaults applied can never empty the database. Raw samples the rollup job has not yet
// folded in are kept whatever their age (db.PruneSamples).
func PruneData(store *db.Store, ret config.Retention) func(ctx context.Context) error {
	return pruneData(store, ret, time.Now)
}

// pruneData is PruneData on the clock now.
func pruneData(store *db.Store, ret config.Retention, now func() time.Time) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		t := now()
		prunes := []struct {
			keep  config.Duration
			prune func(context.Context, time.Time) (int64, error)
		}{
			{ret.Samples, store.PruneSamples},
			{ret.Rollups, store.PruneRollups},
			{ret.Events, store.PruneEvents},
			{ret.JobRuns, store.PruneJobRuns},
			{config.Duration(time.Nanosecond), store.PruneSessions}, // expired is expired
		}
		var errs []error
		for _, p := range prunes {
			if p.keep <= 0 {
				continue
			}
			if _, err := p.prune(ctx, t.Add(-p.keep.D())); err != nil {
				errs = append(errs, err)
			}
		}
		return errors.Join(errs...)
	}
}
