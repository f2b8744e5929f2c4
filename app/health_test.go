package app

import (
	"strings"
	"testing"
)

func TestHealthAndReadiness(t *testing.T) {
	ta := newTestApp(t, testConfig())
	if resp, body := ta.do(t, "GET", "/healthz", ""); resp.StatusCode != 200 || body != "ok\n" {
		t.Errorf("GET /healthz = %d %q, want 200 ok", resp.StatusCode, body)
	}
	if resp, body := ta.do(t, "GET", "/readyz", ""); resp.StatusCode != 200 {
		t.Errorf("GET /readyz = %d %q, want 200", resp.StatusCode, body)
	}
	ta.health.Drain()
	if resp, body := ta.do(t, "GET", "/readyz", ""); resp.StatusCode != 503 || !strings.Contains(body, "draining") {
		t.Errorf("GET /readyz while draining = %d %q, want 503 draining", resp.StatusCode, body)
	}
	if resp, _ := ta.do(t, "GET", "/healthz", ""); resp.StatusCode != 200 {
		t.Errorf("GET /healthz while draining = %d, want 200: the process is still alive", resp.StatusCode)
	}
}

// TestSecurityHeaders: every kind of response carries the policy, with the configured
// frame-ancestors.
func TestSecurityHeaders(t *testing.T) {
	cfg := testConfig()
	cfg.Security.FrameAncestors = []string{"'self'", "https://kiosk.example.com"}
	ta := newTestApp(t, cfg)
	for _, path := range []string{"/", "/boards/ops", "/boards/ops/widgets", "/static/app.css", "/nope", "/api/v1/metrics"} {
		resp, _ := ta.do(t, "GET", path, "")
		csp := resp.Header.Get("Content-Security-Policy")
		for _, want := range []string{"script-src 'self';", "object-src 'none'", "frame-ancestors 'self' https://kiosk.example.com"} {
			if !strings.Contains(csp, want) {
				t.Errorf("GET %s: Content-Security-Policy = %q, want it to hold %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-eval") || strings.Contains(csp, "script-src 'self' 'unsafe-inline'") {
			t.Errorf("GET %s: Content-Security-Policy = %q allows script that is not a file of ours", path, csp)
		}
		for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"} {
			if got := resp.Header.Get(h); got != want {
				t.Errorf("GET %s: %s = %q, want %q", path, h, got, want)
			}
		}
	}
}
