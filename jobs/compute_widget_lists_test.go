package jobs

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"wallboard/app/config"
	"wallboard/db"
)

func TestStatusState(t *testing.T) {
	api := db.Status{Name: "api", State: stateOK, Message: "200 in 83 ms", UpdatedAt: at(1, 0)}
	dbs := db.Status{Name: "db", State: stateWarn, Message: "replication lag 14 s", UpdatedAt: at(3, 0)}
	cdn := db.Status{Name: "cdn", State: stateCrit, Message: "origin errors 12%", UpdatedAt: at(2, 0)}
	tests := []struct {
		name  string
		names []string
		found []db.Status
		want  string // State UpdatedAt, then name=state per check
	}{
		{"every status", nil, []db.Status{api, cdn, dbs}, "crit 10:03:00 api=ok cdn=crit db=warn"},
		{"named in config order", []string{"db", "api"}, []db.Status{api, dbs}, "warn 10:03:00 db=warn api=ok"},
		{"missing check", []string{"api", "queue"}, []db.Status{api}, "unknown 10:01:00 api=ok queue=unknown"},
		{"all ok", []string{"api"}, []db.Status{api}, "ok 10:01:00 api=ok"},
		{"nothing", nil, nil, "unknown 00:00:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := statusState(tt.names, tt.found)
			parts := []string{st.State, st.UpdatedAt.Format(time.TimeOnly)}
			for _, c := range st.Checks {
				parts = append(parts, c.Name+"="+c.State)
			}
			if got := strings.Join(parts, " "); got != tt.want {
				t.Errorf("statusState() = %s, want %s", got, tt.want)
			}
		})
	}
	if got := statusState([]string{"queue"}, nil).Checks[0].Message; got != "no data" {
		t.Errorf("statusState() missing check message = %q, want %q", got, "no data")
	}
}

func TestLogState(t *testing.T) {
	tests := []struct {
		name   string
		events []db.Event
		want   string
	}{
		{"info", []db.Event{{Level: "info", TS: at(5, 0)}, {Level: "crit", TS: at(1, 0)}}, "ok 10:05:00"},
		{"warn", []db.Event{{Level: "warn", TS: at(5, 0)}}, "warn 10:05:00"},
		{"crit", []db.Event{{Level: "crit", TS: at(6, 0)}, {Level: "info", TS: at(1, 0)}}, "crit 10:06:00"},
		{"empty", nil, "unknown 00:00:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := logState(tt.events)
			if got := st.State + " " + st.UpdatedAt.Format(time.TimeOnly); got != tt.want {
				t.Errorf("logState() = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestProgressETA(t *testing.T) {
	tests := []struct {
		name string
		p    db.Progress
		want time.Time
	}{
		{"from zero", db.Progress{Percent: 25, StartedAt: t0, UpdatedAt: at(10, 0)}, at(40, 0)},
		{"from midway", db.Progress{Percent: 60, StartPercent: 20, StartedAt: t0, UpdatedAt: at(20, 0)}, at(40, 0)},
		{"no progress yet", db.Progress{Percent: 20, StartPercent: 20, StartedAt: t0, UpdatedAt: at(5, 0)}, time.Time{}},
		{"done", db.Progress{Percent: 100, StartedAt: t0, UpdatedAt: at(5, 0)}, time.Time{}},
		{"no time passed", db.Progress{Percent: 30, StartPercent: 10, StartedAt: t0, UpdatedAt: t0}, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := progressETA(tt.p); !got.Equal(tt.want) {
				t.Errorf("progressETA() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestProgressState(t *testing.T) {
	backup := db.Progress{Name: "backup", Percent: 50, StartedAt: t0, UpdatedAt: at(10, 0)}
	reindex := db.Progress{Name: "reindex", Percent: 10, StartedAt: t0, UpdatedAt: at(12, 0)}
	below := &config.Thresholds{Warn: f64(20), Crit: f64(5), Direction: "below"}
	tests := []struct {
		name  string
		names []string
		found []db.Progress
		th    *config.Thresholds
		want  string // State UpdatedAt, then name=eta per job
	}{
		{"all", nil, []db.Progress{backup, reindex}, nil, "ok 10:12:00 backup=10:20:00 reindex=12:00:00"},
		{"config order", []string{"reindex", "backup", "missing"}, []db.Progress{backup, reindex}, nil,
			"ok 10:12:00 reindex=12:00:00 backup=10:20:00"},
		{"lowest sets state", nil, []db.Progress{backup, reindex}, below, "warn 10:12:00 backup=10:20:00 reindex=12:00:00"},
		{"nothing", []string{"missing"}, []db.Progress{backup}, below, "unknown 00:00:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := progressState(tt.names, tt.found, tt.th)
			parts := []string{st.State, st.UpdatedAt.Format(time.TimeOnly)}
			for _, j := range st.Jobs {
				parts = append(parts, fmt.Sprintf("%s=%s", j.Name, j.ETA.Format(time.TimeOnly)))
			}
			if got := strings.Join(parts, " "); got != tt.want {
				t.Errorf("progressState() = %s, want %s", got, tt.want)
			}
		})
	}
}
