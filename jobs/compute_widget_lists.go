package jobs

import (
	"math"
	"time"

	"wallboard/app/config"
	"wallboard/db"
)

// This file holds the pure maths of the list widgets: status, log and progress.

// statusState computes a status widget's state from the statuses found for names (every status
// when names is empty). A named check with no status yet shows as unknown, "no data".
func statusState(names []string, found []db.Status) db.WidgetState {
	st := db.WidgetState{Checks: orderStatuses(names, found), State: stateUnknown}
	if len(st.Checks) == 0 {
		return st
	}
	states := make([]string, 0, len(st.Checks))
	for _, c := range st.Checks {
		states = append(states, c.State)
		if c.UpdatedAt.After(st.UpdatedAt) {
			st.UpdatedAt = c.UpdatedAt
		}
	}
	st.State = worstState(states...)
	return st
}

// orderStatuses puts found in the order the widget names its checks, which is the order its
// author chose, and fills in the checks that have reported nothing yet.
func orderStatuses(names []string, found []db.Status) []db.Status {
	if len(names) == 0 {
		return found
	}
	byName := make(map[string]db.Status, len(found))
	for _, s := range found {
		byName[s.Name] = s
	}
	out := make([]db.Status, 0, len(names))
	for _, n := range names {
		s, ok := byName[n]
		if !ok {
			s = db.Status{Name: n, State: stateUnknown, Message: "no data"}
		}
		out = append(out, s)
	}
	return out
}

// logState computes a log widget's state from its events, newest first: the newest event's level
// sets the state.
func logState(events []db.Event) db.WidgetState {
	st := db.WidgetState{Events: events, State: stateUnknown}
	if len(events) > 0 {
		st.State = levelState(events[0].Level)
		st.UpdatedAt = events[0].TS
	}
	return st
}

// progressState computes a progress widget's state from the entries found for names (all when
// names is empty). Thresholds apply to the lowest percentage, the job furthest from done.
func progressState(names []string, found []db.Progress, th *config.Thresholds) db.WidgetState {
	st := db.WidgetState{State: stateUnknown}
	lowest := math.Inf(1)
	for _, p := range orderProgress(names, found) {
		st.Jobs = append(st.Jobs, db.JobProgress{Progress: p, ETA: progressETA(p)})
		lowest = min(lowest, p.Percent)
		if p.UpdatedAt.After(st.UpdatedAt) {
			st.UpdatedAt = p.UpdatedAt
		}
	}
	if len(st.Jobs) > 0 {
		st.State = valueState(lowest, true, th)
	}
	return st
}

// orderProgress puts found in the order the widget names its jobs; unnamed widgets keep the
// store's name order.
func orderProgress(names []string, found []db.Progress) []db.Progress {
	if len(names) == 0 {
		return found
	}
	byName := make(map[string]db.Progress, len(found))
	for _, p := range found {
		byName[p.Name] = p
	}
	out := make([]db.Progress, 0, len(names))
	for _, n := range names {
		if p, ok := byName[n]; ok {
			out = append(out, p)
		}
	}
	return out
}

// progressETA extrapolates the run's pace so far to 100%. It is zero when the pace is unknown
// (no progress since the run started) or the job is done.
func progressETA(p db.Progress) time.Time {
	if p.Percent <= p.StartPercent || p.Percent >= 100 {
		return time.Time{}
	}
	elapsed := p.UpdatedAt.Sub(p.StartedAt)
	if elapsed <= 0 {
		return time.Time{}
	}
	left := time.Duration((100 - p.Percent) * float64(elapsed) / (p.Percent - p.StartPercent))
	return p.UpdatedAt.Add(left).Round(time.Second)
}
