package jobs

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"wallboard/db"
)

// This file is the operational side of the demo: deploys, status checks and progress jobs.

// demoService is a service the demo deploys, with its live version.
type demoService struct {
	name    string
	version int
}

// demoCheck is a status check that is mostly ok and now and then has an incident.
type demoCheck struct {
	name  string
	state string
	until time.Time // when the current incident ends
}

// demoJob is a job that runs from 0 to 100%, rests, and starts again.
type demoJob struct {
	name      string
	run, rest time.Duration // roughly how long a run and the rest after it take
	percent   float64
	restUntil time.Time
	last      time.Time
	label     func(percent float64) string
}

func newDemoChecks() []*demoCheck {
	return []*demoCheck{{name: "api"}, {name: "db"}, {name: "queue"}, {name: "cdn"}}
}

func newDemoJobs() []*demoJob {
	return []*demoJob{
		{name: "backup", run: 4 * time.Minute, rest: 90 * time.Second, label: func(p float64) string {
			return fmt.Sprintf("nightly backup · %.1f of 30.0 GB", p*0.3)
		}},
		{name: "reindex", run: 7 * time.Minute, rest: 2 * time.Minute, label: func(p float64) string {
			return "search reindex · " + thousands(int(math.Round(p*12000))) + " of 1,200,000 docs"
		}},
	}
}

// start sets up the first run: a deploy soon, and jobs caught part way, so that the progress
// widget shows an ETA within seconds.
func (d *demoSource) start(now time.Time) {
	d.nextDeploy = now.Add(time.Duration(60+d.rnd.IntN(120)) * time.Second)
	for _, c := range d.checks {
		c.state = stateOK
	}
	for _, j := range d.jobs {
		j.percent, j.last = math.Round(100+400*d.rnd.Float64())/10, now
	}
}

// deploysAt is the deploy event due at now, if any: mostly a new version going live, sometimes
// a canary or a rollback.
func (d *demoSource) deploysAt(now time.Time) []db.Event {
	if now.Before(d.nextDeploy) {
		return nil
	}
	d.nextDeploy = now.Add(time.Duration(180+d.rnd.IntN(240)) * time.Second)
	svc := &d.services[d.rnd.IntN(len(d.services))]
	e := db.Event{Stream: "deploys", TS: now, Level: "info"}
	switch r := d.rnd.Float64(); {
	case r < 0.15:
		e.Level, e.Message = stateWarn, fmt.Sprintf("%s v%d rolled back", svc.name, svc.version+1)
	case r < 0.3:
		e.Message = fmt.Sprintf("%s v%d canary at 10%%", svc.name, svc.version+1)
	default:
		svc.version++
		e.Message = fmt.Sprintf("%s v%d live", svc.name, svc.version)
	}
	return []db.Event{e}
}

// demoYield is how long the demo leaves a status or progress entry alone after something else,
// such as a push through the API, wrote it. Someone trying the README's curl examples on the demo
// board then sees their value stay, rather than overwritten two seconds later.
const demoYield = 10 * time.Minute

// writeOps steps the checks and jobs to now and writes those nobody else wrote lately.
func (d *demoSource) writeOps(ctx context.Context, now time.Time, ch *db.Changes) error {
	taken, err := d.takenNames(ctx, now)
	if err != nil {
		return err
	}
	for _, c := range d.checks {
		d.stepCheck(c, now)
		st := db.Status{Name: d.prefix + c.name, State: c.state, Message: d.checkMessage(c), UpdatedAt: now, Source: SourceDemo}
		if taken[st.Name] {
			continue
		}
		if err := d.store.UpsertStatus(ctx, st); err != nil {
			return err
		}
		ch.Statuses = append(ch.Statuses, st.Name)
	}
	for _, j := range d.jobs {
		j.step(now, d.rnd)
		p := db.Progress{Name: d.prefix + j.name, Percent: j.percent, Label: j.label(j.percent), UpdatedAt: now, Source: SourceDemo}
		if taken["progress:"+p.Name] {
			continue
		}
		if err := d.store.UpsertProgress(ctx, p); err != nil {
			return err
		}
		ch.Progress = append(ch.Progress, p.Name)
	}
	return nil
}

