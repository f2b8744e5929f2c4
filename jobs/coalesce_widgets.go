package jobs

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"wallboard/app/config"
	"wallboard/db"
)

// fireTimeout bounds a recompute started by a change rather than by the scheduler, which gives
// it no context.
const fireTimeout = 10 * time.Second

// Coalescer turns raw data into widget states and publishes those that changed. It throttles each
// widget: an isolated change is published at once (leading edge); a burst is folded into at most
// one publish per the widget's MinInterval, carrying the latest data (trailing edge).
//
// Recomputes are serialised, and the Publisher is called with that lock held: PublishWidget must
// not call Sweep or RecomputeAll (Changed is safe: it never waits for a recompute).
type Coalescer struct {
	cfg   *config.Config
	store *db.Store
	pub   Publisher
	log   *slog.Logger
	now   func() time.Time
	// loaded is when the config was loaded: a text widget's data dates from then.
	loaded time.Time

	widgets []*widgetSlot
	// Indexes from a data name to the widgets bound to it. The key "" holds the status and
	// progress widgets that show every name.
	byMetric, byStream, byStatus, byProgress map[string][]*widgetSlot

	// computeMu serialises recomputes and guards each slot's computed fields.
	computeMu sync.Mutex
	// mu guards each slot's throttle fields and closed. Changed takes only mu, so the push API
	// never waits on a recompute. Lock order: computeMu, then mu.
	mu     sync.Mutex
	closed bool
	// folded counts changes that found their widget's recompute already due.
	folded atomic.Int64
	fires  sync.WaitGroup
}

// widgetSlot is one widget of one board and its coalescing state.
type widgetSlot struct {
	board string
	w     *config.Widget

	// Guarded by computeMu.
	published []byte // the last published state, encoded, to compare against; nil before
	last      db.WidgetState
	minute    time.Time // the minute of the last recompute, to notice the window moving

	// Guarded by mu.
	lastPublish time.Time
	pending     bool // a change arrived that no recompute has read yet
	busy        bool // a recompute is scheduled or running for this widget
	timer       *time.Timer
}

// NewCoalescer returns a coalescer for every widget of every board in cfg.
func NewCoalescer(cfg *config.Config, store *db.Store, pub Publisher, log *slog.Logger) *Coalescer {
	c := &Coalescer{
		cfg: cfg, store: store, pub: pub, log: log, now: time.Now, loaded: time.Now().Truncate(time.Second),
		byMetric: map[string][]*widgetSlot{}, byStream: map[string][]*widgetSlot{},
		byStatus: map[string][]*widgetSlot{}, byProgress: map[string][]*widgetSlot{},
	}
	for bi := range cfg.Boards {
		b := &cfg.Boards[bi]
		for wi := range b.Widgets {
			c.index(&widgetSlot{board: b.Slug, w: &b.Widgets[wi]})
		}
	}
	return c
}

func (c *Coalescer) index(s *widgetSlot) {
	c.widgets = append(c.widgets, s)
	switch w := s.w; {
	case w.UsesMetric():
		c.byMetric[w.Metric] = append(c.byMetric[w.Metric], s)
	case w.Kind == config.KindLog:
		c.byStream[w.Stream] = append(c.byStream[w.Stream], s)
	case w.Kind == config.KindStatus:
		addNames(c.byStatus, w.Checks, s)
	case w.Kind == config.KindProgress:
		addNames(c.byProgress, w.Jobs, s)
	}
}

func addNames(m map[string][]*widgetSlot, names []string, s *widgetSlot) {
	if len(names) == 0 {
		names = []string{""}
	}
	for _, n := range names {
		m[n] = append(m[n], s)
	}
}

// Changed is called after every committed write. It schedules a recompute of every widget bound
// to a changed name, at once if the widget last published at least MinInterval ago, else at the
// end of that interval. It never waits for a recompute.
func (c *Coalescer) Changed(ch db.Changes) {
	slots := c.affected(ch)
	if len(slots) == 0 {
		return
	}
	now := c.now()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range slots {
		if s.busy {
			c.folded.Add(1)
		}
		s.pending = true
		c.schedule(s, now)
	}
}

// Folded returns how many changes so far found their widget's recompute already due, and were
// folded into it rather than causing one.
func (c *Coalescer) Folded() int64 { return c.folded.Load() }

// affected returns the widgets bound to any name in ch, each once.
func (c *Coalescer) affected(ch db.Changes) []*widgetSlot {
	seen := map[*widgetSlot]bool{}
	var out []*widgetSlot
	add := func(m map[string][]*widgetSlot, names []string, all bool) {
		if all && len(names) > 0 { // any name also concerns the widgets that show every name
			names = append(slices.Clip(names), "")
		}
		for _, n := range names {
			for _, s := range m[n] {
				if !seen[s] {
					seen[s] = true
					out = append(out, s)
				}
			}
		}
	}
	add(c.byMetric, ch.Metrics, false)
	add(c.byStream, ch.Streams, false)
	add(c.byStatus, ch.Statuses, true)
	add(c.byProgress, ch.Progress, true)
	return out
}

