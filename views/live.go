package views

import (
	"strconv"
	"time"
)

// htmxConfig is the htmx config of a live page. htmx 4.0.1 reads it once, from <meta
// name="htmx-config">, when it loads (htmx.js, #initHtmxConfig), and hx-sse reads htmx.config.sse
// afresh at every connect (ext/hx-sse.js, getConfig). The settings, and why:
//   - sse.reconnectMaxDelay: reconnect backoff is 500 ms × 2^n; a TV should be back within 15 s
//     of the server, not after the default 60 s cap.
//   - sse.connectTimeout: a connect to a frozen server is given up after 10 s (and retried),
//     not after htmx.config.defaultTimeout (60 s). Our stream sends its headers at once.
//   - history: a board page never navigates, so htmx need not stamp or intercept history.
//   - includeIndicatorCSS: no request indicators here, so no constructed stylesheet either.
const htmxConfig = `{"history":false,"includeIndicatorCSS":false,"sse":{"reconnectMaxDelay":15000,"connectTimeout":10000}}`

// millis formats d in whole milliseconds, for a data attribute the page script reads.
func millis(d time.Duration) string {
	return strconv.FormatInt(d.Milliseconds(), 10)
}

// clockText is a time of day as the banner shows it, such as "10:42:13".
func clockText(t time.Time) string {
	return t.Format("15:04:05")
}

// quietText says how long a page may go without a message before it calls itself stale: three
// heartbeats, such as "45 s". The page script counts up from there.
func quietText(heartbeat time.Duration) string {
	return strconv.Itoa(int((3 * heartbeat).Seconds())) + " s"
}
