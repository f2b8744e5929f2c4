package app

import (
	"fmt"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limits holds the budgets that keep one client or one script from crowding out the rest: open
// streams per client address (and per session), and what each API token may push per second.
type limits struct {
	streamsPer int
	ingestPer  int

	mu      sync.Mutex
	streams map[string]int          // open streams per key, such as "ip 10.0.0.7"
	tokens  map[int64]*rate.Limiter // per API token id
}

func newLimits(streamsPer, ingestPer int) *limits {
	return &limits{streamsPer: streamsPer, ingestPer: ingestPer, streams: map[string]int{}, tokens: map[int64]*rate.Limiter{}}
}

// limitError is a request over a budget: 429, with how long to wait.
type limitError struct {
	msg        string
	retryAfter time.Duration
}

func (e *limitError) Error() string { return e.msg }

// openStream takes a stream slot under every key, or none if any key is at its limit.
func (l *limits) openStream(keys ...string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		if l.streams[k] >= l.streamsPer {
			return &limitError{msg: fmt.Sprintf("%d live streams are open from this %s already, the most allowed", l.streamsPer, k), retryAfter: 30 * time.Second}
		}
	}
	for _, k := range keys {
		l.streams[k]++
	}
	return nil
}

// closeStream gives back the slots openStream took.
func (l *limits) closeStream(keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		if l.streams[k]--; l.streams[k] <= 0 {
			delete(l.streams, k)
		}
	}
}

// ingest spends n items of token's budget, or returns a *limitError saying when they would fit.
// The budget refills at ingestPer a second and holds a second's worth, and at least one request
// of the largest size, so that every valid request can pass in time.
func (l *limits) ingest(token int64, n int, now time.Time) error {
	l.mu.Lock()
	lim := l.tokens[token]
	if lim == nil {
		lim = rate.NewLimiter(rate.Limit(l.ingestPer), max(l.ingestPer, MaxSamplesPerRequest))
		l.tokens[token] = lim
	}
	l.mu.Unlock()
	r := lim.ReserveN(now, n)
	if wait := r.DelayFrom(now); wait > 0 {
		r.CancelAt(now)
		return &limitError{
			msg:        fmt.Sprintf("this token may push %d items a second; try again in %.1f s", l.ingestPer, wait.Seconds()),
			retryAfter: wait,
		}
	}
	return nil
}

// retryAfterSeconds is a wait as the whole seconds of a Retry-After header, at least 1.
func retryAfterSeconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}
