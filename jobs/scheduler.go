package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	_ "time/tzdata" // schedules use cfg.Location, which must load on hosts without a zoneinfo database

	"github.com/robfig/cron/v3"

	"wallboard/db"
)

// ErrNotFound is returned, wrapped, by RunNow for a job name that was never added.
var ErrNotFound = errors.New("job not found")

// ErrRunning is returned, wrapped, by RunNow when the job is already running.
var ErrRunning = errors.New("job already running")

// recordTimeout bounds how long recording a run may take. The record uses its own context
// because the job's context may already be cancelled by Stop.
const recordTimeout = 5 * time.Second

// specParser is our one cron convention: five fields (minute to weekday) or a descriptor such as
// "@every 2s" or "@daily". There is no seconds field.
var specParser = cron.NewParser(
	cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// ParseSchedule parses a 5-field cron spec or a descriptor such as "@every 2s", the way the
// Scheduler does. Config validation and the admin page can use it to check a spec early.
func ParseSchedule(spec string) (cron.Schedule, error) {
	s, err := specParser.Parse(spec)
	if err != nil {
		return nil, fmt.Errorf("jobs: parse schedule %q: %w", spec, err)
	}
	return s, nil
}

// RunRecorder stores the outcome of each job run. *db.Store implements it.
type RunRecorder interface {
	RecordJobRun(ctx context.Context, r db.JobRun) error
}

// JobInfo describes a scheduled job for the admin page.
type JobInfo struct {
	Name string
	Spec string
	// Next is the job's next scheduled start.
	Next time.Time
}

// Scheduler runs named jobs on cron schedules. It wraps every run so that its start, duration and
// outcome are recorded and any error or panic is logged once; it gives jobs a context that Stop
// cancels, and never runs one job twice at once.
type Scheduler struct {
	cron *cron.Cron
	loc  *time.Location
	rec  RunRecorder
	log  *slog.Logger
	// observe is told of every run; see OnRun.
	observe func(name string, d time.Duration, err error)

	// ctx is the parent of every job's context; cancel is called by Stop, because cron's own
	// Stop does not cancel running jobs (STACK-NOTES, robfig/cron).
	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	jobs    map[string]*scheduledJob
	stopped bool
	manual  sync.WaitGroup // runs started by RunNow, which cron's Stop does not wait for
}

type scheduledJob struct {
	name     string
	spec     string
	id       cron.EntryID
	schedule cron.Schedule
	// wrapped is cron's chain (Recover, SkipIfStillRunning) around our recording wrapper. RunNow
	// calls it too, so a manual run shares the scheduled runs' skip-if-running guard.
	wrapped cron.Job
	running atomic.Bool
}

// NewScheduler returns a stopped scheduler whose schedules are read in loc (UTC when nil).
func NewScheduler(loc *time.Location, rec RunRecorder, log *slog.Logger) *Scheduler {
	if loc == nil {
		loc = time.UTC
	}
	l := cronLogger{log: log}
	ctx, cancel := context.WithCancel(context.Background())
	return &Scheduler{
		// v3 does not recover panics by default, whatever its doc says (STACK-NOTES).
		cron: cron.New(cron.WithLocation(loc), cron.WithParser(specParser),
			cron.WithChain(cron.Recover(l), cron.SkipIfStillRunning(l))),
		loc: loc, rec: rec, log: log, observe: func(string, time.Duration, error) {},
		ctx: ctx, cancel: cancel,
		jobs: map[string]*scheduledJob{},
	}
}

// OnRun sets a function told of every run, scheduled or manual, as it ends: the job's name, how
// long it took and its error. Set it before Start.
func (s *Scheduler) OnRun(observe func(name string, d time.Duration, err error)) { s.observe = observe }

// Add schedules job under name. spec is a 5-field cron spec or a descriptor such as "@every 2s".
func (s *Scheduler) Add(name, spec string, job func(ctx context.Context) error) error {
	sched, err := specParser.Parse(spec)
	if err != nil {
		return fmt.Errorf("jobs: add %q: parse schedule %q: %w", name, spec, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.jobs[name]; dup {
		return fmt.Errorf("jobs: add %q: a job with that name exists", name)
	}
	j := &scheduledJob{name: name, spec: spec, schedule: sched}
	j.id = s.cron.Schedule(sched, cron.FuncJob(func() { s.run(j, job) }))
	j.wrapped = s.cron.Entry(j.id).WrappedJob
	s.jobs[name] = j
	return nil
}

// Start starts running the jobs on their schedules.
func (s *Scheduler) Start() { s.cron.Start() }

// Stop cancels the context of every running job, stops scheduling new runs and waits for the
// running ones to return, or for ctx to end.
func (s *Scheduler) Stop(ctx context.Context) error {
	s.mu.Lock()
	s.stopped = true
	s.mu.Unlock()
	s.cancel()
	cronDone := s.cron.Stop()
	done := make(chan struct{})
	go func() {
		<-cronDone.Done()
		s.manual.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("jobs: stop scheduler: %w", ctx.Err())
	}
}

// RunNow starts one run of the named job now, in its own goroutine, through the same wrapper
// and skip-if-running guard as its scheduled runs. It returns at once.
func (s *Scheduler) RunNow(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, ok := s.jobs[name]
	switch {
	case !ok:
		return fmt.Errorf("jobs: run %q: %w", name, ErrNotFound)
	case s.stopped:
		return fmt.Errorf("jobs: run %q: scheduler stopped", name)
	case j.running.Load():
		// Best effort, to tell the admin; the guard inside wrapped is what makes it safe.
		return fmt.Errorf("jobs: run %q: %w", name, ErrRunning)
	}
	s.manual.Add(1)
	go func() {
		defer s.manual.Done()
		j.wrapped.Run()
	}()
	return nil
}

// Jobs lists the scheduled jobs by name, with their next start.
func (s *Scheduler) Jobs() []JobInfo {
	s.mu.Lock()
	jobs := make([]*scheduledJob, 0, len(s.jobs))
	for _, j := range s.jobs {
		jobs = append(jobs, j)
	}
	s.mu.Unlock()
	next := map[cron.EntryID]time.Time{}
	for _, e := range s.cron.Entries() {
		next[e.ID] = e.Next
	}
	out := make([]JobInfo, 0, len(jobs))
	for _, j := range jobs {
		n := next[j.id]
		if n.IsZero() { // cron fills Next in only once started
			n = j.schedule.Next(time.Now().In(s.loc))
		}
		out = append(out, JobInfo{Name: j.name, Spec: j.spec, Next: n})
	}
	slices.SortFunc(out, func(a, b JobInfo) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// run is the wrapper around every run: it times the job, turns a panic into a failed run, logs
// a failure once and records the outcome.
func (s *Scheduler) run(j *scheduledJob, job func(ctx context.Context) error) {
	j.running.Store(true)
	defer j.running.Store(false)
	start := time.Now()
	err := callJob(s.ctx, job)
	d := time.Since(start)
	s.observe(j.name, d, err)
	r := db.JobRun{Job: j.name, StartedAt: start, Duration: d}
	if err != nil {
		r.Err = err.Error()
		s.logFailure(j.name, d, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), recordTimeout)
	defer cancel()
	if err := s.rec.RecordJobRun(ctx, r); err != nil {
		s.log.Error("record job run failed", "job", j.name, "error", err)
	}
}

// logFailure logs a failed run: this wrapper is the edge where job errors are logged.
func (s *Scheduler) logFailure(name string, d time.Duration, err error) {
	if pe, ok := errors.AsType[*panicError](err); ok {
		s.log.Error("job panicked", "job", name, "duration_ms", d.Milliseconds(), "error", err,
			"stack", string(pe.stack))
		return
	}
	s.log.Error("job failed", "job", name, "duration_ms", d.Milliseconds(), "error", err)
}

// panicError is a panic recovered from a job, with the stack it happened on.
type panicError struct {
	value any
	stack []byte
}

func (p *panicError) Error() string { return fmt.Sprintf("panic: %v", p.value) }

// callJob runs job, turning a panic into an error, so that a panicking run is recorded as failed
// rather than only logged by cron.Recover.
func callJob(ctx context.Context, job func(ctx context.Context) error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &panicError{value: v, stack: debug.Stack()}
		}
	}()
	return job(ctx)
}
