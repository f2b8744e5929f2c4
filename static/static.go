// Package static holds the browser assets, embedded in the binary: the stylesheet, the page
// script (app.js, plain JS with no build step) and htmx 4 with its hx-sse extension, vendored
// from npm and pinned by checksum in vendor/VERSIONS. Every asset has a URL versioned by its
// content, so a browser may cache it for a year and still get a new version the moment it
// changes. Nothing is loaded from a CDN. Each asset is compressed once, with brotli and gzip, so
// that serving one costs no compression.
//
// It imports nothing of ours, and nothing of Fiber or templ.
package static

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"path"
	"sync"

	"github.com/andybalholm/brotli"
)

//go:embed *.css *.js vendor/*.js vendor/ext/*.js
var files embed.FS

// Asset is one embedded file.
type Asset struct {
	Name        string
	ContentType string
	// Hash is the start of the SHA-256 of Body, in hex: the asset's version.
	Hash string
	Body []byte
	// Brotli and Gzip are Body compressed.
	Brotli, Gzip []byte
}

// assets indexes the embedded files by name, once.
var assets = sync.OnceValue(func() map[string]Asset {
	m := map[string]Asset{}
	// The embedded FS is fixed at build time, so walking it cannot fail at run time.
	_ = fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := files.ReadFile(name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		ct := mime.TypeByExtension(path.Ext(name))
		if ct == "" {
			ct = "application/octet-stream"
		}
		m[name] = Asset{Name: name, ContentType: ct, Hash: hex.EncodeToString(sum[:6]), Body: body,
			Brotli: compress(body, func(w *bytes.Buffer) writeCloser {
				// The best quality, with a window (256 KB) that still holds any asset whole
				// but costs a few MB to compress with, not the 37 MB of the default.
				return brotli.NewWriterOptions(w, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: 18})
			}),
			Gzip: compress(body, func(w *bytes.Buffer) writeCloser {
				z, _ := gzip.NewWriterLevel(w, gzip.BestCompression) // the level is valid
				return z
			}),
		}
		return nil
	})
	return m
})

// Lookup returns the asset with the given name, such as "app.css".
func Lookup(name string) (Asset, bool) {
	a, ok := assets()[name]
	return a, ok
}

// URL returns the versioned URL of an asset, such as "/static/app.css?v=1a2b3c4d5e6f".
func URL(name string) string {
	a, ok := Lookup(name)
	if !ok {
		return "/static/" + name
	}
	return "/static/" + name + "?v=" + a.Hash
}

type writeCloser interface {
	Write([]byte) (int, error)
	Close() error
}

// compress returns body compressed by the writer newWriter makes. Writing to a bytes.Buffer
// cannot fail.
func compress(body []byte, newWriter func(*bytes.Buffer) writeCloser) []byte {
	var b bytes.Buffer
	w := newWriter(&b)
	w.Write(body)
	w.Close()
	return b.Bytes()
}
