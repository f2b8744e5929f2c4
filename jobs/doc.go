// Package jobs is Wallboard's scheduled work: the cron scheduler wrapper that runs, times and
// records every job; the coalescer that turns raw data into widget states and publishes the ones
// that changed; the rollup and retention jobs; and the sources (demo, host) that pull data in.
//
// It talks to the world only through db and the small interfaces it declares itself (Publisher,
// Notifier, RunRecorder), which the app implements. It may import db, app/config, cron, gopsutil
// and the standard library. It must never import views, Fiber or app: rendering and HTTP belong to
// the app, which wires jobs in.
package jobs
