package views_test

import (
	"strings"
	"testing"
)

func TestWidgetBodies(t *testing.T) {
	docs := map[string]string{}
	for _, v := range cards() {
		docs[v.Kind] = render(t, v).Find(".card-body").Text()
	}
	tests := []struct{ kind, want string }{
		{"number", "12,345"}, {"number", "users"}, {"number", "▲ 12% vs prev 1h"},
		{"gauge", "75.5"}, {"gauge", "100"},
		{"chart", "−1h"}, {"chart", "now"},
		{"status", "api"}, {"status", "crit"}, {"status", "for 12m"}, {"status", evil},
		{"log", "10:42"}, {"log", "warn"}, {"log", evil},
		{"progress", "nightly backup"}, {"progress", "63%"}, {"progress", "ETA 10:58"},
		{"text", evil},
		{"clock", "10:42"}, {"clock", "Monday 23 November"},
	}
	for _, tt := range tests {
		t.Run(tt.kind+" "+tt.want, func(t *testing.T) {
			if got := docs[tt.kind]; !strings.Contains(got, tt.want) {
				t.Errorf("%s body = %q, want it to hold %q", tt.kind, got, tt.want)
			}
		})
	}
}

func TestStatusBodyStates(t *testing.T) {
	doc := render(t, cards()[3])
	tests := []struct{ check, state string }{{"api", "ok"}, {"db", "crit"}}
	for _, tt := range tests {
		t.Run(tt.check, func(t *testing.T) {
			li := doc.Find(`[data-check="` + tt.check + `"]`)
			if got := li.AttrOr("data-state", ""); got != tt.state {
				t.Errorf("data-state = %q, want %q", got, tt.state)
			}
			if got := li.Find(".check-state").Text(); got != tt.state {
				t.Errorf("state word = %q, want %q", got, tt.state)
			}
			if li.Find("svg.state-icon").Length() != 1 {
				t.Errorf("no state icon")
			}
		})
	}
}

func TestPlotsBreakAtGaps(t *testing.T) {
	for _, v := range cards()[:3:3] {
		if v.Kind == "gauge" {
			continue
		}
		t.Run(v.Kind, func(t *testing.T) {
			d := render(t, v).Find("path.plot-line").AttrOr("d", "")
			if got := strings.Count(d, "M"); got != 2 {
				t.Errorf("line %q has %d runs, want 2 (the nil bucket is a gap)", d, got)
			}
		})
	}
}
