package live

import (
	"bufio"
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// viewer is the screen's end of a real loopback TCP connection: it reads and parses SSE
// messages as a browser would.
type viewer struct {
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

// tcpPair returns both ends of a loopback TCP connection.
func tcpPair(t *testing.T) (server, client *net.TCPConn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	sc, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sc.Close(); c.Close() })
	return sc.(*net.TCPConn), c.(*net.TCPConn)
}

// open attaches a screen on board with lastID and returns the viewer and a channel that gets
// the stream's end. A viewer that does not read has small socket buffers, so that it stalls
// after a few KB rather than the megabytes loopback allows.
func open(t *testing.T, h *Hub, board, lastID string, read bool) (*viewer, <-chan End) {
	t.Helper()
	return openWith(t, h, Screen{Board: board, LastEventID: lastID}, read)
}

// openWith is open with the rest of the Screen given.
func openWith(t *testing.T, h *Hub, sc Screen, read bool) (*viewer, <-chan End) {
	t.Helper()
	server, client := tcpPair(t)
	if !read {
		server.SetWriteBuffer(4 << 10)
		client.SetReadBuffer(4 << 10)
	}
	ended := make(chan End, 1)
	sc.Ended = func(e End, err error) { t.Logf("stream ended: %s %v", e, err); ended <- e }
	go h.Attach(server, sc)
	v := &viewer{conn: client, msgs: make(chan message, 10000)}
	if read {
		go v.read()
	}
	return v, ended
}

