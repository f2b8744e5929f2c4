package app

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"wallboard/app/config"
	"wallboard/app/live"
)

// Metrics are the Prometheus series served at GET /metrics. The hub's, the coalescer's and the
// scheduler's are read from them when scraped, or fed through the Observe methods, which the
// command wires in; the app's own are counted as requests pass.
type Metrics struct {
	reg         *prometheus.Registry
	lag         prometheus.Histogram
	ingested    *prometheus.CounterVec
	rejected    *prometheus.CounterVec
	requests    *prometheus.CounterVec
	jobRuns     *prometheus.CounterVec
	jobDuration *prometheus.HistogramVec
}

// NewMetrics returns the series, registered with the Go runtime's and the process's.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		lag: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "wallboard_delivery_lag_seconds",
			Help:    "Time from a change's publish to its message reaching a screen's socket.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}),
		ingested: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wallboard_ingested_total", Help: "Items stored through the push API, by kind.",
		}, []string{"kind"}),
		rejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wallboard_ingest_rejected_total", Help: "Push API requests refused, by reason.",
		}, []string{"reason"}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wallboard_http_requests_total", Help: "HTTP requests answered, by route and status.",
		}, []string{"route", "status"}),
		jobRuns: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wallboard_job_runs_total", Help: "Scheduled job runs, by job and result (ok or failed).",
		}, []string{"job", "result"}),
		jobDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "wallboard_job_duration_seconds", Help: "How long scheduled job runs took.",
			Buckets: prometheus.ExponentialBuckets(0.001, 4, 10),
		}, []string{"job"}),
	}
	m.reg.MustRegister(m.lag, m.ingested, m.rejected, m.requests, m.jobRuns, m.jobDuration,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// ObserveLag records one delivery's lag; the hub calls it (live.Options.ObserveLag).
func (m *Metrics) ObserveLag(d time.Duration) { m.lag.Observe(d.Seconds()) }

// ObserveJob records one run of a scheduled job.
func (m *Metrics) ObserveJob(name string, d time.Duration, err error) {
	result := "ok"
	if err != nil {
		result = "failed"
	}
	m.jobRuns.WithLabelValues(name, result).Inc()
	m.jobDuration.WithLabelValues(name).Observe(d.Seconds())
}

// CountCoalesced serves, as wallboard_updates_coalesced_total, the changes that folded into a
// recompute already due.
func (m *Metrics) CountCoalesced(folded func() int64) {
	m.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
		Name: "wallboard_updates_coalesced_total",
		Help: "Changes folded into a widget recompute that was already due, rather than causing one.",
	}, func() float64 { return float64(folded()) }))
}

// watchHub serves the hub's streams and counters, read when scraped.
func (m *Metrics) watchHub(hub *live.Hub, cfg *config.Config) {
	m.reg.MustRegister(&hubCollector{hub: hub, cfg: cfg})
}

var (
	streamsDesc   = prometheus.NewDesc("wallboard_streams_open", "Live streams open, by board.", []string{"board"}, nil)
	messagesDesc  = prometheus.NewDesc("wallboard_stream_messages_total", "Messages (changes and pings) written to screens.", nil, nil)
	bytesDesc     = prometheus.NewDesc("wallboard_stream_bytes_total", "Bytes written to screens.", nil, nil)
	cutOffsDesc   = prometheus.NewDesc("wallboard_stream_cutoffs_total", "Streams ended because the screen's writes failed or stalled.", nil, nil)
	reconnectDesc = prometheus.NewDesc("wallboard_stream_opens_total", "Streams opened, by what they were sent first: catch_up (changes since Last-Event-ID) or snapshot.", []string{"first"}, nil)
)

// hubCollector reads the hub when scraped.
type hubCollector struct {
	hub *live.Hub
	cfg *config.Config
}

func (c *hubCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{streamsDesc, messagesDesc, bytesDesc, cutOffsDesc, reconnectDesc} {
		ch <- d
	}
}

func (c *hubCollector) Collect(ch chan<- prometheus.Metric) {
	for _, b := range c.cfg.Boards {
		ch <- prometheus.MustNewConstMetric(streamsDesc, prometheus.GaugeValue, float64(c.hub.Streams(b.Slug)), b.Slug)
	}
	st := c.hub.Stats()
	ch <- prometheus.MustNewConstMetric(messagesDesc, prometheus.CounterValue, float64(st.Messages))
	ch <- prometheus.MustNewConstMetric(bytesDesc, prometheus.CounterValue, float64(st.Bytes))
	ch <- prometheus.MustNewConstMetric(cutOffsDesc, prometheus.CounterValue, float64(st.CutOffs))
	ch <- prometheus.MustNewConstMetric(reconnectDesc, prometheus.CounterValue, float64(st.CatchUps), "catch_up")
	ch <- prometheus.MustNewConstMetric(reconnectDesc, prometheus.CounterValue, float64(st.Snapshots), "snapshot")
}

// showMetrics serves GET /metrics in Prometheus's text format.
func (s *server) showMetrics() fiber.Handler {
	return adaptor.HTTPHandler(promhttp.HandlerFor(s.Metrics.reg, promhttp.HandlerOpts{}))
}

// countRequests counts every request by its route pattern (never its raw path, which would let
// anyone create series) and final status.
func (s *server) countRequests(c *fiber.Ctx) error {
	err := c.Next()
	status := c.Response().StatusCode()
	if err != nil {
		status, _ = classify(err)
	}
	route := c.Route().Path
	if status == fiber.StatusNotFound {
		route = "unmatched" // an unknown path has no route; a known one's 404 counts here too
	}
	s.Metrics.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	return err
}

// rejectReason names why the push API refused a request, for wallboard_ingest_rejected_total.
func rejectReason(status int) string {
	switch status {
	case fiber.StatusBadRequest:
		return "bad_input"
	case fiber.StatusUnauthorized:
		return "unauthorized"
	case fiber.StatusRequestEntityTooLarge:
		return "too_large"
	case fiber.StatusUnsupportedMediaType:
		return "unsupported_media_type"
	case fiber.StatusTooManyRequests:
		return "rate_limited"
	}
	return "other"
}
