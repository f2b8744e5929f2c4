package views

import (
	"math"
	"strconv"
	"time"
)

// clampPercent keeps a percentage within 0..100.
func clampPercent(p float64) float64 {
	if math.IsNaN(p) {
		return 0
	}
	return min(max(p, 0), 100)
}

// percentText rounds down, so a job shows 100% only when it is done.
func percentText(p float64) string {
	return strconv.Itoa(int(math.Floor(clampPercent(p)))) + "%"
}

// jobTitle is a job's label, or its name when it has none.
func jobTitle(j JobView) string {
	if j.Label != "" {
		return j.Label
	}
	return j.Name
}

// etaText says when a job should finish.
func etaText(j JobView) string {
	switch {
	case j.Percent >= 100:
		return "done"
	case j.ETA.IsZero():
		return "ETA unknown"
	default:
		return "ETA " + j.ETA.Format("15:04")
	}
}

// datetime formats t for a datetime or data-updated attribute: RFC 3339 in UTC, or "" when t is
// zero.
func datetime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// stateWord is the word shown beside a state's icon.
func stateWord(state string) string {
	switch state {
	case StateOK, StateWarn, StateCrit:
		return state
	default:
		return StateUnknown
	}
}

// stampText is the visible "updated …" stamp of a card.
func stampText(updated time.Time) string {
	if updated.IsZero() {
		return "updated never"
	}
	return "updated " + updated.Format("15:04:05")
}

// staleText says since when a stale card has had no data.
func staleText(updated time.Time) string {
	if updated.IsZero() {
		return "no data yet"
	}
	return "no data since " + updated.Format("15:04")
}
