package jobs

import (
	"context"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"wallboard/app/config"
	"wallboard/db"
)

// The fakes here stand in only for what the app implements; the store is always the real one.

// openStore opens a real SQLite store in the test's temporary directory.
func openStore(t *testing.T) *db.Store {
	t.Helper()
	store, err := db.Open(context.Background(), filepath.Join(t.TempDir(), "wallboard.db"))
	if err != nil {
		t.Fatalf("db.Open() error = %v", err)
	}
	t.Cleanup(func() { store.Close() })
	return store
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// stopScheduler stops s inside the bubble, so Test finds no goroutine left behind.
func stopScheduler(t *testing.T, s *Scheduler) {
	t.Helper()
	if err := s.Stop(context.Background()); err != nil {
		t.Errorf("Stop() error = %v, want nil", err)
	}
}

// fakePublisher records every published state, as the app's hub would number it.
type fakePublisher struct {
	mu    sync.Mutex
	seq   uint64
	calls []publishCall
}

type publishCall struct {
	at      time.Time
	st      db.WidgetState
	version uint64
}

func (p *fakePublisher) PublishWidget(st db.WidgetState) uint64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seq++
	p.calls = append(p.calls, publishCall{at: time.Now(), st: st, version: p.seq})
	return p.seq
}

// of returns the publishes of one widget, oldest first.
func (p *fakePublisher) of(widget string) []publishCall {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []publishCall
	for _, c := range p.calls {
		if c.st.Widget == widget {
			out = append(out, c)
		}
	}
	return out
}

func (p *fakePublisher) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.calls)
}

// testConfig is one board, "ops", of widgets with the defaults config.Load would apply.
func testConfig(widgets ...config.Widget) *config.Config {
	for i := range widgets {
		w := &widgets[i]
		if w.Window.IsZero() {
			w.Window = config.Window{Len: time.Hour}
		}
		if w.Aggregate == "" {
			w.Aggregate = aggLast
		}
		if w.RatePer == 0 {
			w.RatePer = config.Duration(time.Minute)
		}
		if w.MinInterval == 0 {
			w.MinInterval = config.Duration(time.Second)
		}
	}
	return &config.Config{Location: time.UTC, Boards: []config.Board{{Slug: "ops", Widgets: widgets}}}
}

// recordingNotifier keeps every Changes it is told about.
type recordingNotifier struct {
	mu      sync.Mutex
	changes []db.Changes
}

func (n *recordingNotifier) Changed(ch db.Changes) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.changes = append(n.changes, ch)
}

func (n *recordingNotifier) last() db.Changes {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.changes[len(n.changes)-1]
}
