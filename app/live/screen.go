package live

import (
	"bytes"
	"errors"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// End says why a stream ended.
type End string

// The reasons a stream ends.
const (
	EndClosed   End = "closed"   // the server is shutting down (Close)
	EndLifetime End = "lifetime" // the stream reached its maximum lifetime
	EndGone     End = "gone"     // the screen closed its connection
	EndWrite    End = "write"    // a write failed or stalled past the write timeout
	EndRevoked  End = "revoked"  // the access it was opened with was revoked (EndKey)
	EndExpired  End = "expired"  // the access it was opened with expired
)

// Screen is what Attach needs to serve one screen.
type Screen struct {
	// Board is the slug of the board it watches.
	Board string
	// LastEventID is the Last-Event-ID the screen sent, or "".
	LastEventID string
	// Head is written before the first message: the HTTP response head.
	Head []byte
	// Ended, if set, is called once when the stream ends, and says why.
	Ended func(End, error)
	// Keys name the access the stream was opened with, such as "session 1a2b" or "screen 7",
	// for EndKey.
	Keys []string
	// Expires, if set, is when that access ends; the stream ends then too.
	Expires time.Time
	// Authorize, if set, is asked at every heartbeat whether the access still holds; an error
	// ends the stream as revoked.
	Authorize func() error
}

// screen is one open stream. It has a goroutine only while its socket is full (busy).
//
// The ID invariant: an event ID means "every change with a sequence at or below this one has
// reached you". sent is the ID the screen has been sent, so its dirty set is the board's
// widgets whose frame is newer: a screen that falls behind costs at most one message with the
// latest frame of each such widget, however many changes it missed.
type screen struct {
	hub   *Hub
	board *board
	conn  net.Conn
	// fd is the socket, for writes and reads that must not block. It is used only with mu held
	// and done false: end sets done under mu before it closes conn, so fd is never a number
	// the kernel has since given to another file.
	fd    int
	ended func(End, error)
	life  *time.Timer
	keys  []string
	auth  func() error

	mu      sync.Mutex
	sent    uint64
	busy    bool   // a goroutine is writing pending; deliveries leave the screen alone
	pending []byte // what the goroutine still has to write
	at      int64  // when the newest change in pending was published, or 0 for a ping
	wrote   int64  // when a change last reached the socket, in Unix µs
	buf     []byte // the goroutine's message buffer, kept while it runs
	done    bool
	index   int // in board.screens, guarded by Hub.mu
}

// Attach serves a screen on conn, whose HTTP request has been read, until the stream ends. It
// writes the head and the snapshot or catch-up, then returns: from there on the hub writes the
// changes and pings and closes conn at the end. conn must be a TCP (or Unix) connection.
//
// A reconnect whose Last-Event-ID has this hub's boot gets only the widgets changed since; any
// other gets the full snapshot first.
func (h *Hub) Attach(conn net.Conn, sc Screen) {
	s := &screen{hub: h, conn: conn, ended: sc.Ended, busy: true, keys: sc.Keys, auth: sc.Authorize}
	if s.ended == nil {
		s.ended = func(End, error) {}
	}
	sent, caughtUp := h.parseID(sc.LastEventID)
	err := errors.New("live: the connection gives no access to its socket")
	if sc, ok := conn.(syscall.Conn); ok {
		var raw syscall.RawConn
		if raw, err = sc.SyscallConn(); err == nil {
			err = raw.Control(func(fd uintptr) { s.fd = int(fd) })
		}
	}
	h.screens.Add(1)
	if err != nil {
		s.done = true
		conn.Close()
		s.ended(EndWrite, err)
		h.screens.Done()
		return
	}

	h.mu.Lock()
	select {
	case <-h.closing:
		h.mu.Unlock()
		s.end(EndClosed, nil)
		return
	default:
	}
	s.board = h.boardLocked(sc.Board)
	s.index = len(s.board.screens)
	s.board.screens = append(s.board.screens, s)
	if caughtUp {
		s.pending, s.sent, _ = h.messageLocked(append([]byte(nil), sc.Head...), s.board, sent, false)
		h.stats.catchUps.Add(1)
	} else {
		// The head goes now, on a fresh socket that has room for it; the snapshot is shared.
		snapshot, to := h.snapshotLocked(s.board)
		n, err := writeNow(s.fd, sc.Head)
		if err != nil {
			h.mu.Unlock()
			s.end(EndWrite, err)
			return
		}
		s.pending, s.sent = snapshot, to
		if n < len(sc.Head) {
			s.pending = append(append([]byte(nil), sc.Head[n:]...), snapshot...)
		}
		h.stats.snapshots.Add(1)
	}
	life, why := h.lifetime(), EndLifetime
	if !sc.Expires.IsZero() && time.Until(sc.Expires) < life {
		life, why = time.Until(sc.Expires), EndExpired
	}
	s.life = time.AfterFunc(life, func() {
		if why == EndExpired {
			s.tell(why)
		}
		s.end(why, nil)
	})
	h.mu.Unlock()
	s.drain()
}

// offer sends the screen what it lacks up to seq to: msg if it is in step with the delivery
// (sent == from), else a message of its own. The write does not block: what the socket does
// not take goes to a goroutine (drain).
//
// now is the time in Unix microseconds, read by the caller every few screens: the clock is not
// free on every machine, and the lag it times is measured in milliseconds.
func (s *screen) offer(msg []byte, from, to uint64, at, now int64) {
	s.mu.Lock()
	if s.done || s.busy || s.sent >= to {
		s.mu.Unlock()
		return
	}
	if s.sent != from {
		msg, to, at = s.hub.message(nil, s.board, s.sent, false)
	}
	if len(msg) == 0 {
		s.sent = to
		s.mu.Unlock()
		return
	}
	s.sent = to
	s.writeLocked(msg, at, now)
}

// ping sends a ping, unless the screen is busy (the write under way is its sign of life) or got
// a change since quiet, in Unix µs: then the page has heard from the server recently enough, and
// a board that changes every second costs no pings at all.
func (s *screen) ping(quiet int64) {
	s.mu.Lock()
	if s.done || s.busy || s.wrote > quiet {
		s.mu.Unlock()
		return
	}
	s.writeLocked(pingMessage, 0, 0)
}

// writeLocked writes msg, whose newest change was published at at (0 for none), without
// blocking, and unlocks s.mu. If the socket takes only part, the rest is copied and a goroutine
// writes it.
func (s *screen) writeLocked(msg []byte, at, now int64) {
	n, err := writeNow(s.fd, msg)
	if err != nil {
		s.mu.Unlock()
		s.end(EndWrite, err)
		return
	}
	s.hub.stats.bytes.Add(uint64(n))
	if at != 0 {
		s.wrote = now
	}
	if n == len(msg) {
		s.mu.Unlock()
		s.hub.delivered(at, now)
		return
	}
	s.pending, s.at = append([]byte(nil), msg[n:]...), at
	s.busy = true
	s.mu.Unlock()
	go s.drain()
}

// drain writes pending, blocking up to the write timeout, then whatever changed meanwhile, until
// the screen is in step again and deliveries can write to it directly.
func (s *screen) drain() {
	h := s.hub
	for {
		s.mu.Lock()
		if s.done {
			s.mu.Unlock()
			return
		}
		if len(s.pending) == 0 {
			msg, to, at := h.message(s.buf[:0], s.board, s.sent, false)
			if len(msg) == 0 {
				s.sent = max(s.sent, to)
				s.busy, s.buf = false, nil
				s.mu.Unlock()
				return
			}
			s.pending, s.sent, s.buf, s.at = msg, to, msg, at
		}
		p, at := s.pending, s.at
		s.mu.Unlock()

		err := s.conn.SetWriteDeadline(time.Now().Add(h.opts.WriteTimeout))
		if err == nil {
			_, err = s.conn.Write(p)
		}
		if err != nil {
			s.end(EndWrite, err)
			return
		}
		now := time.Now().UnixMicro()
		h.stats.bytes.Add(uint64(len(p)))
		h.delivered(at, now)
		s.mu.Lock()
		s.pending, s.at = nil, 0
		if at != 0 {
			s.wrote = now
		}
		s.mu.Unlock()
	}
}

// delivered counts a message that has reached a screen's socket, and its lag if it carried a
// change published at at.
func (h *Hub) delivered(at, now int64) {
	h.stats.messages.Add(1)
	if at != 0 {
		h.opts.ObserveLag(time.Duration(now-at) * time.Microsecond)
	}
}

// check ends the stream if the screen has closed its connection, or if its access no longer
// holds. A closed peer is seen only by reading: writes succeed into the kernel's buffer for a
// while after it has gone.
func (s *screen) check() {
	s.mu.Lock()
	if s.done {
		s.mu.Unlock()
		return
	}
	err := peerGone(s.fd)
	s.mu.Unlock()
	if err != nil {
		s.end(EndGone, err)
		return
	}
	if s.auth != nil {
		if err := s.auth(); err != nil {
			s.tell(EndRevoked)
			s.end(EndRevoked, err)
		}
	}
}

// tell sends the screen a last message saying why its stream ends: event "ended", whose data is
// the reason. The page stops reconnecting and reloads, and the server explains. It is best
// effort: a screen whose socket is full misses it, and its reconnect is refused all the same.
func (s *screen) tell(why End) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.done && !s.busy {
		writeNow(s.fd, []byte("event: ended\ndata: "+string(why)+"\n\n"))
	}
}

