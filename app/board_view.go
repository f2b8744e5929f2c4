package app

import (
	"wallboard/app/config"
	"wallboard/views"
)

// boardView builds the page of board b. Each card is the hub's latest frame of the widget, the
// same bytes every live screen got, or, before the first publish, a placeholder rendered from an
// empty state.
//
// The hub's version is taken before the frames are read, so the page is at least as new as the
// version it carries: a first poll that gets 304 for it has missed nothing.
func (s *server) boardView(b *config.Board) views.BoardView {
	version := s.Hub.Version()
	now, loc := s.Now(), location(s.Config)
	cards := make([]views.BoardCard, len(b.Widgets))
	for i := range b.Widgets {
		w := &b.Widgets[i]
		if f, ok := s.Hub.Frame(b.Slug, w.ID); ok && len(f.Card) > 0 {
			cards[i].Frame = f.Card
			continue
		}
		cards[i].Placeholder = widgetView(w, placeholderState(w), loc, now)
	}
	cols, rows := max(b.Columns, 1), b.Rows
	if rows <= 0 {
		rows = gridRows(b.Widgets, cols)
	}
	return views.BoardView{
		Page:    views.PageView{Title: b.Title, Theme: b.Theme, CSSURL: s.cssURL, Scripts: s.liveScripts},
		Slug:    b.Slug,
		Title:   b.Title,
		Columns: cols,
		Rows:    rows,
		Cards:   cards,
		Live:    s.liveView(b, version, now.In(loc)),
	}
}

// cell is a place on the grid.
type cell struct{ row, col int }

// gridRows counts the rows that widgets fill on a grid of cols columns, placed the way CSS grid
// places them with grid-auto-flow: dense: each at the first place it fits, scanning rows from
// the top and columns from the left. The board's grid then has exactly that many rows, each an
// equal share of the screen.
func gridRows(widgets []config.Widget, cols int) int {
	taken := map[cell]bool{}
	rows := 1
	for _, w := range widgets {
		wc, wr := min(max(w.Cols, 1), cols), max(w.Rows, 1)
		at := firstFit(taken, cols, wc, wr)
		for r := at.row; r < at.row+wr; r++ {
			for c := at.col; c < at.col+wc; c++ {
				taken[cell{r, c}] = true
			}
		}
		rows = max(rows, at.row+wr)
	}
	return rows
}

// firstFit finds the first free place for a wc×wr area. It ends: rows below every widget are free.
func firstFit(taken map[cell]bool, cols, wc, wr int) cell {
	for r := 0; ; r++ {
		for c := 0; c+wc <= cols; c++ {
			if areaFree(taken, cell{r, c}, wc, wr) {
				return cell{r, c}
			}
		}
	}
}

func areaFree(taken map[cell]bool, at cell, wc, wr int) bool {
	for r := at.row; r < at.row+wr; r++ {
		for c := at.col; c < at.col+wc; c++ {
			if taken[cell{r, c}] {
				return false
			}
		}
	}
	return true
}
