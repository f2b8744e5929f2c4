package jobs

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"wallboard/db"
)

// Notifier is told what every committed write touched, so the widgets bound to it are
// recomputed. The Coalescer implements it.
type Notifier interface {
	Changed(ch db.Changes)
}

// demoHistory is how much history the demo backfills on its first run, so that sparklines and
// deltas have something to show at once: two days cover a 1h window and the one before it, and
// "today" against yesterday in any timezone.
const demoHistory = 48 * time.Hour

// demoSource is the demo's state between runs: levels that drift rather than jump, spikes and
// incidents that last a while, and jobs that make progress.
type demoSource struct {
	store  *db.Store
	notify Notifier
	prefix string
	now    func() time.Time
	rnd    *rand.Rand

	started      bool
	users        float64   // active users, a smoothed level
	lastLatency  float64   // the latest latency, which the api check reports
	latencySpike time.Time // a latency spike lasts until then
	errorSpike   time.Time // an error-rate spike lasts until then
	nextDeploy   time.Time
	services     []demoService
	checks       []*demoCheck
	jobs         []*demoJob
}

// DemoSource returns the demo source's job, run every 2 s: believable business numbers with a
// daily and hourly shape and noise, deploy events, status checks that now and then go warn or
// crit, and two progress jobs. Its first run backfills an hour of history, unless the store has
// recent demo data already (a restart). now and rnd make it reproducible in tests.
func DemoSource(store *db.Store, notify Notifier, prefix string, now func() time.Time, rnd *rand.Rand) func(ctx context.Context) error {
	d := &demoSource{store: store, notify: notify, prefix: prefix, now: now, rnd: rnd}
	d.services = []demoService{{"web", 141}, {"api", 88}, {"worker", 31}}
	d.checks = newDemoChecks()
	d.jobs = newDemoJobs()
	return d.run
}

// run writes one round of demo data and then tells the notifier what it wrote, including after a
// partial failure, since what was committed must still reach the screens.
func (d *demoSource) run(ctx context.Context) error {
	now := d.now()
	var ch db.Changes
	err := d.write(ctx, now, &ch)
	if len(ch.Metrics)+len(ch.Streams)+len(ch.Statuses)+len(ch.Progress) > 0 {
		d.notify.Changed(ch)
	}
	return err
}

func (d *demoSource) write(ctx context.Context, now time.Time, ch *db.Changes) error {
	var samples []db.Sample
	var events []db.Event
	if !d.started {
		fresh, err := d.hasRecentData(ctx, now)
		if err != nil {
			return err
		}
		if !fresh {
			samples, events = d.backfill(now)
		}
		d.start(now)
	}
	samples = append(samples, d.samplesAt(now, true)...)
	events = append(events, d.deploysAt(now)...)
	if err := d.store.InsertSamples(ctx, samples); err != nil {
		return err
	}
	d.started = true // only now, so a failed first run backfills on the next
	ch.Metrics = sampleNames(samples)
	if len(events) > 0 {
		if err := d.store.InsertEvents(ctx, events); err != nil {
			return err
		}
		ch.Streams = []string{events[0].Stream}
	}
	return d.writeOps(ctx, now, ch)
}

// hasRecentData reports whether an earlier run wrote demo data within the history span, so a
// restart does not backfill the same hour twice.
func (d *demoSource) hasRecentData(ctx context.Context, now time.Time) (bool, error) {
	s, err := d.store.LastSample(ctx, d.prefix+"active_users", now)
	if errors.Is(err, db.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("jobs: demo: %w", err)
	}
	return now.Sub(s.TS) < demoHistory, nil
}

// backfill makes demoHistory of history: the counted metrics (orders, revenue, signups) as if the
// demo had run every 2 s, the levels once a minute, and two past deploys.
func (d *demoSource) backfill(now time.Time) ([]db.Sample, []db.Event) {
	var samples []db.Sample
	for t := now.Add(-demoHistory); t.Before(now); t = t.Add(2 * time.Second) {
		samples = append(samples, d.samplesAt(t, t.Second() < 2)...)
	}
	events := []db.Event{
		{Stream: "deploys", TS: now.Add(-47 * time.Minute), Level: "info", Message: "web v141 live"},
		{Stream: "deploys", TS: now.Add(-18 * time.Minute), Level: "info", Message: "api v88 live"},
	}
	return samples, events
}

