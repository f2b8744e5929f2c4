package views

import (
	"math"
	"testing"
)

func TestLinePath(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		name   string
		series []*float64
		want   string
	}{
		{"empty", nil, ""},
		{"all gaps", []*float64{nil, nil}, ""},
		{"lone point is a dot", []*float64{nil, f(1), nil}, "M50.00 2.00h0"},
		{"two runs", []*float64{f(0), f(1), nil, f(1)}, "M0.00 38.00L33.33 2.00M100.00 2.00h0"},
		{"clamped", []*float64{f(-5), f(50)}, "M0.00 38.00L100.00 2.00"},
		{"not finite is a gap", []*float64{f(math.NaN()), f(1)}, "M100.00 2.00h0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := linePath(tt.series, 0, 1); got != tt.want {
				t.Errorf("linePath() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestGaugeDash(t *testing.T) {
	tests := []struct {
		name     string
		fraction float64
		want     string
	}{
		{"empty", 0, "0.00 100"}, {"half", 0.5, "50.00 100"}, {"over", 2, "100.00 100"},
		{"under", -1, "0.00 100"}, {"not a number", math.NaN(), "0.00 100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := gaugeDash(tt.fraction); got != tt.want {
				t.Errorf("gaugeDash(%v) = %q, want %q", tt.fraction, got, tt.want)
			}
		})
	}
}

func TestWidgetDOMID(t *testing.T) {
	if got, want := WidgetDOMID("signups"), "widget-signups"; got != want {
		t.Errorf("WidgetDOMID(signups) = %q, want %q", got, want)
	}
}
