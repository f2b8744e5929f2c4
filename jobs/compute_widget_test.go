package jobs

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"wallboard/app/config"
	"wallboard/db"
)

var t0 = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// at is t0 plus a number of minutes and seconds.
func at(min, sec int) time.Time {
	return t0.Add(time.Duration(min)*time.Minute + time.Duration(sec)*time.Second)
}

func f64(v float64) *float64 { return &v }

// stat is a minute stat of count samples whose sum, min, max and last are given.
func stat(minute int, count int64, sum, lo, hi, last float64) db.MinuteStat {
	return db.MinuteStat{Minute: at(minute, 0), Count: count, Sum: sum, Min: lo, Max: hi, Last: last, LastTS: at(minute, 50)}
}

// seriesString writes a series as "1 _ 3", with _ for an empty bucket.
func seriesString(s []*float64) string {
	parts := make([]string, len(s))
	for i, v := range s {
		parts[i] = "_"
		if v != nil {
			parts[i] = fmt.Sprint(*v)
		}
	}
	return strings.Join(parts, " ")
}

func TestAggregate(t *testing.T) {
	stats := []db.MinuteStat{stat(0, 2, 10, 4, 6, 6), stat(1, 3, 9, 1, 5, 2)}
	tests := []struct {
		name    string
		stats   []db.MinuteStat
		agg     string
		ratePer time.Duration
		want    float64
		wantOK  bool
	}{
		{"last", stats, aggLast, time.Minute, 2, true},
		{"default", stats, "", time.Minute, 2, true},
		{"sum", stats, aggSum, time.Minute, 19, true},
		{"avg", stats, aggAvg, time.Minute, 3.8, true},
		{"min", stats, aggMin, time.Minute, 1, true},
		{"max", stats, aggMax, time.Minute, 6, true},
		{"count", stats, aggCount, time.Minute, 5, true},
		{"rate per minute", stats, aggRate, time.Minute, 19.0 / 60, true},
		{"rate per hour", stats, aggRate, time.Hour, 19, true},
		{"empty sum", nil, aggSum, time.Minute, 0, true},
		{"empty count", nil, aggCount, time.Minute, 0, true},
		{"empty rate", nil, aggRate, time.Minute, 0, true},
		{"empty last", nil, aggLast, time.Minute, 0, false},
		{"empty avg", nil, aggAvg, time.Minute, 0, false},
		{"empty min", nil, aggMin, time.Minute, 0, false},
		{"empty max", nil, aggMax, time.Minute, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := aggregate(tt.stats, tt.agg, time.Hour, tt.ratePer)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("aggregate(%s) = %v, %v, want %v, %v", tt.agg, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestSeries(t *testing.T) {
	tests := []struct {
		name     string
		window   time.Duration
		stats    []db.MinuteStat
		agg      string
		wantStep time.Duration
		wantLen  int
		wantHead string // the first buckets
	}{
		{"hour", time.Hour, []db.MinuteStat{stat(0, 1, 4, 4, 4, 4), stat(2, 2, 6, 1, 5, 5)}, aggSum,
			time.Minute, 60, "4 _ 6 _"},
		{"day", 24 * time.Hour, []db.MinuteStat{stat(0, 1, 4, 4, 4, 4), stat(23, 2, 6, 1, 5, 5), stat(24, 1, 1, 1, 1, 1)}, aggSum,
			24 * time.Minute, 60, "10 1 _"},
		{"ninety minutes", 90 * time.Minute, []db.MinuteStat{stat(0, 1, 4, 4, 4, 4), stat(1, 2, 6, 1, 5, 5)}, aggMax,
			2 * time.Minute, 45, "5 _"},
		{"five minutes", 5 * time.Minute, []db.MinuteStat{stat(4, 1, 4, 4, 4, 7)}, aggLast,
			time.Minute, 5, "_ _ _ _ 7"},
		{"rate per bucket", 2 * time.Hour, []db.MinuteStat{stat(0, 4, 10, 1, 4, 4)}, aggRate,
			2 * time.Minute, 60, "5 _"},
		{"outside the window", time.Hour, []db.MinuteStat{stat(-1, 1, 9, 9, 9, 9), stat(60, 1, 9, 9, 9, 9)}, aggSum,
			time.Minute, 60, "_ _"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, step := series(tt.stats, config.Span{From: t0, To: t0.Add(tt.window)}, tt.agg, time.Minute)
			if step != tt.wantStep || len(got) != tt.wantLen {
				t.Errorf("series() step, len = %v, %d, want %v, %d", step, len(got), tt.wantStep, tt.wantLen)
			}
			if s := seriesString(got); !strings.HasPrefix(s, tt.wantHead+" ") && s != tt.wantHead {
				t.Errorf("series() = %s, want it to start %s", s, tt.wantHead)
			}
			if strings.Contains(tt.name, "outside") && strings.Trim(seriesString(got), "_ ") != "" {
				t.Errorf("series() = %s, want every bucket empty", seriesString(got))
			}
		})
	}
}

func TestMetricState(t *testing.T) {
	cur := config.Span{From: t0, To: at(60, 0)}
	prev := config.Span{From: at(-60, 0), To: t0}
	latest := db.Sample{TS: at(1, 50), Value: 7}
	curStats := []db.MinuteStat{stat(0, 2, 10, 4, 6, 6), stat(1, 3, 9, 1, 5, 7)}
	prevStats := []db.MinuteStat{stat(-30, 2, 10, 2, 8, 5)}
	zeroPrev := []db.MinuteStat{stat(-30, 1, 0, 0, 0, 0)}
	tests := []struct {
		name string
		w    config.Widget
		d    metricData
		want string // Value HasValue Delta HasDelta DeltaPct State UpdatedAt len(Series), which leaves out a summed bucket still filling
	}{
		{"sum with delta", config.Widget{Kind: config.KindNumber, Aggregate: aggSum},
			metricData{latest, true, curStats, prevStats, cur, prev}, "19 true 9 true 90 ok 10:01:50 59"},
		{"last with delta", config.Widget{Kind: config.KindNumber, Aggregate: aggLast},
			metricData{latest, true, curStats, prevStats, cur, prev}, "7 true 2 true 40 ok 10:01:50 60"},
		{"previous zero", config.Widget{Kind: config.KindNumber, Aggregate: aggSum},
			metricData{latest, true, curStats, zeroPrev, cur, prev}, "19 true 19 true nil ok 10:01:50 59"},
		{"previous empty", config.Widget{Kind: config.KindNumber, Aggregate: aggSum},
			metricData{latest, true, curStats, nil, cur, prev}, "19 true 0 false nil ok 10:01:50 59"},
		{"no data", config.Widget{Kind: config.KindNumber, Aggregate: aggSum},
			metricData{CurSpan: cur, PrevSpan: prev}, "0 false 0 false nil unknown 00:00:00 59"},
		{"quiet window", config.Widget{Kind: config.KindNumber, Aggregate: aggCount},
			metricData{Latest: db.Sample{TS: at(-90, 0), Value: 1}, HasLatest: true, CurSpan: cur, PrevSpan: prev},
			"0 true 0 false nil ok 08:30:00 59"},
		{"samples pruned", config.Widget{Kind: config.KindChart, Aggregate: aggLast},
			metricData{CurStats: curStats, CurSpan: cur, PrevSpan: prev}, "7 true 0 false nil ok 10:01:50 60"},
		{"gauge crit", config.Widget{Kind: config.KindGauge, Aggregate: aggMax, Thresholds: &config.Thresholds{Warn: f64(5), Crit: f64(6)}},
			metricData{latest, true, curStats, prevStats, cur, prev}, "6 true 0 false nil crit 10:01:50 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := metricState(&tt.w, tt.d)
			pct := "nil"
			if st.DeltaPct != nil {
				pct = fmt.Sprint(*st.DeltaPct)
			}
			got := fmt.Sprintf("%v %v %v %v %s %s %s %d", st.Value, st.HasValue, st.Delta, st.HasDelta, pct,
				st.State, st.UpdatedAt.Format(time.TimeOnly), len(st.Series))
			if got != tt.want {
				t.Errorf("metricState() = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestValueState(t *testing.T) {
	above := &config.Thresholds{Warn: f64(80), Crit: f64(90), Direction: "above"}
	below := &config.Thresholds{Warn: f64(20), Crit: f64(10), Direction: "below"}
	warnOnly := &config.Thresholds{Warn: f64(80)}
	tests := []struct {
		name string
		v    float64
		has  bool
		th   *config.Thresholds
		want string
	}{
		{"no thresholds", 99, true, nil, stateOK},
		{"no value", 99, false, above, stateUnknown},
		{"above ok", 79.9, true, above, stateOK},
		{"above warn", 80, true, above, stateWarn},
		{"above crit", 90, true, above, stateCrit},
		{"below ok", 20.1, true, below, stateOK},
		{"below warn", 20, true, below, stateWarn},
		{"below crit", 3, true, below, stateCrit},
		{"warn only", 1000, true, warnOnly, stateWarn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := valueState(tt.v, tt.has, tt.th); got != tt.want {
				t.Errorf("valueState(%v) = %s, want %s", tt.v, got, tt.want)
			}
		})
	}
}

func TestWorstState(t *testing.T) {
	tests := []struct {
		name   string
		states []string
		want   string
	}{
		{"none", nil, stateOK},
		{"all ok", []string{stateOK, stateOK}, stateOK},
		{"unknown beats ok", []string{stateOK, stateUnknown}, stateUnknown},
		{"warn beats unknown", []string{stateUnknown, stateWarn, stateOK}, stateWarn},
		{"crit beats all", []string{stateWarn, stateCrit, stateUnknown}, stateCrit},
		{"strange counts as unknown", []string{stateOK, "bogus"}, stateUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := worstState(tt.states...); got != tt.want {
				t.Errorf("worstState(%v) = %s, want %s", tt.states, got, tt.want)
			}
		})
	}
}

func TestApplyFreshness(t *testing.T) {
	tests := []struct {
		name       string
		updated    time.Time
		staleAfter time.Duration
		now        time.Time
		wantUntil  time.Time
		wantStale  bool
	}{
		{"fresh", t0, 5 * time.Minute, at(4, 59), at(5, 0), false},
		{"stale at the limit", t0, 5 * time.Minute, at(5, 0), at(5, 0), true},
		{"never stale", t0, 0, at(500, 0), time.Time{}, false},
		{"no data", time.Time{}, 5 * time.Minute, at(500, 0), time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := db.WidgetState{UpdatedAt: tt.updated}
			applyFreshness(&st, tt.staleAfter, tt.now)
			if !st.FreshUntil.Equal(tt.wantUntil) || st.Stale != tt.wantStale {
				t.Errorf("applyFreshness() = %v, %v, want %v, %v", st.FreshUntil, st.Stale, tt.wantUntil, tt.wantStale)
			}
		})
	}
}

func TestClockMinute(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatalf("LoadLocation() error = %v", err)
	}
	got := clockMinute(at(7, 42), berlin)
	if want := "11:07:00 CET"; got.Format("15:04:05 MST") != want {
		t.Errorf("clockMinute() = %s, want %s", got.Format("15:04:05 MST"), want)
	}
}
