package live

import (
	"syscall"
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
		msg, to := h.messageLocked(b.msg[:0], b, from, false)
		h.mu.RUnlock()
		for _, s := range b.scratch {
			s.offer(msg, from, to)
		}
		b.msg = msg      // offer keeps no part of it: the buffer serves the next delivery too
		clear(b.scratch) // hold no ended screen until the next delivery
		b.sentTo = to
	}
}

// heartbeat pings every screen once per heartbeat, after ending those whose peer has closed the
// connection, so that a screen that goes away is noticed within one heartbeat.
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
		for _, s := range screens {
			s.check()
			s.ping()
		}
		clear(screens)
		screens = screens[:0]
	}
}

// writeNow writes as much of p as the socket takes without blocking, and says how much that was.
func writeNow(rc syscall.RawConn, p []byte) (n int, err error) {
	werr := rc.Write(func(fd uintptr) bool {
		for n < len(p) {
			m, err1 := rawWrite(fd, p[n:])
			if err1 == unix.EINTR {
				continue
			}
			if err1 != nil {
				if err1 != unix.EAGAIN {
					err = err1
				}
				break
			}
			n += m
		}
		return true // never wait for the socket: a full one is the drain's job
	})
	if err == nil {
		err = werr
	}
	return n, err
}

// rawWrite is write(2) without telling the Go scheduler, which is right for a write that cannot
// block: announced, a stream of short syscalls keeps the runtime's monitor thread waking every
// 20 µs to see whether one has blocked, and each wake-up is a context switch on a busy core.
func rawWrite(fd uintptr, p []byte) (int, error) {
	n, _, errno := unix.RawSyscall(unix.SYS_WRITE, fd, uintptr(unsafe.Pointer(unsafe.SliceData(p))), uintptr(len(p)))
	if errno != 0 {
		return 0, errno
	}
	return int(n), nil
}

// peerGone returns an error if the peer has closed or reset the connection. It reads without
// blocking and drops whatever the peer sent: a screen has nothing to say after its request.
func peerGone(rc syscall.RawConn) error {
	var err error
	var buf [512]byte
	rerr := rc.Read(func(fd uintptr) bool {
		for {
			n, err1 := unix.Read(int(fd), buf[:])
			switch {
			case err1 == unix.EINTR:
				continue
			case err1 == unix.EAGAIN:
			case err1 != nil:
				err = err1
			case n == 0:
				err = errPeerClosed
			default:
				continue // drop it and look again
			}
			return true
		}
	})
	if err == nil {
		err = rerr
	}
	return err
}
