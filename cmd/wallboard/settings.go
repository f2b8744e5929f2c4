package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"wallboard/app/config"
)

// settings are the command-line settings shared by the subcommands. A flag wins over its
// WALLBOARD_* environment variable, which wins over the default.
type settings struct {
	addr       string
	dbPath     string
	configPath string
	// configGiven is true when the config path came from a flag or the environment. A missing
	// file is then an error; a missing default file means "serve the demo".
	configGiven bool
	heartbeat   time.Duration
	// poll, when set, switches every board from the live stream to polling at this interval:
	// the emergency switch for a proxy or network that breaks SSE.
	poll time.Duration
}

const defaultConfigPath = "wallboard.yaml"

// parseSettings parses args for the named subcommand. want lists which settings it takes.
func parseSettings(name string, args []string, stderr io.Writer, want ...string) (*settings, *flag.FlagSet, error) {
	s := &settings{}
	fs := flag.NewFlagSet("wallboard "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	heartbeat := envOr("WALLBOARD_HEARTBEAT", "15s")
	poll := envOr("WALLBOARD_POLL", "")
	for _, w := range want {
		switch w {
		case "addr":
			fs.StringVar(&s.addr, "addr", envOr("WALLBOARD_ADDR", ":8080"), "listen address")
		case "db":
			fs.StringVar(&s.dbPath, "db", envOr("WALLBOARD_DB", "wallboard.db"), "SQLite database file (created if missing)")
		case "config":
			fs.StringVar(&s.configPath, "config", envOr("WALLBOARD_CONFIG", defaultConfigPath), "YAML config file; the built-in demo when absent")
		case "heartbeat":
			fs.StringVar(&heartbeat, "heartbeat", heartbeat, "interval between pings on live streams")
		case "poll":
			fs.StringVar(&poll, "poll", poll, "poll every board at this interval instead of streaming, e.g. 30s")
		}
	}
	if err := fs.Parse(args); err != nil {
		return nil, nil, errUsage
	}
	s.configGiven = os.Getenv("WALLBOARD_CONFIG") != ""
	fs.Visit(func(f *flag.Flag) { s.configGiven = s.configGiven || f.Name == "config" })
	d, err := time.ParseDuration(heartbeat)
	if err != nil || d < time.Second {
		fmt.Fprintf(stderr, "wallboard %s: -heartbeat (or WALLBOARD_HEARTBEAT): want a duration of at least 1s, such as 15s; got %q\n", name, heartbeat)
		return nil, nil, errUsage
	}
	s.heartbeat = d
	if poll != "" {
		if s.poll, err = time.ParseDuration(poll); err != nil || s.poll < 2*time.Second {
			fmt.Fprintf(stderr, "wallboard %s: -poll (or WALLBOARD_POLL): want a duration of at least 2s, such as 30s; got %q\n", name, poll)
			return nil, nil, errUsage
		}
	}
	return s, fs, nil
}

func envOr(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}

// loadConfig loads the config file, or the built-in demo when no file was asked for and the
// default one does not exist.
func (s *settings) loadConfig() (*config.Config, error) {
	if !s.configGiven {
		if _, err := os.Stat(s.configPath); errors.Is(err, os.ErrNotExist) {
			return config.Demo(), nil
		}
	}
	return config.Load(s.configPath)
}
