package jobs

import (
	"context"

	"wallboard/db"
)

// MaintainDB returns the nightly job that checkpoints and truncates SQLite's write-ahead log and
// refreshes the query planner's statistics.
func MaintainDB(store *db.Store) func(ctx context.Context) error {
	return store.Maintain
}
