package jobs

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"wallboard/app/config"
	"wallboard/db"
)

// The kinds of source.
const (
	SourceDemo = "demo"
	SourceHost = "host"
)

// SourceJob returns the job that pulls from src, ready for Scheduler.Add under src.Schedule.
func SourceJob(src config.Source, store *db.Store, notify Notifier) (func(ctx context.Context) error, error) {
	switch src.Kind {
	case SourceDemo:
		seed := uint64(time.Now().UnixNano())
		rnd := rand.New(rand.NewPCG(seed, seed>>32|1))
		return DemoSource(store, notify, src.Prefix, time.Now, rnd), nil
	case SourceHost:
		return HostSource(store, notify, src.Prefix), nil
	default:
		return nil, fmt.Errorf("jobs: source %q: unknown kind %q, want demo or host", src.ID, src.Kind)
	}
}
