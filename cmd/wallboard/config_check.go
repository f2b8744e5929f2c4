package main

import (
	"errors"
	"fmt"
	"io"

	"wallboard/app/config"
)

// checkConfig loads and validates a config file, printing every problem with its file, line and
// field. It fails with errProblems when there is any.
func checkConfig(args []string, stdout, stderr io.Writer) error {
	s, fs, err := parseSettings("config check", args, stderr, "config")
	if err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "wallboard config check: unexpected argument %q (flags go before arguments)\n", fs.Arg(0))
		return errUsage
	}
	cfg, err := s.loadConfig()
	var problems config.Problems
	switch {
	case errors.As(err, &problems):
		for _, p := range problems {
			fmt.Fprintln(stdout, p.String())
		}
		fmt.Fprintf(stdout, "%d problem(s) found\n", len(problems))
		return errProblems
	case err != nil:
		return err
	}
	widgets := 0
	for _, b := range cfg.Boards {
		widgets += len(b.Widgets)
	}
	fmt.Fprintf(stdout, "%s: ok (%d board(s), %d widget(s), %d source(s))\n", cfg.File, len(cfg.Boards), widgets, len(cfg.Sources))
	return nil
}
