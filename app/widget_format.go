package app

import (
	"math"
	"strconv"
	"strings"
	"time"

	"wallboard/app/config"
	"wallboard/db"
	"wallboard/views"
)

// formatNumber formats v with the given decimals and a comma between thousands: 12,345.6.
func formatNumber(v float64, decimals int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', decimals, 64)
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	if v < 0 && strings.Trim(s, "0.") != "" {
		b.WriteString("−")
	}
	for i, d := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return b.String()
}

// decimals is the widget's decimals, or 0 for a whole value and 1 for any other.
func decimals(w *config.Widget, v float64) int {
	if w.Decimals != nil {
		return min(max(*w.Decimals, 0), 10)
	}
	if v == math.Trunc(v) {
		return 0
	}
	return 1
}

// deltaText describes the change against the previous window: "▲ 12% vs prev 1h".
func deltaText(w *config.Widget, st db.WidgetState) (text, trend string) {
	if !st.HasDelta || !st.HasValue {
		return "", ""
	}
	vs := "vs prev " + w.Window.String()
	if w.Window.Today {
		vs = "vs yesterday"
	}
	if st.Delta == 0 {
		return "= no change " + vs, "flat"
	}
	amount := withUnit(formatNumber(math.Abs(st.Delta), decimals(w, st.Delta)), w.Unit)
	if st.DeltaPct != nil {
		amount = percentText(math.Abs(*st.DeltaPct))
	}
	if st.Delta < 0 {
		return "▼ " + amount + " " + vs, "down"
	}
	return "▲ " + amount + " " + vs, "up"
}

// percentText formats a change in percent, with a decimal only where it matters.
func percentText(p float64) string {
	switch {
	case p < 0.1:
		return "<0.1%"
	case p < 10:
		return formatNumber(p, 1) + "%"
	default:
		return formatNumber(p, 0) + "%"
	}
}

// withUnit puts the unit after a formatted value.
func withUnit(s, unit string) string {
	if unit == "" {
		return s
	}
	return s + " " + unit
}

// forText says how long a check has held its state: "for 12m".
func forText(since, now time.Time) string {
	if since.IsZero() {
		return ""
	}
	d := now.Sub(since)
	switch {
	case d < time.Minute:
		return "for <1m"
	case d < time.Hour:
		return "for " + strconv.Itoa(int(d/time.Minute)) + "m"
	case d < 48*time.Hour:
		h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
		if m == 0 {
			return "for " + strconv.Itoa(h) + "h"
		}
		return "for " + strconv.Itoa(h) + "h " + strconv.Itoa(m) + "m"
	default:
		return "for " + strconv.Itoa(int(d/(24*time.Hour))) + "d"
	}
}

// seriesRange is the value range a series is drawn in: from 0, or from the lowest value when
// that is negative, up to the highest value.
func seriesRange(series []*float64) (lo, hi float64) {
	for _, v := range series {
		if v != nil && !math.IsNaN(*v) && !math.IsInf(*v, 0) {
			lo, hi = min(lo, *v), max(hi, *v)
		}
	}
	if hi <= lo {
		hi = lo + 1
	}
	return lo, hi
}

// hasPoint reports whether any bucket of a series has data.
func hasPoint(series []*float64) bool {
	for _, v := range series {
		if v != nil {
			return true
		}
	}
	return false
}

// stateOf is a state the views know, unknown for anything else.
func stateOf(s string) string {
	switch s {
	case views.StateOK, views.StateWarn, views.StateCrit:
		return s
	default:
		return views.StateUnknown
	}
}

// inZone is t in loc, or zero when t is zero.
func inZone(t time.Time, loc *time.Location) time.Time {
	if t.IsZero() {
		return t
	}
	return t.In(loc)
}

// orTime is t, or def when t is zero.
func orTime(t, def time.Time) time.Time {
	if t.IsZero() {
		return def
	}
	return t
}

func deref(p *float64, def float64) float64 {
	if p == nil {
		return def
	}
	return *p
}
