package live

import (
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// deliver runs for each board: on every wake it builds the message that takes a screen from the
// last delivery to the present once, and offers it to every screen watching the board.
func (h *Hub) deliver(b *board) {
	for {
		select {
		case <-b.wake:
		case <-h.closing:
			return
		}
		h.mu.RLock()
		b.scratch = append(b.scratch[:0], b.screens...)
		from := b.sentTo
		msg, to, at := h.messageLocked(b.msg[:0], b, from, false)
		h.mu.RUnlock()
		var now int64
		for i, s := range b.scratch {
			if i%64 == 0 {
				now = time.Now().UnixMicro()
			}
			s.offer(msg, from, to, at, now)
		}
		b.msg = msg      // offer keeps no part of it: the buffer serves the next delivery too
		clear(b.scratch) // hold no ended screen until the next delivery
		b.sentTo = to
	}
}

// heartbeat pings every screen that has had no change lately once per heartbeat, after ending
// those whose peer has closed the connection, so that a screen that goes away is noticed within
// one heartbeat.
func (h *Hub) heartbeat() {
	t := time.NewTicker(h.opts.Heartbeat)
	defer t.Stop()
	var screens []*screen
	for {
		select {
		case <-t.C:
		case <-h.closing:
			return
		}
		h.mu.RLock()
		for _, b := range h.boards {
			screens = append(screens, b.screens...)
		}
		h.mu.RUnlock()
		// Half a heartbeat: a page then never goes more than one and a half without a message.
		quiet := time.Now().Add(-h.opts.Heartbeat / 2).UnixMicro()
		for _, s := range screens {
			s.check()
			s.ping(quiet)
		}
		clear(screens)
		screens = screens[:0]
	}
}

// writeNow writes as much of p to the socket fd as it takes without blocking, and says how much
// that was.
func writeNow(fd int, p []byte) (n int, err error) {
	for n < len(p) {
		m, err := rawWrite(fd, p[n:])
		switch err {
		case nil:
			n += m
		case unix.EINTR:
		case unix.EAGAIN: // full: the rest is the drain's job
			return n, nil
		default:
			return n, err
		}
	}
	return n, nil
}

// rawWrite is write(2) without telling the Go scheduler, which is right for a write that cannot
// block: announced, a stream of short syscalls keeps the runtime's monitor thread waking every
// 20 µs to see whether one has blocked, and each wake-up is a context switch on a busy core.
func rawWrite(fd int, p []byte) (int, error) {
	n, _, errno := unix.RawSyscall(unix.SYS_WRITE, uintptr(fd), uintptr(unsafe.Pointer(unsafe.SliceData(p))), uintptr(len(p)))
	if errno != 0 {
		return 0, errno
	}
	return int(n), nil
}

// peerGone returns an error if the peer of socket fd has closed or reset the connection. It
// reads without blocking and drops whatever the peer sent: a screen has nothing to say after its
// request.
func peerGone(fd int) error {
	var buf [512]byte
	for {
		n, err := unix.Read(fd, buf[:])
		switch {
		case err == unix.EINTR:
		case err == unix.EAGAIN:
			return nil
		case err != nil:
			return err
		case n == 0:
			return errPeerClosed
		}
	}
}
