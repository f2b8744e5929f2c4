package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"time"

	"github.com/gofiber/fiber/v2"

	"wallboard/app"
	"wallboard/app/config"
	"wallboard/app/live"
	"wallboard/db"
	"wallboard/jobs"
)

// shutdownTimeout bounds each step of the shutdown.
const shutdownTimeout = 10 * time.Second

// serve runs the server until ctx is cancelled (SIGINT or SIGTERM), then shuts down in the order
// STACK-NOTES gives: stop taking requests, stop the jobs, close the database.
func serve(ctx context.Context, args []string, stderr io.Writer) error {
	s, fs, err := parseSettings("serve", args, stderr, "addr", "db", "config", "heartbeat", "poll")
	if err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "wallboard serve: unexpected argument %q (flags go before arguments)\n", fs.Arg(0))
		return errUsage
	}
	log := newLogger(stderr)
	cfg, err := s.loadConfig()
	if err != nil {
		return err
	}
	store, err := db.Open(ctx, s.dbPath)
	if err != nil {
		return err
	}
	defer store.Close()

	metrics := app.NewMetrics()
	hub := live.New(live.Options{Heartbeat: s.heartbeat, ObserveLag: metrics.ObserveLag})
	co := jobs.NewCoalescer(cfg, store, app.NewPublisher(cfg, hub), log)
	metrics.CountCoalesced(co.Folded)
	sched, err := schedule(ctx, cfg, store, co, log)
	if err != nil {
		return err
	}
	sched.OnRun(metrics.ObserveJob)
	health := &app.Health{}
	web := app.New(app.Deps{Store: store, Config: cfg, Hub: hub, Notify: co, Log: log, Now: time.Now, Poll: s.poll, Health: health, Metrics: metrics, Jobs: schedulerJobs{sched}})
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", s.addr, err)
	}
	served := make(chan error, 1)
	go func() { served <- web.Listener(ln) }()
	sched.Start()
	log.Info("serving", "addr", ln.Addr().String(), "db", s.dbPath, "config", cfg.File, "boards", len(cfg.Boards))

	select {
	case err = <-served:
		err = fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
		log.Info("shutting down")
	}
	err = errors.Join(err, shutdown(web, health, hub, sched, log))
	co.Close()
	return err
}

// schedule fills the scheduler: the coalescer's sweep, rollups, retention and every source. It
// runs each source once first and recomputes every widget, so the first page load is current.
func schedule(ctx context.Context, cfg *config.Config, store *db.Store, co *jobs.Coalescer, log *slog.Logger) (*jobs.Scheduler, error) {
	sched := jobs.NewScheduler(cfg.Location, store, log)
	add := func(name, spec string, job func(context.Context) error) error {
		if err := sched.Add(name, spec, job); err != nil {
			return fmt.Errorf("schedule job %s: %w", name, err)
		}
		return nil
	}
	errs := errors.Join(
		add("coalesce", "@every 1s", co.Sweep),
		add("rollup", "@every 1m", jobs.RollupSamples(store)),
		add("retention", "@every 1h", jobs.PruneData(store, cfg.Retention)),
		add("maintain-db", "30 3 * * *", jobs.MaintainDB(store)), // nightly, in the config's zone
	)
	for _, src := range cfg.Sources {
		job, err := jobs.SourceJob(src, store, co)
		if err != nil {
			return nil, err
		}
		if err := job(ctx); err != nil {
			log.Warn("source first run failed", "source", src.ID, "error", err)
		}
		errs = errors.Join(errs, add("source-"+src.ID, src.Schedule, job))
	}
	if errs != nil {
		return nil, errs
	}
	// Roll up what the sources just wrote (a first demo run backfills a day), so the first
	// recompute reads minutes rather than raw samples.
	if err := jobs.RollupSamples(store)(ctx); err != nil {
		return nil, err
	}
	if err := co.RecomputeAll(ctx); err != nil {
		return nil, err
	}
	return sched, nil
}

// shutdown marks the server not ready, ends the live streams, spread over a few seconds so that the screens' reconnects do
// not arrive at once, then stops taking requests and waits for those in flight, then stops the
// jobs and waits for them. The deferred store.Close runs last. Streams end first: the hub owns
// their connections, and Fiber's shutdown neither sees nor closes them.
func shutdown(web *fiber.App, health *app.Health, hub *live.Hub, sched *jobs.Scheduler, log *slog.Logger) error {
	var errs []error
	health.Drain()
	hub.Close()
	if err := web.ShutdownWithTimeout(shutdownTimeout); err != nil {
		errs = append(errs, fmt.Errorf("shut down http: %w", err))
	}
	ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := sched.Stop(ctx); err != nil {
		errs = append(errs, fmt.Errorf("stop jobs: %w", err))
	}
	log.Info("stopped")
	return errors.Join(errs...)
}

// schedulerJobs is the scheduler as the admin page uses it (app.Jobs).
type schedulerJobs struct{ *jobs.Scheduler }

func (s schedulerJobs) List() []app.JobInfo {
	var out []app.JobInfo
	for _, j := range s.Jobs() {
		out = append(out, app.JobInfo{Name: j.Name, Spec: j.Spec, Next: j.Next})
	}
	return out
}