func (s *viewer) read() {
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
func (s *viewer) next(t *testing.T) message {
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
	if st := h.Stats(); st.CatchUps != 1 || st.Snapshots != 0 {
		t.Errorf("Stats() = %+v, want 1 catch-up and no snapshot", st)
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
	publishPadded(h, "ops", "a", 0)
	_, stalledEnd := open(t, h, "ops", "", false)
	healthy, _ := open(t, h, "ops", "", true)
	healthy.next(t)

	for i := 1; i <= 500; i++ { // must not block on the stalled screen
		publishPadded(h, "ops", "a", i)
		publishPadded(h, "ops", "b", i)
		time.Sleep(time.Millisecond) // let deliveries happen, so that the stalled socket fills
	}
	var last message
	for !strings.Contains(strings.Join(last.data, ""), ">500<") {
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
		if st := h.Stats(); st.CutOffs != 1 || st.Snapshots != 2 || st.Messages < 2 {
			t.Errorf("Stats() = %+v, want 1 cut-off, 2 snapshots and the healthy screen's messages", st)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("stalled stream not cut off")
	}
}

// publishPadded publishes a widget whose card is about 2 KB, so that a few changes fill a
// small socket buffer.
func publishPadded(h *Hub, board, widget string, value int) uint64 {
	return publish(h, board, widget, fmt.Sprintf("%d<!--%s-->", value, strings.Repeat("x", 2000)))
}

// TestSlowScreenGetsLatestOnly: a screen that reads late holds at most one message while its
// socket is full, and then gets the latest frame of each changed widget, not the backlog: its
// cost is bounded by the board's widgets, whatever the update rate.
func TestSlowScreenGetsLatestOnly(t *testing.T) {
	h := New(Options{WriteTimeout: 10 * time.Second})
	publishPadded(h, "ops", "a", 0)
	publishPadded(h, "ops", "b", 0)
	slow, _ := open(t, h, "ops", "", false)
	snapshot, _, _ := h.message(nil, h.boards["ops"], 0, true)
	for i := 1; i <= 1000; i++ {
		publishPadded(h, "ops", "a", i)
		publishPadded(h, "ops", "b", i)
		if i%10 == 0 {
			time.Sleep(time.Millisecond)
		}
	}
	time.Sleep(50 * time.Millisecond)
	h.mu.RLock()
	s := h.boards["ops"].screens[0]
	h.mu.RUnlock()
	s.mu.Lock()
	held, busy := len(s.pending), s.busy
	s.mu.Unlock()
	if !busy || held > len(snapshot) {
		t.Errorf("stalled screen: busy %v, holding %d bytes; want busy, holding at most one message (%d)", busy, held, len(snapshot))
	}

	go slow.read()
	var msgs []message
	for !strings.Contains(joinAll(msgs), ">1000<") {
		msgs = append(msgs, slow.next(t))
	}
	// The socket buffers hold a few messages from before it stalled; a queue would hold 2,000.
	if len(msgs) > 20 {
		t.Errorf("messages before the latest = %d, want a handful: a screen must not queue changes", len(msgs))
	}
}

// TestEveryScreenConverges: many screens and concurrent publishers; once publishing stops, every
// screen has the latest frame of every widget, and no message repeats a widget.
func TestEveryScreenConverges(t *testing.T) {
	h := New(Options{})
	widgets := []string{"a", "b", "c", "d", "e"}
	for _, w := range widgets {
		publish(h, "ops", w, "0")
	}
	var viewers []*viewer
	for range 50 {
		v, _ := open(t, h, "ops", "", true)
		viewers = append(viewers, v)
	}
	var wg sync.WaitGroup
	for g := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 1; i <= 1000; i++ {
				w := widgets[(i+g)%len(widgets)]
				publish(h, "ops", w, fmt.Sprintf("%d-%d", g, i))
			}
		}()
	}
	wg.Wait()
	want := map[string]string{}
	for _, w := range widgets {
		f, _ := h.Frame("ops", w)
		want[w] = string(f.Card)
	}
	finalID := h.Version()
	for i, v := range viewers {
		got := map[string]string{}
		for {
			m := v.next(t)
			seen := map[string]bool{}
			for _, line := range m.data {
				for _, w := range m.widgets() {
					if strings.Contains(line, `id="widget-`+w+`"`) {
						got[w] = line
					}
				}
			}
			for _, w := range m.widgets() {
				if seen[w] {
					t.Fatalf("viewer %d: message %s repeats widget %s", i, m.id, w)
				}
				seen[w] = true
			}
			if m.id == finalID {
				break
			}
		}
		for _, w := range widgets {
			if !strings.Contains(got[w], want[w]) {
				t.Errorf("viewer %d: widget %s = %q, want the latest %q", i, w, got[w], want[w])
			}
		}
	}
}

// TestGoneScreenNoticedAtNextHeartbeat: a screen that closes its connection is noticed by the
// next heartbeat's check, not only after writes start to fail.
func TestGoneScreenNoticedAtNextHeartbeat(t *testing.T) {
	h := New(Options{Heartbeat: time.Hour})
	publish(h, "ops", "a", "0")
	v, ended := open(t, h, "ops", "", true)
	v.next(t)
	v.conn.Close()
	time.Sleep(20 * time.Millisecond) // the FIN crosses loopback
	h.mu.RLock()
	s := h.boards["ops"].screens[0]
	h.mu.RUnlock()
	s.check()
	select {
	case end := <-ended:
		if end != EndGone {
			t.Errorf("end = %q, want %q", end, EndGone)
		}
	default:
		t.Fatal("a closed screen survived a heartbeat check")
	}
	if got := h.Streams("ops"); got != 0 {
		t.Errorf("Streams() = %d after the screen left, want 0", got)
	}
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

func joinAll(ms []message) string {
	var b strings.Builder
	for _, m := range ms {
		b.WriteString(strings.Join(m.data, ""))
	}
	return b.String()
}

// lastEvent reads the viewer's messages to the end of its stream and returns the last named
// event with its data.
func (s *viewer) lastEvent(t *testing.T) message {
	t.Helper()
	var last message
	timeout := time.After(5 * time.Second)
	for {
		select {
		case m, ok := <-s.msgs:
			if !ok {
				return last
			}
			if m.event != "" && m.event != "ping" {
				last = m
			}
		case <-timeout:
			t.Fatal("stream still open after 5 s")
		}
	}
}

func TestEndKeyEndsOnlyThoseStreams(t *testing.T) {
	h := New(Options{})
	publish(h, "ops", "a", "0")
	hit, hitEnd := openWith(t, h, Screen{Board: "ops", Keys: []string{"link 1", "screen 1"}}, true)
	kept, _ := openWith(t, h, Screen{Board: "ops", Keys: []string{"link 2", "screen 2"}}, true)
	hit.next(t)
	kept.next(t)
	if n := h.EndKey("link 1", EndRevoked); n != 1 {
		t.Errorf("EndKey() ended %d streams, want 1", n)
	}
	if m := hit.lastEvent(t); m.event != "ended" || strings.Join(m.data, "") != "revoked" {
		t.Errorf("last event = %q %v, want ended: revoked", m.event, m.data)
	}
	if e := <-hitEnd; e != EndRevoked {
		t.Errorf("end = %q, want %q", e, EndRevoked)
	}
	publish(h, "ops", "a", "1")
	if m := kept.next(t); !strings.Contains(strings.Join(m.data, ""), ">1<") {
		t.Errorf("the other stream got %v, want the change", m.data)
	}
}

func TestAccessExpiryEndsStream(t *testing.T) {
	h := New(Options{})
	publish(h, "ops", "a", "0")
	v, ended := openWith(t, h, Screen{Board: "ops", Expires: time.Now().Add(200 * time.Millisecond)}, true)
	v.next(t)
	if m := v.lastEvent(t); m.event != "ended" || strings.Join(m.data, "") != "expired" {
		t.Errorf("last event = %q %v, want ended: expired", m.event, m.data)
	}
	if e := <-ended; e != EndExpired {
		t.Errorf("end = %q, want %q", e, EndExpired)
	}
}

func TestAuthorizeAtHeartbeat(t *testing.T) {
	h := New(Options{Heartbeat: 50 * time.Millisecond})
	publish(h, "ops", "a", "0")
	var revoked atomic.Bool
	v, ended := openWith(t, h, Screen{Board: "ops", Authorize: func() error {
		if revoked.Load() {
			return fmt.Errorf("revoked")
		}
		return nil
	}}, true)
	v.next(t)
	time.Sleep(120 * time.Millisecond) // heartbeats pass while access holds
	select {
	case e := <-ended:
		t.Fatalf("stream ended (%s) while its access held", e)
	default:
	}
	revoked.Store(true)
	if m := v.lastEvent(t); m.event != "ended" {
		t.Errorf("last event = %q, want ended", m.event)
	}
	if e := <-ended; e != EndRevoked {
		t.Errorf("end = %q, want %q", e, EndRevoked)
	}
}

// TestNoPingsWhileChangesFlow: a screen that gets changes within each heartbeat needs no ping;
// one that gets none is pinged every heartbeat.
func TestNoPingsWhileChangesFlow(t *testing.T) {
	h := New(Options{Heartbeat: 100 * time.Millisecond})
	publish(h, "ops", "a", "0")
	busy, _ := open(t, h, "ops", "", true)
	quiet, _ := open(t, h, "other", "", true)
	busy.next(t)
	stop := time.After(time.Second)
	for i := 1; ; i++ {
		select {
		case <-stop:
			h.Close()
			count := func(v *viewer) (pings int) {
				for m := range v.msgs {
					if m.event == "ping" {
						pings++
					}
				}
				return pings
			}
			if n := count(busy); n > 1 {
				t.Errorf("a screen getting a change every 20 ms was pinged %d times in 1 s, want none", n)
			}
			if n := count(quiet); n < 5 {
				t.Errorf("a quiet screen was pinged %d times in 1 s at a 100 ms heartbeat, want about 10", n)
			}
			return
		case <-time.After(20 * time.Millisecond):
			publish(h, "ops", "a", fmt.Sprint(i))
		}
	}
}
