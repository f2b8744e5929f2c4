package jobs

import (
	"log/slog"

	"github.com/robfig/cron/v3"
)

// cronLogger adapts slog to cron.Logger. Cron's routine messages (schedule, wake, run, skip) go
// to debug, because the scheduler's own wrapper already logs every failure.
type cronLogger struct{ log *slog.Logger }

var _ cron.Logger = cronLogger{}

// Info logs a routine cron message at debug level.
func (l cronLogger) Info(msg string, keysAndValues ...any) {
	l.log.Debug("cron "+msg, keysAndValues...)
}

// Error logs a cron error, such as a panic that got past our wrapper to cron.Recover.
func (l cronLogger) Error(err error, msg string, keysAndValues ...any) {
	l.log.Error("cron "+msg, append([]any{"error", err}, keysAndValues...)...)
}
