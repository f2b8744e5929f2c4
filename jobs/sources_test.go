package jobs

import (
	"context"
	"testing"
	"time"

	"wallboard/app/config"
)

func TestSourceJob(t *testing.T) {
	tests := []struct {
		name    string
		kind    string
		metric  string
		wantErr bool
	}{
		{"demo", SourceDemo, "t.revenue", false},
		{"host", SourceHost, "t.host.mem", false},
		{"unknown", "prometheus", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := openStore(t)
			job, err := SourceJob(config.Source{ID: "s", Kind: tt.kind, Prefix: "t."}, store, &recordingNotifier{})
			if (err != nil) != tt.wantErr {
				t.Fatalf("SourceJob(%s) error = %v, want error %v", tt.kind, err, tt.wantErr)
			}
			if tt.wantErr {
				return
			}
			if err := job(context.Background()); err != nil {
				t.Fatalf("SourceJob(%s) run error = %v", tt.kind, err)
			}
			if _, err := store.LastSample(context.Background(), tt.metric, time.Now()); err != nil {
				t.Errorf("LastSample(%s) error = %v", tt.metric, err)
			}
		})
	}
}
