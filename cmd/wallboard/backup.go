package main

import (
	"context"
	"fmt"
	"io"

	"wallboard/db"
)

// backup writes a consistent copy of the database to a new file, safe while the server runs.
func backup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	s, fs, err := parseSettings("backup", args, stderr, "db")
	if err != nil {
		return err
	}
	if fs.NArg() != 1 || fs.Arg(0) == "" {
		fmt.Fprintln(stderr, "usage: wallboard backup [-db wallboard.db] FILE")
		return errUsage
	}
	store, err := db.Open(ctx, s.dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.Backup(ctx, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s\n", s.dbPath, fs.Arg(0))
	return nil
}
