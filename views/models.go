// Package views holds Wallboard's templ components and the view models they draw: the page
// layout, the board page and every kind of widget card.
//
// A view model carries display-ready values: the app maps configuration and stored state to it
// and formats numbers (decimals, units, thresholds are config semantics); the components lay them
// out, draw the SVG and format timestamps, which arrive already in the board's time zone.
//
// It must not import db, app/config, Fiber or anything else of ours: it sees only its own view
// models, so a component can be rendered and tested from a literal.
package views

import "time"

// The states a widget or a check can be in. A state is always shown with a word or an icon as
// well as a colour.
const (
	StateOK      = "ok"
	StateWarn    = "warn"
	StateCrit    = "crit"
	StateUnknown = "unknown"
)

// PageView is what every full page needs for its <head> and <html> element.
type PageView struct {
	// Title goes in <title>.
	Title string
	// Theme is "dark" or "light"; it becomes data-theme on <html>.
	Theme string
	// CSSURL is the stylesheet's URL, versioned by content so it can be cached for long.
	CSSURL string
	// Scripts are the URLs of the page's scripts, versioned like CSSURL, loaded at the end of
	// the body in this order. Only live pages have any, and none is inline (a CSP will forbid that).
	Scripts []string
}

// BoardView is a board page: its grid and one card per widget.
type BoardView struct {
	Page  PageView
	Slug  string
	Title string
	// Columns and Rows size the CSS grid that fills the screen.
	Columns int
	Rows    int
	Cards   []BoardCard
	// Live is how the page keeps itself current.
	Live LiveView
}

// LiveView is how a board page keeps itself current: over the board's SSE stream, or, when Poll
// is set, by fetching every widget at that interval. The page script reads it from the DOM.
type LiveView struct {
	// EventsURL is the board's SSE stream, such as "/boards/ops/events".
	EventsURL string
	// WidgetsURL serves every widget fragment of the board: the refresh button and polling
	// fetch it.
	WidgetsURL string
	// ETag is WidgetsURL's ETag for a page built from the current frames, so that the first
	// poll is a cheap 304 when nothing has changed since.
	ETag string
	// Heartbeat is the interval between pings on the stream. After three missed ones the page
	// calls itself stale and reconnects.
	Heartbeat time.Duration
	// Poll, when non-zero, replaces the stream: the page fetches WidgetsURL this often.
	Poll time.Duration
	// Zone is the board's IANA time zone, in which the banner gives the time of the last update.
	Zone string
	// Now is when the page was rendered, in the board's time zone. The page script measures how
	// far the screen's clock is off by it, so that "updated 12 s ago" is right on a TV whose
	// clock is not.
	Now time.Time
}

// BoardCard is one widget's place on a board page: the widget's latest published fragment or,
// when nothing was published yet, a view to render now.
type BoardCard struct {
	// Frame is the fragment the live hub holds for the widget: WidgetCard output rendered by us,
	// already escaped. It is written as it is.
	Frame []byte
	// Placeholder is rendered with WidgetCard when Frame is empty.
	Placeholder WidgetView
}

// BoardListView is the index page: the boards there are.
type BoardListView struct {
	Page   PageView
	Boards []BoardLink
}

// BoardLink is one board in the index.
type BoardLink struct {
	Slug    string
	Title   string
	Widgets int
}

// ErrorView is an error page.
type ErrorView struct {
	Page    PageView
	Status  int
	Message string
}

// WidgetView is one widget card. Only the part matching Kind is filled in.
type WidgetView struct {
	ID    string
	Kind  string // number | gauge | chart | status | log | progress | text | clock
	Title string
	// Cols and Rows are the grid cells the card spans.
	Cols int
	Rows int
	// State is StateOK, StateWarn, StateCrit or StateUnknown.
	State string
	// Stale is set when the data is older than the widget's stale_after.
	Stale bool
	// Updated is when the data last changed, in the board's time zone; zero when never.
	Updated time.Time
	// Waiting is set when there is no data to show yet.
	Waiting bool

	Number NumberView
	Gauge  GaugeView
	Chart  ChartView
	Checks []CheckView
	Events []EventView
	Jobs   []JobView
	Text   string
	Clock  ClockView
}

// NumberView is the body of a number widget.
type NumberView struct {
	Value string // formatted, such as "12,345.6"; "–" without a value
	Unit  string
	// Delta is the change against the previous window, such as "▲ 12% vs prev 1h"; empty when
	// there is nothing to compare with.
	Delta string
	// Trend is "up", "down" or "flat".
	Trend string
	// Series feeds the sparkline, scaled between Lo and Hi; nil marks a gap.
	Series []*float64
	Lo, Hi float64
}

// GaugeView is the body of a gauge widget.
type GaugeView struct {
	Value    string
	Unit     string
	MinLabel string
	MaxLabel string
	// Fraction is where the value sits between min and max, clamped to 0..1.
	Fraction float64
}

// ChartView is the body of a chart widget.
type ChartView struct {
	// Series is the value per bucket, oldest first, scaled between Lo and Hi; nil marks a gap.
	Series  []*float64
	Lo, Hi  float64
	LoLabel string
	HiLabel string
	Latest  string // the newest value, formatted, with its unit
	Window  string // where the window starts, such as "−1h" or "00:00"
}

// CheckView is one check of a status widget.
type CheckView struct {
	Name    string
	State   string
	Message string
	// Since is when the check entered its state, in the board's time zone; For says how long
	// ago that was, such as "for 12m".
	Since time.Time
	For   string
	// AckBy is who acknowledged the check's state, or "".
	AckBy string
}

// EventView is one line of a log widget.
type EventView struct {
	TS      time.Time // in the board's time zone
	Level   string    // info | ok | warn | crit
	Message string
}

// JobView is one bar of a progress widget.
type JobView struct {
	Name    string
	Label   string
	Percent float64 // 0..100
	// ETA is when the job should finish, in the board's time zone; zero when unknown.
	ETA time.Time
}

// ClockView is the body of a clock widget.
type ClockView struct {
	Now  time.Time // in the board's time zone
	Zone string    // such as "Europe/Berlin"
}
