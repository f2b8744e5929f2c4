package live

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// pipeSink is a stream's end of an in-memory connection. net.Pipe is unbuffered and honours
// write deadlines, so a screen that never reads stalls its writer as a real socket would.
type pipeSink struct {
	*bufio.Writer
	net.Conn
}

func (p pipeSink) Write(b []byte) (int, error) { return p.Writer.Write(b) }

// screen is the other end: it reads and parses SSE messages as a browser would.
type screen struct {
	conn net.Conn
	msgs chan message
}

type message struct {
	id, event string
	data      []string
}

// widgets returns the widget ids of the partials in a message's data, in order.
func (m message) widgets() []string {
	var out []string
	for _, line := range m.data {
		if _, rest, ok := strings.Cut(line, `hx-target="#widget-`); ok {
			id, _, _ := strings.Cut(rest, `"`)
			out = append(out, id)
		}
	}
	return out
}

// open starts a stream on board with lastID and returns the screen reading it and a channel
// that gets the stream's end.
func open(t *testing.T, h *Hub, board, lastID string, read bool) (*screen, <-chan End) {
	t.Helper()
	server, client := net.Pipe()
	t.Cleanup(func() { server.Close(); client.Close() })
	ended := make(chan End, 1)
	go func() {
		end, _ := h.Stream(context.Background(), board, lastID, pipeSink{bufio.NewWriter(server), server})
		server.Close()
		ended <- end
	}()
	s := &screen{conn: client, msgs: make(chan message, 1000)}
	if read {
		go s.read()
	}
	return s, ended
}

func (s *screen) read() {
	defer close(s.msgs)
	r := bufio.NewReader(s.conn)
	var m message
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimSuffix(line, "\n")
		switch {
		case line == "":
			s.msgs <- m
			m = message{}
		case strings.HasPrefix(line, "id: "):
			m.id = line[4:]
		case strings.HasPrefix(line, "event: "):
			m.event = line[7:]
		case strings.HasPrefix(line, "data: "):
			m.data = append(m.data, line[6:])
		}
	}
}

// next returns the next message that is not a ping.
func (s *screen) next(t *testing.T) message {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case m, ok := <-s.msgs:
			if !ok {
				t.Fatal("stream ended, want a message")
			}
			if m.event != "ping" {
				return m
			}
		case <-timeout:
			t.Fatal("no message within 5s")
		}
	}
}

func publish(h *Hub, board, widget, value string) uint64 {
	card := []byte(fmt.Sprintf(`<article id="widget-%s">%s</article>`, widget, value))
	part := []byte(fmt.Sprintf(`<hx-partial hx-target="#widget-%s">%s</hx-partial>`, widget, card))
	return h.Publish(board, widget, card, part)
}

func TestFirstConnectGetsSnapshot(t *testing.T) {
	h := New(Options{})
	publish(h, "ops", "a", "1")
	publish(h, "ops", "b", "2")
	publish(h, "other", "x", "3")
	s, _ := open(t, h, "ops", "", true)
	m := s.next(t)
	if got, want := strings.Join(m.widgets(), ","), "a,b"; got != want {
		t.Errorf("snapshot widgets = %s, want %s", got, want)
	}
	if got, want := m.id, h.Boot()+"-3"; got != want {
		t.Errorf("snapshot id = %s, want %s", got, want)
	}
}

func TestReconnectSameBootGetsOnlyChanges(t *testing.T) {
	h := New(Options{})
	publish(h, "ops", "a", "1")
	seen := publish(h, "ops", "b", "1")
	publish(h, "ops", "c", "1")
	publish(h, "ops", "a", "2")
	publish(h, "ops", "a", "3")
	s, _ := open(t, h, "ops", fmt.Sprintf("%s-%d", h.Boot(), seen), true)
	m := s.next(t)
	if got, want := strings.Join(m.widgets(), ","), "a,c"; got != want {
		t.Errorf("catch-up widgets = %s, want %s (each changed widget once, latest frame)", got, want)
	}
	if !strings.Contains(strings.Join(m.data, ""), ">3<") {
		t.Errorf("catch-up data = %v, want a's latest value 3", m.data)
	}
}

