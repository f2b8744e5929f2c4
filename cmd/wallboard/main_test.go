package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"wallboard/db"
)

// binary is the wallboard binary built once for these tests: they run the real thing as a child
// process, as a user would.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "wallboard-bin")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "wallboard")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build wallboard:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// server is a wallboard child process listening on a free loopback port.
type server struct {
	cmd  *exec.Cmd
	addr string
	log  *bytes.Buffer
	done chan struct{} // closed when the process has exited; err is then set
	err  error
}

// wait waits for the process to exit and returns how it ended.
func (s *server) wait() error {
	<-s.done
	return s.err
}

// startServer starts the binary in dir on a free loopback port (see startServerOn).
func startServer(t *testing.T, dir string, args ...string) *server {
	t.Helper()
	return startServerOn(t, dir, freeAddr(t), args...)
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// wallboardIn runs the binary in dir with stdin as its input.
func wallboardIn(t *testing.T, dir, stdin string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func wallboard(t *testing.T, dir string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func do(t *testing.T, method, url, token, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

const durableConfig = `
boards:
  - slug: ops
    title: Operations
    widgets:
      - id: durable
        kind: number
        title: Durable value
        metric: durable
        aggregate: last
`

// TestPushSurvivesSIGKILL pushes a value, kills the server with SIGKILL the moment it answers
// 2xx, restarts it and finds the value, on the page and in the file.
func TestPushSurvivesSIGKILL(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "wallboard.yaml"), []byte(durableConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := wallboard(t, dir, "token", "create", "ci")
	if err != nil {
		t.Fatalf("token create: %v\n%s", err, out)
	}
	token := strings.TrimSpace(out)

	s := startServer(t, dir)
	code, body := do(t, "POST", "http://"+s.addr+"/api/v1/metrics", token, `{"metrics":[{"name":"durable","value":4242.5}]}`)
	if code != http.StatusOK {
		t.Fatalf("POST /api/v1/metrics = %d %s, want 200", code, body)
	}
	s.cmd.Process.Signal(syscall.SIGKILL)
	s.wait()

	s = startServer(t, dir)
	_, page := do(t, "GET", "http://"+s.addr+"/boards/ops", "", "")
	if !strings.Contains(page, "4,242.5") {
		t.Errorf("board page after restart does not show 4,242.5:\n%s", page)
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	if err := s.wait(); err != nil {
		t.Errorf("server exit after SIGTERM = %v, want success\n%s", err, s.log)
	}

	store, err := db.Open(context.Background(), filepath.Join(dir, "wallboard.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	got, err := store.LastSample(context.Background(), "durable", time.Now())
	if err != nil || got.Value != 4242.5 {
		t.Errorf("LastSample(durable) = %v, %v, want 4242.5", got.Value, err)
	}
}

// TestDemoServes starts the binary in an empty folder with no config: it creates wallboard.db in
// WAL mode and serves the demo board.
func TestDemoServes(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, dir)
	code, page := do(t, "GET", "http://"+s.addr+"/boards/demo", "", "")
	if code != http.StatusOK || !strings.Contains(page, `data-widget="signups"`) {
		t.Errorf("GET /boards/demo = %d, want 200 with the signups widget:\n%s", code, page)
	}
	if _, err := os.Stat(filepath.Join(dir, "wallboard.db-wal")); err != nil {
		t.Errorf("wallboard.db-wal missing, want the database in WAL mode: %v", err)
	}
}

func TestConfigCheckReportsEveryProblem(t *testing.T) {
	dir := t.TempDir()
	bad := `boards:
  - slug: Bad Slug
    widgets:
      - id: a
        kind: nmber
      - id: b
        kind: text
        colour: red
        text: Welcome
`
	path := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := wallboard(t, dir, "config", "check", "-config", path)
	if code := exitCode(err); code != 1 {
		t.Errorf("config check exit code = %d, want 1\n%s", code, out)
	}
	for _, want := range []string{"bad.yaml:2:", "bad.yaml:5:", "bad.yaml:8:", "3 problem(s) found"} {
		if !strings.Contains(out, want) {
			t.Errorf("config check output lacks %q:\n%s", want, out)
		}
	}
	out, err = wallboard(t, dir, "config", "check")
	if code := exitCode(err); code != 0 {
		t.Errorf("config check of the demo exit code = %d, want 0\n%s", code, out)
	}
}

func TestUnknownCommandIsUsageError(t *testing.T) {
	out, err := wallboard(t, t.TempDir(), "frobnicate")
	if code := exitCode(err); code != 2 {
		t.Errorf("exit code = %d, want 2\n%s", code, out)
	}
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}

// TestSIGTERMEndsOpenStreams opens 100 live streams, sends SIGTERM, and expects every stream to
// end and the process to exit 0 within 15 s.
func TestSIGTERMEndsOpenStreams(t *testing.T) {
	s := startServer(t, t.TempDir())
	// From 10 source addresses: one address may hold only 20 streams.
	var dials atomic.Int64
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		i := dials.Add(1)
		d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 1, byte(1+i%10))}}
		return d.DialContext(ctx, network, addr)
	}
	client := &http.Client{Transport: &http.Transport{DialContext: dial, MaxIdleConnsPerHost: 200}}
	ended := make(chan error, 100)
	for range 100 {
		resp, err := client.Get("http://" + s.addr + "/boards/demo/events")
		if err != nil {
			t.Fatal(err)
		}
		if got := resp.Header.Get("Content-Type"); got != "text/event-stream" {
			t.Fatalf("Content-Type = %q, want text/event-stream", got)
		}
		r := bufio.NewReader(resp.Body)
		if line, err := r.ReadString('\n'); err != nil || !strings.HasPrefix(line, "id: ") {
			t.Fatalf("first line = %q, %v, want the snapshot's id", line, err)
		}
		go func() {
			_, err := io.Copy(io.Discard, r)
			resp.Body.Close()
			ended <- err
		}()
	}
	if code, body := do(t, "GET", "http://"+s.addr+"/readyz", "", ""); code != http.StatusOK {
		t.Errorf("GET /readyz while serving = %d %s, want 200", code, body)
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	// While the streams end, over a few seconds, the server says it is not ready for more.
	for start := time.Now(); ; time.Sleep(20 * time.Millisecond) {
		code, body := do(t, "GET", "http://"+s.addr+"/readyz", "", "")
		if code == http.StatusServiceUnavailable && strings.Contains(body, "draining") {
			break
		}
		if time.Since(start) > 5*time.Second {
			t.Fatalf("GET /readyz after SIGTERM = %d %s, want 503 draining while the streams end", code, body)
		}
	}
	deadline := time.After(15 * time.Second)
	for i := range 100 {
		select {
		case err := <-ended:
			if err != nil {
				t.Errorf("stream %d ended with %v, want a clean end", i, err)
			}
		case <-deadline:
			t.Fatalf("%d of 100 streams still open 15 s after SIGTERM", 100-i)
		}
	}
	select {
	case <-s.done:
		if s.err != nil {
			t.Errorf("exit after SIGTERM = %v, want 0\n%s", s.err, s.log)
		}
	case <-deadline:
		t.Fatal("process still running 15 s after SIGTERM")
	}
}

// TestBackupWhileServing backs up the database of a running server that has just taken a push,
// and finds the push in the copy. A second backup to the same file is refused.
func TestBackupWhileServing(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "wallboard.yaml"), []byte(durableConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := wallboard(t, dir, "token", "create", "ci")
	if err != nil {
		t.Fatalf("token create: %v\n%s", err, out)
	}
	s := startServer(t, dir)
	if code, body := do(t, "POST", "http://"+s.addr+"/api/v1/metrics", strings.TrimSpace(out), `{"metrics":[{"name":"durable","value":77}]}`); code != http.StatusOK {
		t.Fatalf("push = %d %s", code, body)
	}
	if out, err := wallboard(t, dir, "backup", "copy.db"); err != nil {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	if out, err := wallboard(t, dir, "backup", "copy.db"); exitCode(err) != 1 || !strings.Contains(out, "exists") {
		t.Errorf("backup over an existing file: exit %d, %s; want 1 and a message that it exists", exitCode(err), out)
	}
	store, err := db.Open(context.Background(), filepath.Join(dir, "copy.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if got, err := store.LastSample(context.Background(), "durable", time.Now()); err != nil || got.Value != 77 {
		t.Errorf("backup's LastSample(durable) = %v, %v, want 77", got.Value, err)
	}
}
