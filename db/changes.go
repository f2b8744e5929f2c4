package db

// Changes names what a write touched, so that the widgets bound to it can be recomputed.
type Changes struct {
	Metrics  []string
	Streams  []string
	Statuses []string
	Progress []string
}
