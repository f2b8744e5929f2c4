package config

import (
	"errors"
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

var (
	// slugRule is for board slugs, widget ids and source ids. They end up in URLs, DOM ids and CSS
	// selectors, so they are kept to [a-z0-9-].
	slugRule = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	// nameRule is for metric, stream, status and progress names, which scripts push through the
	// API and may namespace with dots or colons.
	nameRule = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$`)
)

// maxSlug is the longest slug or id allowed.
const maxSlug = 64

// checker collects problems, each with its field path; Parse adds the lines.
type checker struct{ ps Problems }

// add records a problem at field.
func (v *checker) add(field, format string, args ...any) {
	v.ps = append(v.ps, Problem{Field: field, Msg: fmt.Sprintf(format, args...)})
}

// validate checks a config whose defaults are set, and returns every problem in it.
func (c *Config) validate() Problems {
	var v checker
	if _, err := time.LoadLocation(c.Timezone); err != nil {
		v.add("timezone", "unknown time zone %q; want an IANA name such as Europe/Berlin, or UTC", c.Timezone)
	}
	v.retention(c.Retention)
	v.security(c.Security)
	v.sources(c.Sources)
	if len(c.Boards) == 0 {
		v.add("boards", "at least one board is required")
	}
	slugs := map[string]string{}
	for i := range c.Boards {
		v.board(c, &c.Boards[i], indexPath("boards", i), slugs)
	}
	return v.ps
}

// retention checks that every period is positive, and that raw samples cover an hour, the
// default window.
func (v *checker) retention(r Retention) {
	periods := []struct {
		name string
		d    Duration
	}{{"samples", r.Samples}, {"rollups", r.Rollups}, {"events", r.Events}, {"job_runs", r.JobRuns}}
	for _, p := range periods {
		if p.d <= 0 {
			v.add("retention."+p.name, "must be longer than 0s")
		}
	}
	if r.Samples > 0 && r.Samples.D() < time.Hour {
		v.add("retention.samples", "must be at least 1h, got %s", r.Samples)
	}
}

// frameSource is one CSP source expression, as frame-ancestors takes them.
var frameSource = regexp.MustCompile(`^('self'|'none'|[a-z][a-z0-9+.-]*:|([a-z][a-z0-9+.-]*://)?(\*\.)?[a-z0-9.-]+(:(\d+|\*))?(/[^\s;,]*)?)$`)

// security checks the limits and the frame-ancestors sources.
func (v *checker) security(s Security) {
	for i, src := range s.FrameAncestors {
		field := indexPath("security.frame_ancestors", i)
		switch {
		case !frameSource.MatchString(src):
			v.add(field, "%q is not a CSP source; want 'self', 'none', a scheme such as https: or a host such as https://kiosk.example.com", src)
		case src == "'none'" && len(s.FrameAncestors) > 1:
			v.add(field, "'none' must stand alone")
		}
	}
	if len(s.FrameAncestors) == 0 {
		v.add("security.frame_ancestors", "must list at least one source; ['none'] forbids frames")
	}
	if s.StreamsPerClient < 1 {
		v.add("security.streams_per_client", "must be at least 1, got %d", s.StreamsPerClient)
	}
	if s.IngestPerToken < 1 {
		v.add("security.ingest_per_token", "must be at least 1, got %d", s.IngestPerToken)
	}
	for i, p := range s.TrustedProxies {
		if _, err := netip.ParsePrefix(p); err != nil {
			if _, err := netip.ParseAddr(p); err != nil {
				v.add(indexPath("security.trusted_proxies", i), "%q is not an IP address or a CIDR range such as 10.0.0.0/8", p)
			}
		}
	}
	if s.SessionTTL < Duration(time.Minute) {
		v.add("security.session_ttl", "must be at least 1m, got %s", s.SessionTTL)
	}
}

// sources checks each source's id, kind, schedule and prefix.
func (v *checker) sources(srcs []Source) {
	ids := map[string]string{}
	for i, s := range srcs {
		p := indexPath("sources", i)
		v.slug(p+".id", s.ID, ids)
		v.oneOf(p+".kind", s.Kind, "demo", "host")
		if err := parseSchedule(s.Schedule); err != nil {
			v.add(p+".schedule", "invalid schedule %q: %v; want 5 cron fields (minute hour day month weekday) or a descriptor such as @every 5s or @hourly", s.Schedule, err)
		}
		if s.Prefix != "" {
			v.name(p+".prefix", s.Prefix)
		}
	}
}

// parseSchedule parses spec as the jobs package will: cron.ParseStandard, five fields or a
// descriptor, never a seconds field.
func parseSchedule(spec string) (err error) {
	// robfig/cron v3.0.1 panics on a time zone prefix with nothing after it, such as "TZ=UTC"
	// (robfig/cron#554), so that case is refused first; the recover is for any such case still
	// unknown, since a config file must never crash the server.
	if (strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=")) && !strings.Contains(spec, " ") {
		return errors.New("a time zone prefix must be followed by a schedule")
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("cannot parse: %v", r)
		}
	}()
	_, err = cron.ParseStandard(spec)
	return err
}

// board checks one board and its widgets. slugs maps each slug seen to its field, to report
// duplicates.
func (v *checker) board(c *Config, b *Board, p string, slugs map[string]string) {
	v.slug(p+".slug", b.Slug, slugs)
	v.between(p+".columns", b.Columns, 1, 24)
	v.between(p+".rows", b.Rows, 0, 24)
	v.oneOf(p+".theme", b.Theme, "dark", "light")
	v.oneOf(p+".visibility", b.Visibility, "public", "private")
	ids := map[string]string{}
	for i := range b.Widgets {
		v.widget(c, b, &b.Widgets[i], indexPath(p+".widgets", i), ids)
	}
	v.area(b, p)
}

// area checks that a board with a fixed number of rows has cells enough for its widgets. Enough
// cells does not prove the spans pack, but too few proves they do not.
func (v *checker) area(b *Board, p string) {
	if b.Rows <= 0 || b.Columns < 1 || b.Columns > 24 {
		return
	}
	need := 0
	for _, w := range b.Widgets {
		// Spans out of range are reported on the widget; clamp them so as not to report twice.
		need += min(max(w.Cols, 0), b.Columns) * min(max(w.Rows, 0), b.Rows)
	}
	if have := b.Columns * b.Rows; need > have {
		v.add(p+".rows", "the widgets span %d cells but a grid of %d columns by %d rows has %d", need, b.Columns, b.Rows, have)
	}
}

// slug checks a board slug, widget id or source id, and that it was not seen before.
func (v *checker) slug(field, s string, seen map[string]string) {
	switch {
	case s == "":
		v.add(field, "is required")
		return
	case len(s) > maxSlug || !slugRule.MatchString(s):
		v.add(field, "%q is not valid: use lowercase letters, digits and dashes, starting with a letter or digit, at most %d characters", s, maxSlug)
	}
	if first, dup := seen[s]; dup {
		v.add(field, "%q is already used at %s", s, first)
		return
	}
	seen[s] = field
}

// name checks a metric, stream, status or progress name.
func (v *checker) name(field, s string) {
	if s == "" {
		v.add(field, "is required")
		return
	}
	if !nameRule.MatchString(s) {
		v.add(field, "%q is not a valid name: use letters, digits, _ . : and -, starting with a letter or digit, at most 128 characters", s)
	}
}

// oneOf checks that s is one of allowed and reports whether it is.
func (v *checker) oneOf(field, s string, allowed ...string) bool {
	if slices.Contains(allowed, s) {
		return true
	}
	want := strings.Join(allowed, ", ")
	switch hint := closest(s, allowed); {
	case s == "":
		v.add(field, "is required; want one of %s", want)
	case hint != "":
		v.add(field, "%q is not one of %s; did you mean %q?", s, want, hint)
	default:
		v.add(field, "%q is not one of %s", s, want)
	}
	return false
}

// between checks that n lies in lo..hi.
func (v *checker) between(field string, n, lo, hi int) {
	if n < lo || n > hi {
		v.add(field, "must be between %d and %d, got %d", lo, hi, n)
	}
}
