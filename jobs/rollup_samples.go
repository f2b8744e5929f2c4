package jobs

import (
	"context"

	"wallboard/db"
)

// RollupSamples returns the job that folds new raw samples into per-minute rollups, so that
// widget windows read one row per minute instead of every sample. It logs nothing on success;
// the scheduler records each run.
func RollupSamples(store *db.Store) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		_, err := store.RollupSamples(ctx) // already wrapped with what it was doing
		return err
	}
}
