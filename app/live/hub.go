// Package live is the hub that fans rendered widget fragments out to the screens watching a board.
// It keeps the latest frame per widget and numbers every change with a sequence that, together
// with the boot ID, makes the SSE event ID.
//
// It imports nothing of ours, and nothing of Fiber or templ.
package live

import (
	"crypto/rand"
	"encoding/hex"
	"sync"
)

// Frame is the latest rendered fragment of one widget. Its bytes are shared and never mutated.
type Frame struct {
	Board  string
	Widget string
	Seq    uint64
	HTML   []byte
}

// Hub keeps the latest frame of every widget of every board.
type Hub struct {
	boot string

	mu     sync.RWMutex
	seq    uint64
	boards map[string]map[string]Frame
}

// New returns an empty hub with a fresh boot ID.
func New() *Hub {
	b := make([]byte, 4)
	rand.Read(b)
	return &Hub{boot: hex.EncodeToString(b), boards: map[string]map[string]Frame{}}
}

// Boot identifies this hub's lifetime. Sequence numbers are comparable only within one boot.
func (h *Hub) Boot() string { return h.boot }

// Publish makes html the latest frame of the widget and returns the change's sequence number.
// The hub keeps html as it is: the caller must not change it afterwards.
func (h *Hub) Publish(board, widget string, html []byte) uint64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.seq++
	frames := h.boards[board]
	if frames == nil {
		frames = map[string]Frame{}
		h.boards[board] = frames
	}
	frames[widget] = Frame{Board: board, Widget: widget, Seq: h.seq, HTML: html}
	return h.seq
}

// Frame returns the latest frame of a widget.
func (h *Hub) Frame(board, widget string) (Frame, bool) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	f, ok := h.boards[board][widget]
	return f, ok
}