func TestReconnectOtherBootGetsSnapshot(t *testing.T) {
	h := New(Options{})
	publish(h, "ops", "a", "1")
	publish(h, "ops", "b", "1")
	for _, id := range []string{"deadbeef-1", h.Boot() + "-999", h.Boot() + "-x", "garbage"} {
		t.Run(id, func(t *testing.T) {
			s, _ := open(t, h, "ops", id, true)
			if got, want := strings.Join(s.next(t).widgets(), ","), "a,b"; got != want {
				t.Errorf("widgets after Last-Event-ID %q = %s, want the snapshot %s", id, got, want)
			}
		})
	}
}

// TestStalledScreenHarmsNobody: a screen that never reads blocks neither publishing nor the
// other screens, holds no queue of changes, and is cut off after the write timeout.
func TestStalledScreenHarmsNobody(t *testing.T) {
	h := New(Options{WriteTimeout: 300 * time.Millisecond})
	publish(h, "ops", "a", "0")
	_, stalledEnd := open(t, h, "ops", "", false)
	healthy, _ := open(t, h, "ops", "", true)
	healthy.next(t)

	for i := 1; i <= 5000; i++ { // must not block on the stalled screen
		publish(h, "ops", "a", fmt.Sprint(i))
		publish(h, "ops", "b", fmt.Sprint(i))
	}
	var last message
	for !strings.Contains(strings.Join(last.data, ""), ">5000<") {
		last = healthy.next(t)
		if len(last.widgets()) > 2 {
			t.Fatalf("message widgets = %v, want each widget at most once", last.widgets())
		}
	}
	select {
	case end := <-stalledEnd:
		if end != EndWrite {
			t.Errorf("stalled stream ended with %q, want %q", end, EndWrite)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("stalled stream not cut off")
	}
}

// TestSlowScreenGetsLatestOnly: a screen that reads late gets one message with the latest frame
// of each changed widget, not the backlog: its cost is bounded by the board's widgets.
func TestSlowScreenGetsLatestOnly(t *testing.T) {
	h := New(Options{WriteTimeout: 10 * time.Second})
	publish(h, "ops", "a", "0")
	slow, _ := open(t, h, "ops", "", false)
	time.Sleep(50 * time.Millisecond) // let the snapshot writer block on the unread pipe
	for i := 1; i <= 1000; i++ {
		publish(h, "ops", "a", fmt.Sprint(i))
	}
	go slow.read()
	first := slow.next(t) // the snapshot, written before the burst
	var rest []message
	for !strings.Contains(strings.Join(first.data, "")+joinAll(rest), ">1000<") {
		rest = append(rest, slow.next(t))
	}
	if len(rest) > 1 {
		t.Errorf("messages after the snapshot = %d, want 1 carrying the latest frame", len(rest))
	}
}

func joinAll(ms []message) string {
	var b strings.Builder
	for _, m := range ms {
		b.WriteString(strings.Join(m.data, ""))
	}
	return b.String()
}

func TestPingsAndLifetime(t *testing.T) {
	h := New(Options{Heartbeat: 20 * time.Millisecond, MaxLifetime: 300 * time.Millisecond})
	publish(h, "ops", "a", "0")
	s, ended := open(t, h, "ops", "", true)
	pings := 0
	for m := range s.msgs {
		if m.event == "ping" {
			pings++
		}
	}
	if pings < 3 {
		t.Errorf("pings = %d, want several", pings)
	}
	if end := <-ended; end != EndLifetime {
		t.Errorf("end = %q, want %q", end, EndLifetime)
	}
}

func TestCloseEndsEveryStream(t *testing.T) {
	h := New(Options{CloseSpread: 200 * time.Millisecond})
	publish(h, "ops", "a", "0")
	var ends []<-chan End
	for range 20 {
		s, e := open(t, h, "ops", "", true)
		s.next(t)
		ends = append(ends, e)
	}
	if got := h.Streams("ops"); got != 20 {
		t.Errorf("Streams() = %d, want 20", got)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { h.Close(); wg.Done() }()
	wg.Wait()
	for i, e := range ends {
		select {
		case end := <-e:
			if end != EndClosed {
				t.Errorf("stream %d end = %q, want %q", i, end, EndClosed)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("stream %d still open after Close", i)
		}
	}
	if got := h.Streams("ops"); got != 0 {
		t.Errorf("Streams() after Close = %d, want 0", got)
	}
}

func TestEncodeData(t *testing.T) {
	got := string(encodeData([]byte("<p>a\r\nb\rc\nd</p>")))
	want := "data: <p>a\ndata: b\ndata: c\ndata: d</p>\n"
	if got != want {
		t.Errorf("encodeData() = %q, want %q", got, want)
	}
}
