// Package config holds Wallboard's configuration: the types, their defaults, YAML loading with
// ${ENV} substitution, and validation that reports every problem with its file, line and field.
//
// It imports nothing of ours, and nothing of Fiber, templ or the database.
package config

import (
	"time"
)

// Config is a whole Wallboard configuration file.
type Config struct {
	// Timezone names the IANA zone for schedules and "today" windows. Default "UTC".
	Timezone string `yaml:"timezone"`
	// Live is how board pages stay current: "stream" (the default) or "poll 30s". A board's own
	// setting overrides it.
	Live      Live      `yaml:"live"`
	Retention Retention `yaml:"retention"`
	Security  Security  `yaml:"security"`
	Sources   []Source  `yaml:"sources"`
	Boards    []Board   `yaml:"boards"`

	// Location is Timezone, loaded. Set by Load.
	Location *time.Location `yaml:"-"`
	// File is the path the config was loaded from, or "demo" for the built-in one.
	File string `yaml:"-"`
}

// Retention says how long each kind of data is kept.
type Retention struct {
	Samples Duration `yaml:"samples"`  // raw samples; default 48h
	Rollups Duration `yaml:"rollups"`  // per-minute rollups; default 90d
	Events  Duration `yaml:"events"`   // events; default 30d
	JobRuns Duration `yaml:"job_runs"` // job run records; default 7d
}

// Security holds the limits and policies that protect the server and its screens.
type Security struct {
	// FrameAncestors lists who may show the pages in a frame, as CSP frame-ancestors sources
	// ('self', 'none', https://kiosk.example.com). Default ['self'].
	FrameAncestors []string `yaml:"frame_ancestors"`
	// StreamsPerClient caps the live streams open at once from one client address, and from one
	// session. Default 20.
	StreamsPerClient int `yaml:"streams_per_client"`
	// IngestPerToken caps what one API token may push, in samples (or events, statuses, progress
	// values) per second, with a burst of one second's worth. Default 50000.
	IngestPerToken int `yaml:"ingest_per_token"`
	// SessionTTL is how long an admin stays logged in. Default 12h.
	SessionTTL Duration `yaml:"session_ttl"`
	// TrustedProxies are the addresses or CIDR ranges of reverse proxies whose X-Forwarded-For
	// names the client. Default none: the connection's address is the client's.
	TrustedProxies []string `yaml:"trusted_proxies"`
}

// Source is something a scheduled job pulls data from.
type Source struct {
	ID       string `yaml:"id"`
	Kind     string `yaml:"kind"`     // demo | host
	Schedule string `yaml:"schedule"` // a 5-field cron spec or a descriptor such as "@every 5s"
	// Prefix is put in front of every metric, status and progress name the source writes.
	Prefix string `yaml:"prefix"`
}

// Board is a page of widgets laid out on a grid.
type Board struct {
	Slug       string   `yaml:"slug"`
	Title      string   `yaml:"title"`
	Columns    int      `yaml:"columns"`    // grid columns; default 4
	Rows       int      `yaml:"rows"`       // grid rows; default: as many as the widgets need
	Theme      string   `yaml:"theme"`      // dark | light; default dark
	Visibility string   `yaml:"visibility"` // public | private; default public
	Live       Live     `yaml:"live"`       // stream | poll 30s; default the top level's
	Widgets    []Widget `yaml:"widgets"`
}

// Widget is one tile on a board: a kind, a data binding and display options.
type Widget struct {
	ID    string `yaml:"id"`
	Kind  string `yaml:"kind"` // number | gauge | chart | status | log | progress | text | clock
	Title string `yaml:"title"`
	Cols  int    `yaml:"cols"` // columns spanned; default 1
	Rows  int    `yaml:"rows"` // rows spanned; default 1

	// Metric binding (number, gauge, chart).
	Metric    string   `yaml:"metric"`
	Aggregate string   `yaml:"aggregate"` // last | sum | avg | min | max | count | rate; default last
	Window    Window   `yaml:"window"`    // 5m, 1h, 24h, today...; default 1h
	RatePer   Duration `yaml:"rate_per"`  // unit of time for the rate aggregate; default 1m
	Unit      string   `yaml:"unit"`
	Decimals  *int     `yaml:"decimals"` // default: 0 for whole values, else 1
	Min       *float64 `yaml:"min"`      // gauge; default 0
	Max       *float64 `yaml:"max"`      // gauge; default 100

	Stream string   `yaml:"stream"` // log: the event stream
	Limit  int      `yaml:"limit"`  // log: how many events to show; default 8
	Checks []string `yaml:"checks"` // status: names of statuses; empty means all
	Jobs   []string `yaml:"jobs"`   // progress: names of progress entries; empty means all
	Text   string   `yaml:"text"`   // text: the announcement

	Thresholds  *Thresholds `yaml:"thresholds"`
	StaleAfter  Duration    `yaml:"stale_after"`  // 0 means never stale
	MinInterval Duration    `yaml:"min_interval"` // throttle for bursts; default 1s
}

// Thresholds turn a widget's value into its state. With Direction "above" (the default) a value at
// or above Warn is warn and at or above Crit is crit; with "below" the comparison is reversed.
type Thresholds struct {
	Warn      *float64 `yaml:"warn"`
	Crit      *float64 `yaml:"crit"`
	Direction string   `yaml:"direction"`
}

// The kinds of widget.
const (
	KindNumber   = "number"
	KindGauge    = "gauge"
	KindChart    = "chart"
	KindStatus   = "status"
	KindLog      = "log"
	KindProgress = "progress"
	KindText     = "text"
	KindClock    = "clock"
)

// UsesMetric reports whether the widget's kind is bound to a metric.
func (w Widget) UsesMetric() bool {
	return w.Kind == KindNumber || w.Kind == KindGauge || w.Kind == KindChart
}

// Board returns the board with the given slug.
func (c *Config) Board(slug string) (*Board, bool) {
	for i := range c.Boards {
		if c.Boards[i].Slug == slug {
			return &c.Boards[i], true
		}
	}
	return nil, false
}

// Widget returns the widget with the given id.
func (b *Board) Widget(id string) (*Widget, bool) {
	for i := range b.Widgets {
		if b.Widgets[i].ID == id {
			return &b.Widgets[i], true
		}
	}
	return nil, false
}