// schedule starts a recompute of s unless one is already scheduled or running, which will then
// pick the change up. c.mu must be held.
func (c *Coalescer) schedule(s *widgetSlot, now time.Time) {
	if s.busy || c.closed {
		return
	}
	s.busy = true
	c.fires.Add(1)
	delay := s.lastPublish.Add(s.w.MinInterval.D()).Sub(now)
	if delay <= 0 {
		go c.fire(s) // leading edge: now, but off the writer's goroutine
		return
	}
	s.timer = time.AfterFunc(delay, func() { c.fire(s) }) // trailing edge
}

// fire recomputes s for a change. Changes that arrive meanwhile leave s pending, and it is
// scheduled again, so the last of a burst is never lost.
func (c *Coalescer) fire(s *widgetSlot) {
	defer c.fires.Done()
	c.mu.Lock()
	s.timer, s.pending = nil, false
	c.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), fireTimeout)
	err := c.recompute(ctx, s)
	cancel()
	c.mu.Lock()
	defer c.mu.Unlock()
	s.busy = false
	if err != nil {
		// This goroutine is an edge, so the error is logged here. The widget stays pending, so
		// the next Sweep retries it and reports the error to the scheduler if it persists.
		s.pending = true
		c.log.Warn("recompute widget failed", "board", s.board, "widget", s.w.ID, "error", err)
		return
	}
	if s.pending {
		c.schedule(s, c.now())
	}
}

// Sweep recomputes the widgets whose window moved (a new minute), whose data just turned stale,
// that were never published, or whose pending change is due and has no recompute scheduled. The
// scheduler runs it every second.
func (c *Coalescer) Sweep(ctx context.Context) error {
	c.computeMu.Lock()
	defer c.computeMu.Unlock()
	now := c.now()
	var errs []error
	for _, s := range c.widgets {
		due, wasPending := c.sweepDue(s, now)
		if !due {
			continue
		}
		if err := c.recomputeLocked(ctx, s, now); err != nil {
			errs = append(errs, err)
			if wasPending {
				c.markPending(s)
			}
		}
	}
	return errors.Join(errs...)
}

// sweepDue reports whether Sweep must recompute s, and whether that clears a pending change.
// c.computeMu must be held.
func (c *Coalescer) sweepDue(s *widgetSlot, now time.Time) (due, wasPending bool) {
	movesWithClock := s.w.UsesMetric() || s.w.Kind == config.KindClock
	switch {
	case s.published == nil,
		movesWithClock && !now.Truncate(time.Minute).Equal(s.minute),
		!s.last.FreshUntil.IsZero() && !s.last.Stale && !now.Before(s.last.FreshUntil):
		return true, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s.pending && !s.busy && !now.Before(s.lastPublish.Add(s.w.MinInterval.D())) {
		s.pending = false
		return true, true
	}
	return false, false
}

func (c *Coalescer) markPending(s *widgetSlot) {
	c.mu.Lock()
	s.pending = true
	c.mu.Unlock()
}

// RecomputeAll recomputes every widget and publishes each one that differs from what was last
// published: at start-up, every widget, so each board is current on its first request.
func (c *Coalescer) RecomputeAll(ctx context.Context) error {
	c.computeMu.Lock()
	defer c.computeMu.Unlock()
	now := c.now()
	var errs []error
	for _, s := range c.widgets {
		if err := c.recomputeLocked(ctx, s, now); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Close stops the scheduled trailing-edge recomputes and waits for running ones; later changes
// are ignored. Call it after the scheduler has stopped and before the store closes.
func (c *Coalescer) Close() {
	c.mu.Lock()
	c.closed = true
	for _, s := range c.widgets {
		if s.timer != nil && s.timer.Stop() {
			s.timer, s.busy = nil, false
			c.fires.Done()
		}
	}
	c.mu.Unlock()
	c.fires.Wait()
}

func (c *Coalescer) recompute(ctx context.Context, s *widgetSlot) error {
	c.computeMu.Lock()
	defer c.computeMu.Unlock()
	return c.recomputeLocked(ctx, s, c.now())
}

// recomputeLocked computes s at now and, only if the state differs from the last one published
// (Version aside), publishes it and stores it with its new version. c.computeMu must be held.
func (c *Coalescer) recomputeLocked(ctx context.Context, s *widgetSlot, now time.Time) error {
	st, err := c.computeState(ctx, s.board, s.w, now)
	if err != nil {
		return err
	}
	s.minute = now.Truncate(time.Minute)
	// The encoding leaves out Board, Widget and Version, and compares pointers by value.
	enc, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("jobs: encode state of widget %s/%s: %w", s.board, s.w.ID, err)
	}
	if s.published != nil && bytes.Equal(enc, s.published) {
		return nil
	}
	st.Version = c.pub.PublishWidget(st)
	s.published, s.last = enc, st
	c.mu.Lock()
	s.lastPublish = now
	c.mu.Unlock()
	// The hub has the new state already; a failed save only leaves the stored copy behind.
	return c.store.SaveWidgetState(ctx, st)
}
