// Package live is the hub that fans rendered widget fragments out to the screens watching a board
// over Server-Sent Events. It keeps the latest frame per widget and numbers every change with a
// sequence that, with the boot ID, makes the SSE event ID.
//
// A screen costs no goroutine and no buffer while it keeps up. The hub owns each screen's TCP
// connection once its stream is open. One goroutine per board builds each change's message once,
// then writes it to every screen with a non-blocking write. Only a screen whose socket is full
// gets a goroutine, until it has caught up or its write deadline cuts it off (screen.go).
//
// It imports nothing of ours, and nothing of Fiber or templ.
package live

import (
	"crypto/rand"
	"encoding/hex"
	mrand "math/rand/v2"
	"sync"
	"sync/atomic"
	"time"
)

// Options tune the streams. Zero fields take the defaults.
type Options struct {
	// Heartbeat is the interval between pings. Default 15 s.
	Heartbeat time.Duration
	// MaxLifetime is roughly how long a stream lives before it ends and the screen reconnects,
	// catching up by event ID. Each stream gets ±10% jitter. Default 20 min.
	MaxLifetime time.Duration
	// WriteTimeout cuts off a screen whose writes stall this long. Default 10 s.
	WriteTimeout time.Duration
	// CloseSpread is the stretch over which Close ends the streams, so that their reconnects do
	// not arrive at once. Default 3 s.
	CloseSpread time.Duration
	// Retry is the reconnect delay sent to browsers in the snapshot. Default 1 s.
	Retry time.Duration
	// ObserveLag, if set, is told how long after its publish each change reached a screen's
	// socket. It is called once per screen per message, so it must be cheap.
	ObserveLag func(time.Duration)
}

func (o Options) withDefaults() Options {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if o.ObserveLag == nil {
		o.ObserveLag = func(time.Duration) {}
	}
	def(&o.Heartbeat, 15*time.Second)
	def(&o.MaxLifetime, 20*time.Minute)
	def(&o.WriteTimeout, 10*time.Second)
	def(&o.CloseSpread, 3*time.Second)
	def(&o.Retry, time.Second)
	return o
}

// Frame is the latest rendered state of one widget. Its byte slices are shared by every stream
// and never mutated.
type Frame struct {
	Board  string
	Widget string
	Seq    uint64
	// Card is the widget's HTML, as placed in the board page.
	Card []byte
	// Partial is Card wrapped for an htmx swap into the page, as streams and refreshes send it.
	Partial []byte
	// data is Partial encoded once as SSE data lines.
	data []byte
	// at is when the frame was published, in Unix microseconds, stamped into messages so that
	// delivery can be timed (cmd/loadgen).
	at int64
}

// board holds a board's frames in first-publish order and the screens watching it. Its deliver
// goroutine sends each change to the screens (deliver.go).
type board struct {
	frames  []*Frame
	index   map[string]int
	screens []*screen
	// wake tells the deliver goroutine that frames changed; it holds at most one token, so
	// changes made while a delivery runs fold into the next.
	wake chan struct{}

	// latest is the sequence of the board's newest frame. snapshot is the board's full message
	// as of snapshotTo (a sequence at or after latest when built), shared by every screen that
	// connects before the next change, and never mutated.
	latest     uint64
	snapshot   []byte
	snapshotTo uint64

	// Owned by the deliver goroutine.
	sentTo  uint64    // the sequence the last delivery took every screen in step up to
	scratch []*screen // the screens of the delivery under way
	msg     []byte    // the message of the delivery under way
}

// Hub keeps the latest frame of every widget of every board, and serves the streams.
type Hub struct {
	opts Options
	boot string

	mu     sync.RWMutex
	seq    uint64
	boards map[string]*board

	closing   chan struct{}
	closeOnce sync.Once
	screens   sync.WaitGroup // one per open screen

	stats struct {
		messages, bytes, cutOffs, catchUps, snapshots atomic.Uint64
	}
}

// Stats are the hub's counters since it started.
type Stats struct {
	// Messages and Bytes count what reached the screens' sockets: changes and pings.
	Messages, Bytes uint64
	// CutOffs counts the streams ended because a write failed or stalled.
	CutOffs uint64
	// CatchUps and Snapshots count the streams opened, by what they were sent first: only the
	// changes since their Last-Event-ID, or the whole board.
	CatchUps, Snapshots uint64
}

