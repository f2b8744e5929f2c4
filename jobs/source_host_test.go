package jobs

import (
	"context"
	"slices"
	"testing"
	"time"
)

func TestHostSourceStoresAllFour(t *testing.T) {
	ctx := context.Background()
	store := openStore(t)
	notify := &recordingNotifier{}
	if err := HostSource(store, notify, "")(ctx); err != nil {
		t.Fatalf("HostSource() run error = %v", err)
	}
	metrics := []string{"host.cpu", "host.mem", "host.load1", "host.disk"}
	for _, m := range metrics {
		s, err := store.LastSample(ctx, m, time.Now())
		if err != nil {
			t.Errorf("LastSample(%s) error = %v", m, err)
			continue
		}
		if m != "host.load1" && (s.Value < 0 || s.Value > 100) {
			t.Errorf("LastSample(%s) = %v, want a percentage", m, s.Value)
		}
	}
	if got := notify.last().Metrics; !slices.Equal(got, metrics) {
		t.Errorf("Changed().Metrics = %v, want %v", got, metrics)
	}
}
