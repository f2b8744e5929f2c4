package views

import (
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/a-h/templ"
)

// The inline styles below carry only numbers that we format ourselves, so they are safe CSS.
// They size the grid and hand the stylesheet custom properties that scale a tile's text.

// gridStyle sizes the board's grid. Both numbers are integers, so the CSS is safe.
func gridStyle(cols, rows int) templ.SafeCSS {
	return templ.SafeCSS(fmt.Sprintf("--cols: %d; --rows: %d;", max(cols, 1), max(rows, 1)))
}

// spanStyle places a card on the grid. Both numbers are integers, so the CSS is safe.
func spanStyle(cols, rows int) templ.SafeCSS {
	return templ.SafeCSS(fmt.Sprintf("grid-column: span %d; grid-row: span %d;", max(cols, 1), max(rows, 1)))
}

// rowsStyle tells the CSS how many lines a list has, so each line gets an equal share of the
// tile's height. The number is an integer, so the CSS is safe.
func rowsStyle(n int) templ.SafeCSS {
	return templ.SafeCSS("--n: " + strconv.Itoa(max(n, 1)) + ";")
}

// charsStyle tells the CSS how long a value is, so its font can shrink to fit the tile.
func charsStyle(s string) templ.SafeCSS {
	return templ.SafeCSS("--chars: " + strconv.Itoa(max(utf8.RuneCountInString(s), 1)) + ";")
}

// fitStyle gives the CSS a scale for a block of text: a text of n characters set at a size f
// fills about 0.7·n·f² of area, so the size that fills a square tile goes with 1/√n.
func fitStyle(s string) templ.SafeCSS {
	n := max(utf8.RuneCountInString(s), 1)
	return templ.SafeCSS("--fit: " + strconv.FormatFloat(1.1/math.Sqrt(float64(n)), 'f', 4, 64) + ";")
}
