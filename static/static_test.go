package static

import (
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	a, ok := Lookup("app.css")
	if !ok || len(a.Body) == 0 {
		t.Fatalf(`Lookup("app.css") = %d bytes, %v; want the stylesheet`, len(a.Body), ok)
	}
	if !strings.HasPrefix(a.ContentType, "text/css") {
		t.Errorf("ContentType = %q, want text/css", a.ContentType)
	}
	if _, ok := Lookup("static.go"); ok {
		t.Errorf(`Lookup("static.go") found the package's source`)
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
