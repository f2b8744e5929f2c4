package jobs

import "wallboard/db"

// Publisher receives every widget state that changed. The app implements it: it renders the
// widget once and hands the fragment to the live hub, which numbers the change.
type Publisher interface {
	// PublishWidget renders and publishes st and returns the hub's sequence number for it.
	PublishWidget(st db.WidgetState) (version uint64)
}
