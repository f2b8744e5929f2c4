package static

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	tests := []struct{ name, contentType string }{
		{"app.css", "text/css"},
		{"app.js", "text/javascript"},
		{"vendor/htmx.min.js", "text/javascript"},
		{"vendor/ext/hx-sse.min.js", "text/javascript"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, ok := Lookup(tt.name)
			if !ok || len(a.Body) == 0 {
				t.Fatalf("Lookup(%q) = %d bytes, %v; want the file", tt.name, len(a.Body), ok)
			}
			if !strings.HasPrefix(a.ContentType, tt.contentType) {
				t.Errorf("ContentType = %q, want %s", a.ContentType, tt.contentType)
			}
		})
	}
	for _, name := range []string{"static.go", "vendor/VERSIONS", "vendor/LICENSE.htmx"} {
		if _, ok := Lookup(name); ok {
			t.Errorf("Lookup(%q) found a file that is not a browser asset", name)
		}
	}
}

func TestURL(t *testing.T) {
	a, _ := Lookup("app.css")
	if got, want := URL("app.css"), "/static/app.css?v="+a.Hash; got != want {
		t.Errorf("URL(app.css) = %q, want %q", got, want)
	}
	if got, want := URL("nope.js"), "/static/nope.js"; got != want {
		t.Errorf("URL(nope.js) = %q, want %q", got, want)
	}
}

// vendored is one line of vendor/VERSIONS.
type vendored struct{ pkg, version, file, sha256, integrity string }

// readVersions parses vendor/VERSIONS: one file per line, # starts a comment.
func readVersions(t *testing.T) []vendored {
	t.Helper()
	data, err := os.ReadFile("vendor/VERSIONS")
	if err != nil {
		t.Fatalf("read the vendoring record: %v", err)
	}
	var out []vendored
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 5 {
			t.Fatalf("vendor/VERSIONS: %q has %d fields, want 5", line, len(f))
		}
		out = append(out, vendored{f[0], f[1], f[2], f[3], f[4]})
	}
	return out
}

// TestVendoredChecksums recomputes the sha256 of every vendored file as embedded in the binary
// and compares it with the record, so that an edited or half-upgraded copy fails the build.
func TestVendoredChecksums(t *testing.T) {
	record := readVersions(t)
	if len(record) != 2 {
		t.Fatalf("vendor/VERSIONS lists %d files, want htmx and hx-sse", len(record))
	}
	for _, v := range record {
		t.Run(v.file, func(t *testing.T) {
			if v.pkg != "htmx.org" || v.version != "4.0.1" {
				t.Errorf("record = %s@%s, want htmx.org@4.0.1 (STACK-NOTES pins it)", v.pkg, v.version)
			}
			a, ok := Lookup("vendor/" + v.file)
			if !ok {
				t.Fatalf("vendor/%s is recorded but not embedded", v.file)
			}
			sum := sha256.Sum256(a.Body)
			if got := hex.EncodeToString(sum[:]); got != v.sha256 {
				t.Errorf("sha256 = %s, want %s as recorded", got, v.sha256)
			}
		})
	}
	htmx, _ := Lookup("vendor/htmx.min.js")
	if !bytes.Contains(htmx.Body, []byte(`version="4.0.1"`)) {
		t.Errorf("vendor/htmx.min.js does not say it is version 4.0.1")
	}
}

// TestPageScriptSize keeps the hand-written script small: the server renders, htmx swaps.
func TestPageScriptSize(t *testing.T) {
	a, ok := Lookup("app.js")
	if !ok {
		t.Fatal(`Lookup("app.js") found nothing`)
	}
	if got := bytes.Count(a.Body, []byte("\n")); got > 60 {
		t.Errorf("app.js has %d lines, want at most 60", got)
	}
}