// EndKey ends, within moments, every stream opened with the access key names, telling each
// screen why. Revoking a share link or a session calls it.
func (h *Hub) EndKey(key string, why End) int {
	var hit []*screen
	h.mu.RLock()
	for _, b := range h.boards {
		for _, s := range b.screens {
			if slices.Contains(s.keys, key) {
				hit = append(hit, s)
			}
		}
	}
	h.mu.RUnlock()
	for _, s := range hit {
		s.tell(why)
		s.end(why, nil)
	}
	return len(hit)
}

// end closes the stream once and says why. It must be called without s.mu held.
func (s *screen) end(why End, err error) {
	s.mu.Lock()
	if s.done {
		s.mu.Unlock()
		return
	}
	s.done, s.pending, s.buf = true, nil, nil
	s.mu.Unlock()
	if why == EndWrite {
		s.hub.stats.cutOffs.Add(1)
	}
	s.conn.Close()
	if s.life != nil {
		s.life.Stop()
	}
	if s.board != nil {
		h := s.hub
		h.mu.Lock()
		last := len(s.board.screens) - 1
		moved := s.board.screens[last]
		s.board.screens[s.index], moved.index = moved, s.index
		s.board.screens[last] = nil
		s.board.screens = s.board.screens[:last]
		h.mu.Unlock()
	}
	if err == errPeerClosed {
		err = nil // an ordinary end, not a failure
	}
	s.ended(why, err)
	s.hub.screens.Done()
}

