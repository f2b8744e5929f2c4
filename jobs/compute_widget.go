package jobs

import (
	"math"
	"time"

	"wallboard/app/config"
	"wallboard/db"
)

// This file is the pure maths of widget states: no store, no clock of its own. The coalescer
// loads the data and passes it in with the time.

// The states a widget can be in.
const (
	stateOK      = "ok"
	stateWarn    = "warn"
	stateCrit    = "crit"
	stateUnknown = "unknown"
)

// The aggregates a metric widget can show.
const (
	aggLast  = "last"
	aggSum   = "sum"
	aggAvg   = "avg"
	aggMin   = "min"
	aggMax   = "max"
	aggCount = "count"
	aggRate  = "rate"
)

// maxBuckets caps a sparkline or chart: more points than this are not legible on a tile.
const maxBuckets = 60

// metricData is what the coalescer loaded for a metric widget.
type metricData struct {
	// Latest is the newest sample at or before now; HasLatest is false when there is none.
	Latest    db.Sample
	HasLatest bool
	// CurStats and PrevStats are the minute stats of the current and previous windows, oldest
	// first; CurSpan and PrevSpan are those windows.
	CurStats, PrevStats []db.MinuteStat
	CurSpan, PrevSpan   config.Span
}

// metricState computes the state of a number, gauge or chart widget from its loaded data.
func metricState(w *config.Widget, d metricData) db.WidgetState {
	var st db.WidgetState
	latest, hasLatest := d.Latest, d.HasLatest
	if !hasLatest { // raw samples may be pruned while the window's rollups remain
		if n, ok := newestStat(d.CurStats); ok {
			latest, hasLatest = db.Sample{TS: n.LastTS, Value: n.Last}, true
		}
	}
	span, ratePer := d.CurSpan.To.Sub(d.CurSpan.From), w.RatePer.D()
	if w.Aggregate == aggLast || w.Aggregate == "" {
		st.Value, st.HasValue = latest.Value, hasLatest
	} else {
		st.Value, st.HasValue = aggregate(d.CurStats, w.Aggregate, span, ratePer)
		st.HasValue = st.HasValue && hasLatest
	}
	if hasLatest {
		st.UpdatedAt = latest.TS
	}
	if w.Kind == config.KindNumber && st.HasValue && len(d.PrevStats) > 0 {
		prev, _ := aggregate(d.PrevStats, w.Aggregate, d.PrevSpan.To.Sub(d.PrevSpan.From), ratePer)
		setDelta(&st, prev)
	}
	if w.Kind == config.KindNumber || w.Kind == config.KindChart {
		st.Series, st.SeriesStep = series(d.CurStats, d.CurSpan, w.Aggregate, ratePer)
		st.SeriesStart = d.CurSpan.From
		if additive(w.Aggregate) && len(st.Series) > 1 {
			// The newest bucket is still filling: summed, it would draw a dip at the end of
			// every line. Leave it out until it is complete.
			st.Series = st.Series[:len(st.Series)-1]
		}
	}
	st.State = valueState(st.Value, st.HasValue, w.Thresholds)
	return st
}

// aggregate folds stats with agg. span is the stretch of time the stats cover, which rate
// divides by. Sum, count and rate of no data are 0; the others have no value.
func aggregate(stats []db.MinuteStat, agg string, span, ratePer time.Duration) (float64, bool) {
	var t db.MinuteStat
	for _, s := range stats {
		t = t.Merge(s)
	}
	switch agg {
	case aggSum:
		return t.Sum, true
	case aggCount:
		return float64(t.Count), true
	case aggRate:
		if span <= 0 || ratePer <= 0 {
			return 0, false
		}
		return t.Sum * float64(ratePer) / float64(span), true
	}
	if t.Count == 0 {
		return 0, false
	}
	switch agg {
	case aggAvg:
		return t.Sum / float64(t.Count), true
	case aggMin:
		return t.Min, true
	case aggMax:
		return t.Max, true
	default:
		return t.Last, true
	}
}

// additive reports whether agg adds values up, so that a bucket still filling is too low.
func additive(agg string) bool {
	return agg == aggSum || agg == aggCount || agg == aggRate
}

// newestStat returns the stat with the newest last sample.
func newestStat(stats []db.MinuteStat) (db.MinuteStat, bool) {
	var n db.MinuteStat
	for _, s := range stats {
		n = n.Merge(s)
	}
	return n, n.Count > 0
}

// setDelta sets the delta of st's value against prev, the previous window's value.
func setDelta(st *db.WidgetState, prev float64) {
	st.HasDelta = true
	st.Delta = st.Value - prev
	if prev != 0 {
		pct := st.Delta / math.Abs(prev) * 100
		st.DeltaPct = &pct
	}
}

// series buckets stats over span into at most maxBuckets buckets of whole minutes, each folded
// with agg; a bucket without data is nil.
func series(stats []db.MinuteStat, span config.Span, agg string, ratePer time.Duration) ([]*float64, time.Duration) {
	minutes := int(span.To.Sub(span.From) / time.Minute)
	if minutes <= 0 {
		return nil, 0
	}
	per := (minutes + maxBuckets - 1) / maxBuckets
	step := time.Duration(per) * time.Minute
	buckets := make([][]db.MinuteStat, (minutes+per-1)/per)
	for _, s := range stats {
		if i := int(s.Minute.Sub(span.From) / step); s.Minute.Compare(span.From) >= 0 && i < len(buckets) {
			buckets[i] = append(buckets[i], s)
		}
	}
	out := make([]*float64, len(buckets))
	for i, b := range buckets {
		if len(b) == 0 {
			continue
		}
		if v, ok := aggregate(b, agg, step, ratePer); ok {
			out[i] = &v
		}
	}
	return out, step
}

// valueState turns a value into a state by the thresholds: unknown without a value, ok without
// thresholds.
func valueState(v float64, has bool, th *config.Thresholds) string {
	if !has {
		return stateUnknown
	}
	if th == nil {
		return stateOK
	}
	reached := func(limit *float64) bool {
		if limit == nil {
			return false
		}
		if th.Direction == "below" {
			return v <= *limit
		}
		return v >= *limit
	}
	switch {
	case reached(th.Crit):
		return stateCrit
	case reached(th.Warn):
		return stateWarn
	default:
		return stateOK
	}
}

// stateRank orders states from best to worst; anything unrecognised counts as unknown.
func stateRank(s string) int {
	switch s {
	case stateOK:
		return 0
	case stateWarn:
		return 2
	case stateCrit:
		return 3
	default:
		return 1
	}
}

// worstState returns the worst of states: crit > warn > unknown > ok.
func worstState(states ...string) string {
	worst := stateOK
	for _, s := range states {
		if stateRank(s) > stateRank(worst) {
			worst = s
		}
	}
	if stateRank(worst) == 1 {
		return stateUnknown
	}
	return worst
}

// levelState turns an event level into the state of a log widget.
func levelState(level string) string {
	switch level {
	case stateCrit, stateWarn:
		return level
	default:
		return stateOK
	}
}

// applyFreshness sets FreshUntil and Stale from the data's age at now. Without data a widget is
// unknown, never stale.
func applyFreshness(st *db.WidgetState, staleAfter time.Duration, now time.Time) {
	if st.UpdatedAt.IsZero() || staleAfter <= 0 {
		return
	}
	st.FreshUntil = st.UpdatedAt.Add(staleAfter)
	st.Stale = !now.Before(st.FreshUntil)
}

// clockMinute is the minute a clock widget shows at now.
func clockMinute(now time.Time, loc *time.Location) time.Time {
	return now.In(loc).Truncate(time.Minute)
}
