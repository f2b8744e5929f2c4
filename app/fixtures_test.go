package app

import (
	"io"
	"log/slog"
	"time"

	"wallboard/app/config"
)

// testConfig is a small config with defaults applied by hand: board "ops" holds one widget of
// every kind; board "lobby" holds a clock.
func testConfig() *config.Config {
	two, warn, crit := 2, 70.0, 90.0
	return &config.Config{
		Timezone:  "UTC",
		Location:  time.UTC,
		Retention: config.Retention{Samples: config.Duration(48 * time.Hour), Events: config.Duration(30 * 24 * time.Hour)},
		Security: config.Security{FrameAncestors: []string{"'self'"}, StreamsPerClient: 20, IngestPerToken: 50_000,
			SessionTTL: config.Duration(12 * time.Hour)},
		Boards: []config.Board{
			{Slug: "ops", Title: "Ops <b>room</b>", Columns: 4, Theme: "dark", Widgets: []config.Widget{
				{ID: "signups", Kind: config.KindNumber, Title: "Sign-ups", Cols: 2, Rows: 1, Metric: "signups",
					Window: config.Window{Len: time.Hour}, Unit: "users"},
				{ID: "cpu", Kind: config.KindGauge, Title: "CPU", Cols: 1, Rows: 1, Metric: "host.cpu", Unit: "%",
					Window: config.Window{Len: time.Hour}, Decimals: &two,
					Thresholds: &config.Thresholds{Warn: &warn, Crit: &crit}},
				{ID: "orders", Kind: config.KindChart, Title: "Orders", Cols: 1, Rows: 1, Metric: "orders",
					Window: config.Window{Len: time.Hour}},
				{ID: "checks", Kind: config.KindStatus, Title: "Services", Cols: 1, Rows: 1},
				{ID: "deploys", Kind: config.KindLog, Title: "Deploys", Cols: 2, Rows: 1, Stream: "deploys", Limit: 5},
				{ID: "jobs", Kind: config.KindProgress, Title: "Jobs", Cols: 1, Rows: 1},
				{ID: "notice", Kind: config.KindText, Title: "Notice", Cols: 1, Rows: 1, Text: "Fire drill at 3 <script>x</script>"},
				{ID: "clock", Kind: config.KindClock, Title: "Time", Cols: 1, Rows: 1},
			}},
			{Slug: "lobby", Title: "Lobby", Columns: 2, Theme: "light", Widgets: []config.Widget{
				{ID: "clock", Kind: config.KindClock, Title: "Time", Cols: 1, Rows: 1},
			}},
		},
	}
}

func discardLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}