// Stats returns the hub's counters.
func (h *Hub) Stats() Stats {
	return Stats{
		Messages: h.stats.messages.Load(), Bytes: h.stats.bytes.Load(), CutOffs: h.stats.cutOffs.Load(),
		CatchUps: h.stats.catchUps.Load(), Snapshots: h.stats.snapshots.Load(),
	}
}

// New returns an empty hub with a fresh boot ID.
func New(opts Options) *Hub {
	b := make([]byte, 4)
	rand.Read(b)
	h := &Hub{
		opts:    opts.withDefaults(),
		boot:    hex.EncodeToString(b),
		boards:  map[string]*board{},
		closing: make(chan struct{}),
	}
	go h.heartbeat()
	return h
}

// Boot identifies this hub's lifetime. Sequence numbers are comparable only within one boot.
func (h *Hub) Boot() string { return h.boot }

// Options returns the hub's options, defaults filled in.
func (h *Hub) Options() Options { return h.opts }

// Publish makes card the latest frame of the widget and wakes the board's streams. partial is
// card wrapped for a swap. It returns the change's sequence number. The hub keeps both slices as
// they are: the caller must not change them afterwards.
func (h *Hub) Publish(boardSlug, widget string, card, partial []byte) uint64 {
	data := encodeData(partial) // once per change, outside the lock
	h.mu.Lock()
	defer h.mu.Unlock()
	h.seq++
	b := h.boardLocked(boardSlug)
	f := &Frame{Board: boardSlug, Widget: widget, Seq: h.seq, Card: card, Partial: partial, data: data,
		at: time.Now().UnixMicro()}
	if i, ok := b.index[widget]; ok {
		b.frames[i] = f
	} else {
		b.index[widget] = len(b.frames)
		b.frames = append(b.frames, f)
	}
	b.latest = h.seq
	select {
	case b.wake <- struct{}{}:
	default: // a delivery is already due; it will carry this change too
	}
	return h.seq
}

func (h *Hub) boardLocked(slug string) *board {
	b := h.boards[slug]
	if b == nil {
		b = &board{index: map[string]int{}, wake: make(chan struct{}, 1)}
		h.boards[slug] = b
		go h.deliver(b)
	}
	return b
}

// Frame returns the latest frame of a widget.
func (h *Hub) Frame(boardSlug, widget string) (Frame, bool) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	b := h.boards[boardSlug]
	if b == nil {
		return Frame{}, false
	}
	i, ok := b.index[widget]
	if !ok {
		return Frame{}, false
	}
	return *b.frames[i], true
}

// Version returns the event ID that covers every change to the board so far: what a page built
// from the current frames is up to date with.
func (h *Hub) Version() string {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return eventID(h.boot, h.seq)
}

// Streams returns how many streams are open on a board.
func (h *Hub) Streams(boardSlug string) int {
	h.mu.RLock()
	defer h.mu.RUnlock()
	if b := h.boards[boardSlug]; b != nil {
		return len(b.screens)
	}
	return 0
}

// Close ends every stream, each after a random delay within CloseSpread, and returns when all
// have ended. Streams opened afterwards end at once.
func (h *Hub) Close() {
	h.closeOnce.Do(func() {
		h.mu.Lock()
		close(h.closing) // under the lock, so that Attach either sees it or is in the list below
		for _, b := range h.boards {
			for _, s := range b.screens {
				time.AfterFunc(time.Duration(mrand.Int64N(int64(h.opts.CloseSpread)+1)), func() {
					s.end(EndClosed, nil)
				})
			}
		}
		h.mu.Unlock()
	})
	h.screens.Wait()
}

// lifetime returns a stream's maximum lifetime: MaxLifetime with ±10% jitter, so that screens
// opened together do not reconnect together.
func (h *Hub) lifetime() time.Duration {
	l := h.opts.MaxLifetime
	return l - l/10 + time.Duration(mrand.Int64N(int64(l/5)+1))
}
