package config

import (
	"time"
	_ "time/tzdata" // zones must load on machines without a zoneinfo database, such as scratch images
)

// The defaults, in one place so that the code and the tests agree on them.
const (
	defaultTimezone      = "UTC"
	defaultSchedule      = "@every 5s"
	defaultDemoSchedule  = "@every 2s"
	defaultColumns       = 4
	defaultAggregate     = "last"
	defaultLogLimit      = 8
	defaultRetainSamples = Duration(48 * time.Hour)
	defaultRetainRollups = Duration(90 * 24 * time.Hour)
	defaultRetainEvents  = Duration(30 * 24 * time.Hour)
	defaultRetainJobRuns = Duration(7 * 24 * time.Hour)
	defaultWindow        = time.Hour
	defaultRatePer       = Duration(time.Minute)
	defaultMinInterval   = Duration(time.Second)
	defaultStreamsPer    = 20
	defaultIngestPer     = 50_000
	defaultSessionTTL    = Duration(12 * time.Hour)
)

// setDefaults fills every field left unset. A field is defaulted only on the kinds of widget that
// use it, so that validation can still tell that, say, a log widget was given a window.
func (c *Config) setDefaults() {
	orDefault(&c.Timezone, defaultTimezone)
	if loc, err := time.LoadLocation(c.Timezone); err == nil {
		c.Location = loc
	}
	c.Retention.setDefaults()
	c.Security.setDefaults()
	if c.Live.Mode == "" {
		c.Live = Live{Mode: LiveStream}
	}
	for i := range c.Sources {
		s := &c.Sources[i]
		if s.Kind == "demo" {
			orDefault(&s.Schedule, defaultDemoSchedule)
		}
		orDefault(&s.Schedule, defaultSchedule)
	}
	for i := range c.Boards {
		c.Boards[i].setDefaults()
		if c.Boards[i].Live.Mode == "" {
			c.Boards[i].Live = c.Live
		}
	}
}

// setDefaults fills the retention periods left unset.
func (r *Retention) setDefaults() {
	orDefault(&r.Samples, defaultRetainSamples)
	orDefault(&r.Rollups, defaultRetainRollups)
	orDefault(&r.Events, defaultRetainEvents)
	orDefault(&r.JobRuns, defaultRetainJobRuns)
}

// setDefaults fills a board's unset fields and those of its widgets.
func (b *Board) setDefaults() {
	orDefault(&b.Columns, defaultColumns)
	orDefault(&b.Theme, "dark")
	orDefault(&b.Visibility, "public")
	orDefault(&b.Title, b.Slug)
	for i := range b.Widgets {
		b.Widgets[i].setDefaults()
	}
}

// setDefaults fills a widget's unset fields, each only on the kinds that use it.
func (w *Widget) setDefaults() {
	orDefault(&w.Cols, 1)
	orDefault(&w.Rows, 1)
	orDefault(&w.MinInterval, defaultMinInterval)
	if w.UsesMetric() {
		orDefault(&w.Aggregate, defaultAggregate)
		orDefault(&w.RatePer, defaultRatePer)
		if w.Window.IsZero() {
			w.Window = Window{Len: defaultWindow}
		}
	}
	if w.Kind == KindGauge {
		w.Min = orDefaultPtr(w.Min, 0)
		w.Max = orDefaultPtr(w.Max, 100)
	}
	if w.Kind == KindLog {
		orDefault(&w.Limit, defaultLogLimit)
	}
	if w.Thresholds != nil {
		orDefault(&w.Thresholds.Direction, "above")
	}
}

// orDefault sets *v to def when *v is the zero value.
func orDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}

// orDefaultPtr returns p, or a pointer to def when p is nil.
func orDefaultPtr(p *float64, def float64) *float64 {
	if p == nil {
		return &def
	}
	return p
}

func (s *Security) setDefaults() {
	if s.FrameAncestors == nil {
		s.FrameAncestors = []string{"'self'"}
	}
	if s.StreamsPerClient == 0 {
		s.StreamsPerClient = defaultStreamsPer
	}
	if s.IngestPerToken == 0 {
		s.IngestPerToken = defaultIngestPer
	}
	if s.SessionTTL == 0 {
		s.SessionTTL = defaultSessionTTL
	}
}
