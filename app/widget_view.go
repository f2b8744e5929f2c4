package app

import (
	"time"

	"wallboard/app/config"
	"wallboard/db"
	"wallboard/views"
)

// widgetView maps a widget's config and its coalesced state to the view of its card. Times are
// shown in loc; now only measures how long checks have held their state.
func widgetView(w *config.Widget, st db.WidgetState, loc *time.Location, now time.Time) views.WidgetView {
	v := views.WidgetView{
		ID: w.ID, Kind: w.Kind, Title: w.Title, Cols: w.Cols, Rows: w.Rows,
		State: stateOf(st.State), Stale: st.Stale, Updated: inZone(st.UpdatedAt, loc),
	}
	switch w.Kind {
	case config.KindNumber:
		v.Number, v.Waiting = numberView(w, st), !st.HasValue
	case config.KindGauge:
		v.Gauge, v.Waiting = gaugeView(w, st), !st.HasValue
	case config.KindChart:
		v.Chart, v.Waiting = chartView(w, st), !st.HasValue && !hasPoint(st.Series)
	case config.KindStatus:
		v.Checks, v.Waiting = checkViews(st.Checks, loc, now), len(st.Checks) == 0
	case config.KindLog:
		v.Events, v.Waiting = eventViews(st.Events, loc), len(st.Events) == 0
	case config.KindProgress:
		v.Jobs, v.Waiting = jobViews(st.Jobs, loc), len(st.Jobs) == 0
	case config.KindText:
		v.Text = w.Text
	case config.KindClock:
		v.Clock = views.ClockView{Now: inZone(orTime(st.Now, now), loc), Zone: loc.String()}
		// A clock's data is the minute it shows.
		v.Updated = orTime(v.Updated, v.Clock.Now)
	}
	return v
}

// placeholderState is the state of a widget the coalescer has not published yet. Text and clock
// widgets need no data, so they are ok and drawn in full; the others wait for data.
func placeholderState(w *config.Widget) db.WidgetState {
	if w.Kind == config.KindText || w.Kind == config.KindClock {
		return db.WidgetState{State: views.StateOK}
	}
	return db.WidgetState{State: views.StateUnknown}
}

func numberView(w *config.Widget, st db.WidgetState) views.NumberView {
	n := views.NumberView{Value: "–", Unit: w.Unit, Series: st.Series}
	if st.HasValue {
		n.Value = formatNumber(st.Value, decimals(w, st.Value))
	}
	n.Delta, n.Trend = deltaText(w, st)
	n.Lo, n.Hi = seriesRange(st.Series)
	return n
}

func gaugeView(w *config.Widget, st db.WidgetState) views.GaugeView {
	lo, hi := deref(w.Min, 0), deref(w.Max, 100)
	g := views.GaugeView{Value: "–", Unit: w.Unit,
		MinLabel: formatNumber(lo, decimals(w, lo)), MaxLabel: formatNumber(hi, decimals(w, hi))}
	if st.HasValue {
		g.Value = formatNumber(st.Value, decimals(w, st.Value))
		if hi > lo {
			g.Fraction = min(max((st.Value-lo)/(hi-lo), 0), 1)
		}
	}
	return g
}

func chartView(w *config.Widget, st db.WidgetState) views.ChartView {
	c := views.ChartView{Series: st.Series, Window: "−" + w.Window.String()}
	if w.Window.Today {
		c.Window = "00:00"
	}
	c.Lo, c.Hi = seriesRange(st.Series)
	c.LoLabel, c.HiLabel = valueText(w, c.Lo), valueText(w, c.Hi)
	if st.HasValue {
		c.Latest = valueText(w, st.Value)
	}
	return c
}

// valueText is v formatted for w, with its unit.
func valueText(w *config.Widget, v float64) string {
	return withUnit(formatNumber(v, decimals(w, v)), w.Unit)
}

func checkViews(checks []db.Status, loc *time.Location, now time.Time) []views.CheckView {
	out := make([]views.CheckView, len(checks))
	for i, ch := range checks {
		out[i] = views.CheckView{Name: ch.Name, State: stateOf(ch.State), Message: ch.Message,
			Since: inZone(ch.Since, loc), For: forText(ch.Since, now), AckBy: ch.AckBy}
	}
	return out
}

func eventViews(events []db.Event, loc *time.Location) []views.EventView {
	out := make([]views.EventView, len(events))
	for i, e := range events {
		out[i] = views.EventView{TS: inZone(e.TS, loc), Level: e.Level, Message: e.Message}
	}
	return out
}

func jobViews(jobs []db.JobProgress, loc *time.Location) []views.JobView {
	out := make([]views.JobView, len(jobs))
	for i, j := range jobs {
		out[i] = views.JobView{Name: j.Name, Label: j.Label, Percent: j.Percent, ETA: inZone(j.ETA, loc)}
	}
	return out
}
