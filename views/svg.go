package views

import (
	"math"
	"strconv"
	"strings"
)

// The SVG drawing box of sparklines and charts. The SVG stretches it to the tile
// (preserveAspectRatio="none"); strokes keep their width with vector-effect="non-scaling-stroke".
const (
	plotW = 100.0
	plotH = 40.0
	// plotPad keeps the line off the top and bottom edges, where half its stroke would be cut.
	plotPad = 2.0
)

// plotPoint is a bucket's position in the drawing box.
type plotPoint struct{ x, y float64 }

// plotRuns turns a series into runs of adjacent buckets that have data; a nil bucket ends a run,
// so gaps in the data stay gaps in the drawing.
func plotRuns(series []*float64, lo, hi float64) [][]plotPoint {
	if hi <= lo {
		hi = lo + 1
	}
	var runs [][]plotPoint
	var run []plotPoint
	for i, v := range series {
		if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
			if len(run) > 0 {
				runs, run = append(runs, run), nil
			}
			continue
		}
		frac := min(max((*v-lo)/(hi-lo), 0), 1)
		run = append(run, plotPoint{x: plotX(i, len(series)), y: plotH - plotPad - frac*(plotH-2*plotPad)})
	}
	if len(run) > 0 {
		runs = append(runs, run)
	}
	return runs
}

// plotX is the x of bucket i of n, spread across the full width.
func plotX(i, n int) float64 {
	if n <= 1 {
		return plotW / 2
	}
	return float64(i) * plotW / float64(n-1)
}

// linePath is the SVG path of the series' line. A lone bucket becomes a zero-length segment,
// which a round line cap draws as a dot.
func linePath(series []*float64, lo, hi float64) string {
	var b strings.Builder
	for _, run := range plotRuns(series, lo, hi) {
		for i, p := range run {
			if i == 0 {
				b.WriteString("M")
			} else {
				b.WriteString("L")
			}
			writePoint(&b, p)
		}
		if len(run) == 1 {
			b.WriteString("h0")
		}
	}
	return b.String()
}

// areaPath is the SVG path of the area under the series' line, closed down to the bottom edge
// for each run of buckets with data.
func areaPath(series []*float64, lo, hi float64) string {
	var b strings.Builder
	for _, run := range plotRuns(series, lo, hi) {
		if len(run) < 2 {
			continue
		}
		b.WriteString("M")
		writePoint(&b, plotPoint{run[0].x, plotH})
		for _, p := range run {
			b.WriteString("L")
			writePoint(&b, p)
		}
		b.WriteString("L")
		writePoint(&b, plotPoint{run[len(run)-1].x, plotH})
		b.WriteString("Z")
	}
	return b.String()
}

func writePoint(b *strings.Builder, p plotPoint) {
	b.WriteString(strconv.FormatFloat(p.x, 'f', 2, 64))
	b.WriteByte(' ')
	b.WriteString(strconv.FormatFloat(p.y, 'f', 2, 64))
}

// gaugeDash is the stroke-dasharray that fills a gauge arc drawn with pathLength="100" up to
// fraction (0..1).
func gaugeDash(fraction float64) string {
	if math.IsNaN(fraction) {
		fraction = 0
	}
	pct := min(max(fraction, 0), 1) * 100
	return strconv.FormatFloat(pct, 'f', 2, 64) + " 100"
}

// plotViewBox is the viewBox of sparklines and charts.
var plotViewBox = "0 0 " + strconv.Itoa(int(plotW)) + " " + strconv.Itoa(int(plotH))

// gaugeArc is a 240° arc around (50, 50) with radius 40, open at the bottom, drawn clockwise
// from its lower-left end.
const gaugeArc = "M15.36 70A40 40 0 1 1 84.64 70"

// gaugeFontSize shrinks the value's text as it gets longer, so it stays inside the arc.
func gaugeFontSize(value string) string {
	n := max(len([]rune(value)), 3)
	return strconv.FormatFloat(min(24, 105/float64(n)), 'f', 1, 64)
}
