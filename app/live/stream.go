package live

import (
	"bytes"
	"context"
	"io"
	mrand "math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// Sink is where a stream writes: a buffered connection. SetWriteDeadline bounds each write and
// flush, so that a stalled screen is cut off.
type Sink interface {
	io.Writer
	Flush() error
	SetWriteDeadline(t time.Time) error
}

// End says why a stream ended.
type End string

// The reasons a stream ends.
const (
	EndClosed   End = "closed"   // the server is shutting down (Close)
	EndLifetime End = "lifetime" // the stream reached its maximum lifetime
	EndContext  End = "context"  // the caller's context ended
	EndWrite    End = "write"    // a write or flush failed: the screen went away or stalled
)

// Stream serves one screen watching boardSlug until the stream ends, and says why. lastEventID
// is the Last-Event-ID the screen sent, or "".
//
// The ID invariant: an event ID means "every change with a sequence at or below this one has
// reached you". A reconnect whose ID has this hub's boot gets only the widgets changed since;
// any other gets the full snapshot first. The stream's dirty set is the board's widgets whose
// frame is newer than the last ID sent, so a slow screen costs no memory beyond that ID: when it
// is ready to write, it sends the latest frame of each such widget, in one message.
func (h *Hub) Stream(ctx context.Context, boardSlug, lastEventID string, w Sink) (End, error) {
	h.streams.Add(1)
	defer h.streams.Done()
	h.mu.Lock()
	b := h.boardLocked(boardSlug)
	b.streams++
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		b.streams--
		h.mu.Unlock()
	}()

	st := &stream{hub: h, board: b, w: w}
	sent, ok := h.parseID(lastEventID)
	st.snapshot = !ok
	ping := time.NewTicker(h.opts.Heartbeat)
	defer ping.Stop()
	life := time.NewTimer(h.lifetime())
	defer life.Stop()
	for {
		changed, err := st.sendSince(&sent)
		if err != nil {
			return EndWrite, err
		}
		select {
		case <-changed:
		case <-ping.C:
			if err := st.write(pingMessage); err != nil {
				return EndWrite, err
			}
		case <-life.C:
			return EndLifetime, nil
		case <-h.closing:
			return h.endSpread(ctx)
		case <-ctx.Done():
			return EndContext, nil
		}
	}
}

// endSpread waits a random part of CloseSpread before ending a stream for Close.
func (h *Hub) endSpread(ctx context.Context) (End, error) {
	t := time.NewTimer(time.Duration(mrand.Int64N(int64(h.opts.CloseSpread) + 1)))
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
	return EndClosed, nil
}

var pingMessage = []byte("event: ping\ndata: \n\n")

// stream is one screen's state: the board it watches and whether it still needs a snapshot.
type stream struct {
	hub      *Hub
	board    *board
	w        Sink
	snapshot bool
	buf      [][]byte // reused between messages: the frames to send
}

// sendSince sends, in one message, the latest frame of every widget changed after *sent, or
// every frame if the stream still owes a snapshot, and moves *sent on. It returns the channel
// that will be closed on the board's next change.
func (st *stream) sendSince(sent *uint64) (<-chan struct{}, error) {
	h := st.hub
	h.mu.RLock()
	changed, seq := st.board.changed, h.seq
	st.buf = st.buf[:0]
	var at int64
	for _, f := range st.board.frames {
		if st.snapshot || f.Seq > *sent {
			st.buf = append(st.buf, f.data)
			at = max(at, f.at)
		}
	}
	h.mu.RUnlock()
	if len(st.buf) == 0 {
		*sent = seq
		return changed, nil
	}
	var head bytes.Buffer
	// The comment is invisible to browsers; it carries the publish time of the newest change.
	head.WriteString("id: " + eventID(h.boot, seq) + "\n: t=" + strconv.FormatInt(at, 10) + "\n")
	if st.snapshot {
		head.WriteString("retry: " + strconv.FormatInt(h.opts.Retry.Milliseconds(), 10) + "\n")
	}
	parts := append([][]byte{head.Bytes()}, st.buf...)
	if err := st.write(append(parts, []byte("\n"))...); err != nil {
		return nil, err
	}
	*sent, st.snapshot = seq, false
	return changed, nil
}

// write writes one message and flushes it, within the write timeout.
func (st *stream) write(parts ...[]byte) error {
	if err := st.w.SetWriteDeadline(time.Now().Add(st.hub.opts.WriteTimeout)); err != nil {
		return err
	}
	for _, p := range parts {
		if _, err := st.w.Write(p); err != nil {
			return err
		}
	}
	return st.w.Flush()
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
