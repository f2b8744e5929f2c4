package config

import (
	"slices"
	"strings"
	"time"
)

var (
	// widgetKinds lists every kind of widget, in the order the docs describe them.
	widgetKinds = []string{KindNumber, KindGauge, KindChart, KindStatus, KindLog, KindProgress, KindText, KindClock}
	// metricKinds are the kinds bound to a metric.
	metricKinds = []string{KindNumber, KindGauge, KindChart}
	// thresholdKinds are the kinds whose value thresholds apply to. A status widget's checks
	// carry their own state; text and clock have no value.
	thresholdKinds = []string{KindNumber, KindGauge, KindChart, KindProgress}
	// aggregates are the ways a metric's samples in a window become one value.
	aggregates = []string{"last", "sum", "avg", "min", "max", "count", "rate"}
)

// kindField is a widget field that only some kinds use. set reports whether the author set it;
// defaults are applied only to the kinds that use a field, so a set field was written in the
// file.
type kindField struct {
	name  string
	kinds []string
	set   func(w *Widget) bool
}

// kindFields lists the fields that belong to some kinds only. stale_after and min_interval are
// not here: every widget has them (DESIGN.md, "Concepts").
var kindFields = []kindField{
	{"metric", metricKinds, func(w *Widget) bool { return w.Metric != "" }},
	{"aggregate", metricKinds, func(w *Widget) bool { return w.Aggregate != "" }},
	{"window", metricKinds, func(w *Widget) bool { return !w.Window.IsZero() }},
	{"rate_per", metricKinds, func(w *Widget) bool { return w.RatePer != 0 }},
	{"unit", metricKinds, func(w *Widget) bool { return w.Unit != "" }},
	{"decimals", metricKinds, func(w *Widget) bool { return w.Decimals != nil }},
	{"min", []string{KindGauge}, func(w *Widget) bool { return w.Min != nil }},
	{"max", []string{KindGauge}, func(w *Widget) bool { return w.Max != nil }},
	{"stream", []string{KindLog}, func(w *Widget) bool { return w.Stream != "" }},
	{"limit", []string{KindLog}, func(w *Widget) bool { return w.Limit != 0 }},
	{"checks", []string{KindStatus}, func(w *Widget) bool { return len(w.Checks) > 0 }},
	{"jobs", []string{KindProgress}, func(w *Widget) bool { return len(w.Jobs) > 0 }},
	{"text", []string{KindText}, func(w *Widget) bool { return w.Text != "" }},
	{"thresholds", thresholdKinds, func(w *Widget) bool { return w.Thresholds != nil }},
}

// widget checks one widget of board b. ids maps each id seen on the board to its field.
func (v *checker) widget(c *Config, b *Board, w *Widget, p string, ids map[string]string) {
	v.slug(p+".id", w.ID, ids)
	maxCols, maxRows := b.Columns, 12
	if maxCols < 1 || maxCols > 24 {
		maxCols = 24 // the board's columns are reported already; check against the limit instead
	}
	if b.Rows > 0 {
		maxRows = min(maxRows, b.Rows)
	}
	v.between(p+".cols", w.Cols, 1, maxCols)
	v.between(p+".rows", w.Rows, 1, maxRows)
	v.timing(w, p)
	if !v.oneOf(p+".kind", w.Kind, widgetKinds...) {
		return // which fields belong depends on the kind
	}
	v.binding(c, w, p)
	for _, f := range kindFields {
		if f.set(w) && !slices.Contains(f.kinds, w.Kind) {
			v.add(p+"."+f.name, "%s is not used by a %s widget (only by %s)", f.name, w.Kind, strings.Join(f.kinds, ", "))
		}
	}
	if w.Thresholds != nil && slices.Contains(thresholdKinds, w.Kind) {
		v.thresholds(w.Thresholds, p+".thresholds")
	}
}

// binding checks the fields that say what data a widget of each kind shows.
func (v *checker) binding(c *Config, w *Widget, p string) {
	switch w.Kind {
	case KindNumber, KindGauge, KindChart:
		v.metric(c, w, p)
	case KindLog:
		v.name(p+".stream", w.Stream)
		v.between(p+".limit", w.Limit, 1, 50)
	case KindStatus:
		v.names(p+".checks", w.Checks)
	case KindProgress:
		v.names(p+".jobs", w.Jobs)
	case KindText:
		if w.Text == "" {
			v.add(p+".text", "is required: the announcement to show")
		}
	}
}

// metric checks a metric widget's binding. Its window, doubled for the delta against the window
// before, must fit in the rollups that are kept.
func (v *checker) metric(c *Config, w *Widget, p string) {
	v.name(p+".metric", w.Metric)
	v.oneOf(p+".aggregate", w.Aggregate, aggregates...)
	if keep := c.Retention.Rollups.D(); !w.Window.Today && keep > 0 && w.Window.Len > keep/2 {
		v.add(p+".window", "a window of %s needs %s of history (this window and the one before it, for the delta), but retention.rollups keeps %s",
			w.Window, Duration(2*w.Window.Len), c.Retention.Rollups)
	}
	if w.RatePer.D() < time.Second {
		v.add(p+".rate_per", "must be at least 1s, got %s", w.RatePer)
	}
	if w.Decimals != nil && (*w.Decimals < 0 || *w.Decimals > 6) {
		v.add(p+".decimals", "must be between 0 and 6, got %d", *w.Decimals)
	}
	if w.Kind == KindGauge && w.Min != nil && w.Max != nil && !(*w.Max > *w.Min) {
		v.add(p+".max", "must be greater than min (%g), got %g", *w.Min, *w.Max)
	}
}

// names checks each name in a status or progress list. An empty list means all names.
func (v *checker) names(field string, names []string) {
	for i, n := range names {
		v.name(indexPath(field, i), n)
	}
}

// thresholds checks the direction, and that crit lies beyond warn in that direction.
func (v *checker) thresholds(t *Thresholds, p string) {
	if !v.oneOf(p+".direction", t.Direction, "above", "below") || t.Warn == nil || t.Crit == nil {
		return
	}
	warn, crit := *t.Warn, *t.Crit
	switch {
	case t.Direction == "above" && crit < warn:
		v.add(p+".crit", "must be at or above warn (%g) when direction is above, got %g", warn, crit)
	case t.Direction == "below" && crit > warn:
		v.add(p+".crit", "must be at or below warn (%g) when direction is below, got %g", warn, crit)
	}
}

// timing checks the throttle and the staleness limit.
func (v *checker) timing(w *Widget, p string) {
	if d := w.MinInterval.D(); d < 100*time.Millisecond || d > time.Hour {
		v.add(p+".min_interval", "must be between 100ms and 1h, got %s", w.MinInterval)
	}
	if w.StaleAfter != 0 && w.StaleAfter.D() < time.Second {
		v.add(p+".stale_after", "must be at least 1s, got %s", w.StaleAfter)
	}
}
