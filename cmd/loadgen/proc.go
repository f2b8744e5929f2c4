package main

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"time"
)

// clockTick is Linux's USER_HZ, the unit of utime and stime in /proc/PID/stat.
const clockTick = 10 * time.Millisecond

// procSample is a process's resident memory and CPU time used so far, in all and in the kernel.
type procSample struct {
	rss      int64 // bytes
	cpu, sys time.Duration
}

func (p procSample) max(o procSample) procSample {
	p.rss = max(p.rss, o.rss)
	p.cpu = max(p.cpu, o.cpu)
	p.sys = max(p.sys, o.sys)
	return p
}

// readProc samples pid from /proc; zero when pid is 0 or unreadable.
func readProc(pid int) procSample {
	if pid == 0 {
		return procSample{}
	}
	var s procSample
	dir := "/proc/" + strconv.Itoa(pid)
	if status, err := os.ReadFile(dir + "/status"); err == nil {
		for line := range strings.Lines(string(status)) {
			if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
				kb, _ := strconv.ParseInt(strings.Fields(rest)[0], 10, 64)
				s.rss = kb << 10
			}
		}
	}
	if stat, err := os.ReadFile(dir + "/stat"); err == nil {
		// Fields after the command name, which is in parentheses and may hold spaces.
		f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
		if len(f) > 12 {
			utime, _ := strconv.ParseInt(f[11], 10, 64)
			stime, _ := strconv.ParseInt(f[12], 10, 64)
			s.cpu = time.Duration(utime+stime) * clockTick
			s.sys = time.Duration(stime) * clockTick
		}
	}
	return s
}