// samplesAt is one run's samples at t: orders with their revenue and signups, and, when levels
// is set, the levels (active users, latency, error rate).
func (d *demoSource) samplesAt(t time.Time, levels bool) []db.Sample {
	shape := dayShape(t)
	var out []db.Sample
	// Jitter within the 2 s a run covers, so orders do not all share one timestamp.
	at := func() time.Time { return t.Add(-time.Duration(d.rnd.IntN(2000)) * time.Millisecond) }
	for range binomial(d.rnd, 4, 0.08+0.37*shape) {
		ts := at()
		out = append(out, d.sample("orders", ts, 1), d.sample("revenue", ts, orderValue(d.rnd)))
	}
	for range binomial(d.rnd, 2, 0.04+0.16*shape) {
		out = append(out, d.sample("signups", at(), 1))
	}
	if levels {
		out = append(out,
			d.sample("active_users", t, d.activeUsers(t, shape)),
			d.sample("latency_ms", t, d.latency(t, shape)),
			d.sample("error_rate", t, d.errorRate(t, shape)))
	}
	return out
}

func (d *demoSource) sample(metric string, ts time.Time, v float64) db.Sample {
	return db.Sample{Metric: d.prefix + metric, TS: ts, Value: v}
}

// activeUsers drifts towards the level the time of day calls for, so it moves like a real
// audience rather than jumping about.
func (d *demoSource) activeUsers(t time.Time, shape float64) float64 {
	target := 300 + 560*shape
	if d.users == 0 {
		d.users = target
	}
	d.users += (target-d.users)*0.15 + d.rnd.NormFloat64()*8
	d.users = min(max(d.users, 280), 920)
	return math.Round(d.users)
}

// latency is ~80–140 ms with load, with a spike to 400 ms or more every few minutes.
func (d *demoSource) latency(t time.Time, shape float64) float64 {
	if t.After(d.latencySpike) && d.rnd.Float64() < 1.0/180 {
		d.latencySpike = t.Add(time.Duration(20+d.rnd.IntN(40)) * time.Second)
	}
	v := min(max(85+45*shape+d.rnd.NormFloat64()*5, 72), 150)
	if t.Before(d.latencySpike) {
		v = 400 + 250*d.rnd.Float64()
	}
	d.lastLatency = math.Round(v)
	return d.lastLatency
}

// errorRate is a percentage, ~0.2–1.5 with load, with a rare spike to about 6.
func (d *demoSource) errorRate(t time.Time, shape float64) float64 {
	if t.After(d.errorSpike) && d.rnd.Float64() < 1.0/300 {
		d.errorSpike = t.Add(time.Duration(30+d.rnd.IntN(60)) * time.Second)
	}
	v := 0.2 + 0.8*shape + math.Abs(d.rnd.NormFloat64())*0.12
	if t.Before(d.errorSpike) {
		v = 3 + 3.5*d.rnd.Float64()
	}
	return math.Round(min(v, 6.5)*100) / 100
}

// dayShape is business activity by time of day, 0.12 at night to 1 at the late-morning peak,
// with a lunch dip, an evening shoulder and a slight wave within each hour.
func dayShape(t time.Time) float64 {
	h := float64(t.Hour()) + float64(t.Minute())/60
	bump := func(center, width float64) float64 {
		x := (h - center) / width
		return math.Exp(-x * x)
	}
	f := 0.12 + 0.88*max(bump(11, 2.8), bump(15.5, 2.6)) + 0.3*bump(20.5, 1.6)
	f *= 1 + 0.08*math.Sin(2*math.Pi*float64(t.Minute())/60)
	return min(f, 1)
}

// orderValue is an order's amount in EUR: log-normal around 35 with a long tail, in cents.
func orderValue(rnd *rand.Rand) float64 {
	v := math.Exp(3.55 + 0.65*rnd.NormFloat64())
	return math.Round(max(v, 4.9)*100) / 100
}

// binomial is the number of successes in n trials of probability p.
func binomial(rnd *rand.Rand, n int, p float64) int {
	k := 0
	for range n {
		if rnd.Float64() < p {
			k++
		}
	}
	return k
}

// sampleNames returns the distinct metric names of samples.
func sampleNames(samples []db.Sample) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range samples {
		if !seen[s.Metric] {
			seen[s.Metric] = true
			out = append(out, s.Metric)
		}
	}
	return out
}
