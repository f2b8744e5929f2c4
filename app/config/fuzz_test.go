package config

import (
	"errors"
	"os"
	"testing"
)

// FuzzParse checks that no input makes Parse panic, and that every failure is a Problems whose
// problems each have a usable line and a message: `wallboard config check` prints them as they
// are.
func FuzzParse(f *testing.F) {
	f.Add(demoYAML)
	for _, tt := range badConfigs {
		f.Add([]byte(tt.src))
	}
	if data, err := os.ReadFile("testdata/three_mistakes.yaml"); err == nil {
		f.Add(data)
	}
	f.Add([]byte("x: &a [*a]\nboards: &b [{<<: *b}]\n"))
	f.Add([]byte("sources: [{id: s, kind: demo, schedule: 'CRON_TZ=Europe/Berlin'}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse("fuzz.yaml", data)
		if err == nil {
			if cfg == nil || cfg.Location == nil || len(cfg.Boards) == 0 {
				t.Fatalf("Parse() = %+v, nil; want a config with a location and a board", cfg)
			}
			return
		}
		var ps Problems
		if !errors.As(err, &ps) {
			t.Fatalf("Parse() error = %T %v, want Problems", err, err)
		}
		if len(ps) == 0 {
			t.Fatalf("Parse() returned an empty Problems")
		}
		for _, p := range ps {
			if p.Line < 0 || p.Msg == "" {
				t.Errorf("Parse() problem %+v, want Line >= 0 and a message", p)
			}
		}
	})
}
