package app

import (
	"math"
	"testing"
	"time"

	"wallboard/app/config"
	"wallboard/db"
)

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		name     string
		v        float64
		decimals int
		want     string
	}{
		{"zero", 0, 0, "0"},
		{"hundreds", 999, 0, "999"},
		{"thousands", 1234, 0, "1,234"},
		{"millions with decimals", 1234567.891, 2, "1,234,567.89"},
		{"negative", -12345.5, 1, "−12,345.5"},
		{"negative rounding to zero", -0.04, 1, "0.0"},
		{"rounding up", 999.96, 1, "1,000.0"},
		{"not a number", math.NaN(), 0, "–"},
		{"infinite", math.Inf(1), 0, "–"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := formatNumber(tt.v, tt.decimals); got != tt.want {
				t.Errorf("formatNumber(%v, %d) = %q, want %q", tt.v, tt.decimals, got, tt.want)
			}
		})
	}
}

func TestDeltaText(t *testing.T) {
	pct := func(v float64) *float64 { return &v }
	hour := &config.Widget{Window: config.Window{Len: time.Hour}}
	today := &config.Widget{Window: config.Window{Today: true}, Unit: "EUR"}
	tests := []struct {
		name        string
		w           *config.Widget
		st          db.WidgetState
		text, trend string
	}{
		{"up", hour, db.WidgetState{HasValue: true, HasDelta: true, Delta: 3, DeltaPct: pct(12.4)}, "▲ 12% vs prev 1h", "up"},
		{"down small", hour, db.WidgetState{HasValue: true, HasDelta: true, Delta: -1, DeltaPct: pct(-2.54)}, "▼ 2.5% vs prev 1h", "down"},
		{"from zero", today, db.WidgetState{HasValue: true, HasDelta: true, Delta: 1500}, "▲ 1,500 EUR vs yesterday", "up"},
		{"flat", hour, db.WidgetState{HasValue: true, HasDelta: true}, "= no change vs prev 1h", "flat"},
		{"no delta", hour, db.WidgetState{HasValue: true}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, trend := deltaText(tt.w, tt.st)
			if text != tt.text || trend != tt.trend {
				t.Errorf("deltaText() = %q, %q; want %q, %q", text, trend, tt.text, tt.trend)
			}
		})
	}
}

func TestForText(t *testing.T) {
	tests := []struct {
		name string
		ago  time.Duration
		want string
	}{
		{"seconds", 30 * time.Second, "for <1m"},
		{"minutes", 12*time.Minute + 30*time.Second, "for 12m"},
		{"hours", 3*time.Hour + 5*time.Minute, "for 3h 5m"},
		{"whole hours", 5 * time.Hour, "for 5h"},
		{"days", 72 * time.Hour, "for 3d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := forText(testNow.Add(-tt.ago), testNow); got != tt.want {
				t.Errorf("forText(now-%v) = %q, want %q", tt.ago, got, tt.want)
			}
		})
	}
}

func TestGridRows(t *testing.T) {
	w := func(cols, rows int) config.Widget { return config.Widget{Cols: cols, Rows: rows} }
	tests := []struct {
		name    string
		widgets []config.Widget
		cols    int
		want    int
	}{
		{"none", nil, 4, 1},
		{"one row", []config.Widget{w(1, 1), w(1, 1), w(2, 1)}, 4, 1},
		{"wraps", []config.Widget{w(1, 1), w(1, 1), w(1, 1)}, 2, 2},
		{"tall widget", []config.Widget{w(1, 3), w(1, 1)}, 2, 3},
		{"dense fills the hole", []config.Widget{w(1, 1), w(2, 1), w(1, 1)}, 2, 2},
		{"too wide is clamped", []config.Widget{w(6, 1)}, 4, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := gridRows(tt.widgets, tt.cols); got != tt.want {
				t.Errorf("gridRows() = %d, want %d", got, tt.want)
			}
		})
	}
}