// takenNames returns the statuses, and the progress entries prefixed "progress:", that something
// other than the demo wrote within demoYield.
func (d *demoSource) takenNames(ctx context.Context, now time.Time) (map[string]bool, error) {
	statuses, err := d.store.Statuses(ctx, nil)
	if err != nil {
		return nil, err
	}
	progress, err := d.store.ProgressList(ctx, nil)
	if err != nil {
		return nil, err
	}
	taken := map[string]bool{}
	for _, st := range statuses {
		taken[st.Name] = st.Source != SourceDemo && now.Sub(st.UpdatedAt) < demoYield
	}
	for _, p := range progress {
		taken["progress:"+p.Name] = p.Source != SourceDemo && now.Sub(p.UpdatedAt) < demoYield
	}
	return taken, nil
}

// stepCheck ends an incident that has run its course, or starts one: one check in four has one
// every quarter of an hour or so, for a minute or two. A latency spike shows on the api check.
func (d *demoSource) stepCheck(c *demoCheck, now time.Time) {
	switch {
	case c.state != stateOK && !now.Before(c.until):
		c.state = stateOK
	case c.state == stateOK && c.name == "api" && now.Before(d.latencySpike):
		c.state, c.until = stateWarn, d.latencySpike
	case c.state == stateOK && d.rnd.Float64() < 1.0/450:
		c.state = stateWarn
		if d.rnd.Float64() < 0.25 {
			c.state = stateCrit
		}
		c.until = now.Add(time.Duration(60+d.rnd.IntN(90)) * time.Second)
	}
}

// checkMessage is what a check says in its state, with numbers that move.
func (d *demoSource) checkMessage(c *demoCheck) string {
	r := d.rnd
	switch c.name + "/" + c.state {
	case "api/ok":
		return fmt.Sprintf("200 in %.0f ms", d.lastLatency)
	case "api/warn":
		return fmt.Sprintf("p99 %.1f s", 1.1+1.3*r.Float64())
	case "api/crit":
		return fmt.Sprintf("503 from %d of 6 pods", 2+r.IntN(3))
	case "db/ok":
		return fmt.Sprintf("replication lag %.1f s", 0.1+0.5*r.Float64())
	case "db/warn":
		return fmt.Sprintf("replication lag %d s", 9+r.IntN(30))
	case "db/crit":
		return "primary unreachable, failing over"
	case "queue/ok":
		return "queue depth " + thousands(20+r.IntN(280))
	case "queue/warn":
		return "queue depth " + thousands(3000+r.IntN(3000))
	case "queue/crit":
		return "queue depth " + thousands(15000+r.IntN(10000)) + ", consumers down"
	case "cdn/ok":
		return fmt.Sprintf("hit ratio %.1f%%", 96+3*r.Float64())
	case "cdn/warn":
		return fmt.Sprintf("hit ratio %.1f%%", 78+10*r.Float64())
	default:
		return fmt.Sprintf("origin errors %d%%", 8+r.IntN(12))
	}
}

// step moves the job on by the time since its last step, at a pace that varies, or rests it.
func (j *demoJob) step(now time.Time, rnd *rand.Rand) {
	dt := now.Sub(j.last)
	j.last = now
	if j.percent >= 100 {
		if !now.Before(j.restUntil) {
			j.percent = 0 // a lower percentage starts a new run in the store
		}
		return
	}
	pace := 100 / j.run.Seconds() * (0.6 + 0.8*rnd.Float64())
	j.percent = min(100, math.Round((j.percent+pace*dt.Seconds())*10)/10)
	if j.percent >= 100 {
		j.restUntil = now.Add(time.Duration(float64(j.rest) * (0.8 + 0.4*rnd.Float64())))
	}
}

// thousands formats n with comma separators, as in "queue depth 4,210".
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
