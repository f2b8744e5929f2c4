package app

import (
	"compress/gzip"
	"io"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"wallboard/static"
)

func TestShowAsset(t *testing.T) {
	ta := newTestApp(t, testConfig())
	css, ok := static.Lookup("app.css")
	if !ok {
		t.Fatal(`static.Lookup("app.css") found nothing`)
	}
	tests := []struct {
		name, path, ifNoneMatch string
		status                  int
		cache                   string
	}{
		{"versioned", static.URL("app.css"), "", 200, "public, max-age=31536000, immutable"},
		{"unversioned", "/static/app.css", "", 200, "public, no-cache"},
		{"old version", "/static/app.css?v=0000", "", 200, "public, no-cache"},
		{"revalidated", "/static/app.css", `"` + css.Hash + `"`, 304, "public, no-cache"},
		{"missing", "/static/nope.css", "", 404, "no-cache"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var header []string
			if tt.ifNoneMatch != "" {
				header = []string{"If-None-Match", tt.ifNoneMatch}
			}
			resp, body := ta.do(t, "GET", tt.path, "", header...)
			if resp.StatusCode != tt.status {
				t.Fatalf("GET %s = %d, want %d", tt.path, resp.StatusCode, tt.status)
			}
			if got := resp.Header.Get("Cache-Control"); got != tt.cache {
				t.Errorf("Cache-Control = %q, want %q", got, tt.cache)
			}
			if tt.status == 200 && (body != string(css.Body) || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css")) {
				t.Errorf("GET %s: got %d bytes of %s, want app.css", tt.path, len(body), resp.Header.Get("Content-Type"))
			}
		})
	}
}

func TestPagesLinkVersionedCSS(t *testing.T) {
	ta := newTestApp(t, testConfig())
	doc := ta.page(t, "/boards/ops", 200)
	if got, want := doc.Find(`link[rel="stylesheet"]`).AttrOr("href", ""), static.URL("app.css"); got != want {
		t.Errorf("stylesheet href = %q, want %q", got, want)
	}
}

// TestCompression: assets, pages and fragments go out compressed as the browser accepts, and
// decode to the same bytes as the plain response.
func TestCompression(t *testing.T) {
	ta := newTestApp(t, testConfig())
	decode := map[string]func(io.Reader) (io.Reader, error){
		"br":   func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil },
		"gzip": func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) },
	}
	for _, path := range []string{static.URL("vendor/htmx.min.js"), "/static/app.css", "/boards/ops", "/boards/ops/widgets"} {
		_, plain := ta.do(t, "GET", path, "")
		for _, tt := range []struct{ accept, want string }{
			{"gzip, deflate, br, zstd", "br"},
			{"gzip", "gzip"},
			{"", ""},
		} {
			t.Run(path+" "+tt.accept, func(t *testing.T) {
				resp, body := ta.do(t, "GET", path, "", "Accept-Encoding", tt.accept)
				if got := resp.Header.Get("Content-Encoding"); got != tt.want {
					t.Fatalf("Content-Encoding = %q, want %q", got, tt.want)
				}
				if tt.want == "" {
					return
				}
				r, err := decode[tt.want](strings.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				got, err := io.ReadAll(r)
				if err != nil {
					t.Fatalf("decode %s: %v", tt.want, err)
				}
				if len(body) >= len(plain) || string(got) != plain {
					t.Errorf("%s body: %d bytes decoding to %d, want fewer than %d decoding to the plain body", tt.want, len(body), len(got), len(plain))
				}
			})
		}
	}
}
