// Command wallboard serves live dashboards. It parses flags, wires the packages together, runs,
// and shuts down in order. It holds no logic of its own beyond that wiring.
//
//	wallboard [serve] [-addr :8080] [-db wallboard.db] [-config wallboard.yaml] [-heartbeat 15s]
//	wallboard config check [-config F]
//	wallboard token create [-db F] NAME
//	wallboard backup [-db F] FILE
//	wallboard user add [-db F] NAME
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// errUsage marks a command-line mistake: the message has been printed, and the exit code is 2.
var errUsage = errors.New("usage")

// errProblems marks a failed check whose findings have been printed: the exit code is 1.
var errProblems = errors.New("problems found")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	switch {
	case err == nil:
	case errors.Is(err, errUsage):
		os.Exit(2)
	case errors.Is(err, errProblems):
		os.Exit(1)
	default:
		fmt.Fprintln(os.Stderr, "wallboard:", err)
		os.Exit(1)
	}
}

// run dispatches to a subcommand. No argument, or a flag first, means serve.
func run(ctx context.Context, args []string, stdin *os.File, stdout, stderr io.Writer) error {
	if len(args) == 0 || len(args[0]) > 0 && args[0][0] == '-' {
		return serve(ctx, args, stderr)
	}
	switch {
	case args[0] == "serve":
		return serve(ctx, args[1:], stderr)
	case len(args) >= 2 && args[0] == "config" && args[1] == "check":
		return checkConfig(args[2:], stdout, stderr)
	case len(args) >= 2 && args[0] == "token" && args[1] == "create":
		return createToken(ctx, args[2:], stdout, stderr)
	case len(args) >= 2 && args[0] == "user" && args[1] == "add":
		return addUser(ctx, args[2:], stdin, stdout, stderr)
	case args[0] == "backup":
		return backup(ctx, args[1:], stdout, stderr)
	case args[0] == "help" || args[0] == "-h" || args[0] == "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprintf(stderr, "wallboard: unknown command %q\n\n%s", args[0], usage)
	return errUsage
}

const usage = `Usage:
  wallboard [serve] [-addr :8080] [-db wallboard.db] [-config wallboard.yaml] [-heartbeat 15s]
  wallboard config check [-config wallboard.yaml]
  wallboard token create [-db wallboard.db] NAME
  wallboard backup [-db wallboard.db] FILE     a consistent copy, safe while serving
  wallboard user add [-db wallboard.db] NAME   an admin account; the password from a prompt or stdin

Settings can also come from WALLBOARD_ADDR, WALLBOARD_DB, WALLBOARD_CONFIG and WALLBOARD_HEARTBEAT.
Flags win over the environment. Without a config file, the built-in demo board is served.
`

func newLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}
