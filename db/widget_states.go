package db

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// WidgetState is the coalesced, computed view of one widget: everything a view needs to draw it.
// The coalescer computes it from the raw data; the app renders it once and hands it to the hub.
type WidgetState struct {
	Board  string `json:"-"`
	Widget string `json:"-"`
	// Version is the hub sequence number of the widget's last change.
	Version uint64 `json:"-"`
	// UpdatedAt is when the widget's data last changed (the newest sample, event or status).
	UpdatedAt time.Time `json:"updated_at"`
	// FreshUntil is when the data becomes stale; zero means never.
	FreshUntil time.Time `json:"fresh_until"`
	Stale      bool      `json:"stale,omitempty"`
	// State is ok, warn, crit or unknown, from the widget's thresholds.
	State string `json:"state"`

	HasValue bool     `json:"has_value,omitempty"`
	Value    float64  `json:"value,omitempty"`
	HasDelta bool     `json:"has_delta,omitempty"`
	Delta    float64  `json:"delta,omitempty"`     // Value minus the previous window's value
	DeltaPct *float64 `json:"delta_pct,omitempty"` // nil when the previous value was 0
	// Series is the value per bucket over the window, oldest first; nil marks a bucket with no
	// data. SeriesStart and SeriesStep place it in time.
	Series      []*float64    `json:"series,omitempty"`
	SeriesStart time.Time     `json:"series_start,omitzero"`
	SeriesStep  time.Duration `json:"series_step,omitempty"`

	Events []Event       `json:"events,omitempty"`
	Checks []Status      `json:"checks,omitempty"`
	Jobs   []JobProgress `json:"jobs,omitempty"`
	// Now is the minute a clock widget shows.
	Now time.Time `json:"now,omitzero"`
}

// JobProgress is a progress entry with its estimated time of completion (zero when unknown).
type JobProgress struct {
	Progress
	ETA time.Time `json:"eta,omitzero"`
}

// SaveWidgetState stores a widget's latest state.
func (s *Store) SaveWidgetState(ctx context.Context, st WidgetState) error {
	const q = `
INSERT INTO widget_states (board, widget, version, updated_at, fresh_until, state) VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (board, widget) DO UPDATE SET
    version = excluded.version, updated_at = excluded.updated_at,
    fresh_until = excluded.fresh_until, state = excluded.state`
	data, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("db: save state of widget %s/%s: %w", st.Board, st.Widget, err)
	}
	_, err = s.writer.ExecContext(ctx, q, st.Board, st.Widget, int64(st.Version),
		msOrZero(st.UpdatedAt), msOrZero(st.FreshUntil), data)
	if err != nil {
		return fmt.Errorf("db: save state of widget %s/%s: %w", st.Board, st.Widget, err)
	}
	return nil
}

// WidgetStates returns the stored states of a board's widgets.
func (s *Store) WidgetStates(ctx context.Context, board string) ([]WidgetState, error) {
	const q = `SELECT widget, version, state FROM widget_states WHERE board = ? ORDER BY widget`
	rows, err := s.reader.QueryContext(ctx, q, board)
	if err != nil {
		return nil, fmt.Errorf("db: widget states of board %s: %w", board, err)
	}
	defer rows.Close()
	var out []WidgetState
	for rows.Next() {
		st := WidgetState{Board: board}
		var version int64
		var data []byte
		if err := rows.Scan(&st.Widget, &version, &data); err != nil {
			return nil, fmt.Errorf("db: widget states of board %s: %w", board, err)
		}
		if err := json.Unmarshal(data, &st); err != nil {
			return nil, fmt.Errorf("db: widget state %s/%s: %w", board, st.Widget, err)
		}
		st.Version = uint64(version)
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("db: widget states of board %s: %w", board, err)
	}
	return out, nil
}

func msOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}