var pingMessage = []byte("event: ping\ndata: \n\n")

// message appends to dst the message that takes a screen from sequence from to the present:
// the latest frame of every widget of the board changed after from, or of every widget for a
// snapshot. It returns dst unchanged if there is nothing to send, and the sequence the message
// brings the screen to.
func (h *Hub) message(dst []byte, b *board, from uint64, snapshot bool) ([]byte, uint64, int64) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return h.messageLocked(dst, b, from, snapshot)
}

// messageLocked is message with h.mu held. It also returns when the newest change in the
// message was published.
func (h *Hub) messageLocked(dst []byte, b *board, from uint64, snapshot bool) ([]byte, uint64, int64) {
	var at int64
	size := 0
	for _, f := range b.frames {
		if snapshot || f.Seq > from {
			size += len(f.data)
			at = max(at, f.at)
		}
	}
	if size == 0 {
		return dst, h.seq, 0
	}
	dst = slices.Grow(dst, size+64)
	// The comment is invisible to browsers; it carries the publish time of the newest change.
	dst = append(dst, "id: "+eventID(h.boot, h.seq)+"\n: t="...)
	dst = strconv.AppendInt(dst, at, 10)
	dst = append(dst, '\n')
	if snapshot {
		dst = append(dst, "retry: "...)
		dst = strconv.AppendInt(dst, h.opts.Retry.Milliseconds(), 10)
		dst = append(dst, '\n')
	}
	for _, f := range b.frames {
		if snapshot || f.Seq > from {
			dst = append(dst, f.data...)
		}
	}
	return append(dst, '\n'), h.seq, at
}

// snapshotLocked returns the board's full message and the sequence it brings a screen to,
// building it only if the board has changed since it was last built. h.mu must be held for
// writing.
func (h *Hub) snapshotLocked(b *board) ([]byte, uint64) {
	if b.snapshot == nil || b.snapshotTo < b.latest {
		b.snapshot, b.snapshotTo, _ = h.messageLocked(nil, b, 0, true)
	}
	return b.snapshot, b.snapshotTo
}

// parseID returns the sequence a Last-Event-ID stands for, and whether it is from this boot and
// can be caught up from.
func (h *Hub) parseID(id string) (uint64, bool) {
	boot, seqText, ok := strings.Cut(id, "-")
	if !ok || boot != h.boot {
		return 0, false
	}
	seq, err := strconv.ParseUint(seqText, 10, 64)
	if err != nil {
		return 0, false
	}
	h.mu.RLock()
	defer h.mu.RUnlock()
	return seq, seq <= h.seq
}

func eventID(boot string, seq uint64) string {
	return boot + "-" + strconv.FormatUint(seq, 10)
}

// encodeData encodes html as SSE data lines: every line gets its own "data: " prefix, since a
// bare line break would end the field. SSE ends lines at CR as well as LF, so CRs become LFs
// first, which HTML treats the same.
func encodeData(html []byte) []byte {
	html = bytes.ReplaceAll(bytes.ReplaceAll(html, []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n"))
	var b bytes.Buffer
	b.Grow(len(html) + 64)
	for line := range bytes.Lines(html) {
		b.WriteString("data: ")
		b.Write(bytes.TrimRight(line, "\r\n"))
		b.WriteByte('\n')
	}
	return b.Bytes()
}

var errPeerClosed = errors.New("the screen closed the connection")
