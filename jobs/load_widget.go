package jobs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"wallboard/app/config"
	"wallboard/db"
)

// defaultLogLimit is the log widget's limit when the config left it unset.
const defaultLogLimit = 8

// computeState loads a widget's data from the store and computes its state at now.
func (c *Coalescer) computeState(ctx context.Context, board string, w *config.Widget, now time.Time) (db.WidgetState, error) {
	var st db.WidgetState
	var err error
	switch w.Kind {
	case config.KindNumber, config.KindGauge, config.KindChart:
		st, err = c.loadMetricState(ctx, w, now)
	case config.KindStatus:
		var found []db.Status
		found, err = c.store.Statuses(ctx, w.Checks)
		st = statusState(w.Checks, found)
	case config.KindLog:
		var events []db.Event
		events, err = c.store.LatestEvents(ctx, w.Stream, logLimit(w))
		st = logState(events)
	case config.KindProgress:
		var found []db.Progress
		found, err = c.store.ProgressList(ctx, w.Jobs)
		st = progressState(w.Jobs, found, w.Thresholds)
	case config.KindClock:
		st = db.WidgetState{State: stateOK, Now: clockMinute(now, c.location())}
	default: // text: the announcement lives in the config, which changed when it was loaded
		st = db.WidgetState{State: stateOK, UpdatedAt: c.loaded}
	}
	if err != nil {
		return db.WidgetState{}, fmt.Errorf("jobs: compute widget %s/%s: %w", board, w.ID, err)
	}
	st.Board, st.Widget = board, w.ID
	applyFreshness(&st, w.StaleAfter.D(), now)
	return st, nil
}

// loadMetricState loads the newest sample and the minute stats of the current and previous
// windows, and computes a metric widget's state from them.
func (c *Coalescer) loadMetricState(ctx context.Context, w *config.Widget, now time.Time) (db.WidgetState, error) {
	d := metricData{}
	d.CurSpan, d.PrevSpan = w.Window.Bounds(now, c.location())
	latest, err := c.store.LastSample(ctx, w.Metric, now)
	switch {
	case err == nil:
		d.Latest, d.HasLatest = latest, true
	case !errors.Is(err, db.ErrNotFound):
		return db.WidgetState{}, err
	}
	if d.CurStats, err = c.store.MinuteStats(ctx, w.Metric, d.CurSpan.From, d.CurSpan.To); err != nil {
		return db.WidgetState{}, err
	}
	if w.Kind == config.KindNumber { // only a number shows the delta against the previous window
		d.PrevStats, err = c.store.MinuteStats(ctx, w.Metric, d.PrevSpan.From, d.PrevSpan.To)
		if err != nil {
			return db.WidgetState{}, err
		}
	}
	return metricState(w, d), nil
}

func logLimit(w *config.Widget) int {
	if w.Limit > 0 {
		return w.Limit
	}
	return defaultLogLimit
}

// location is the configured zone, or UTC for a config that was built rather than loaded.
func (c *Coalescer) location() *time.Location {
	if c.cfg.Location != nil {
		return c.cfg.Location
	}
	return time.UTC
}
