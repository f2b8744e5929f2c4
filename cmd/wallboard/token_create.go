package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"wallboard/db"
)

// createToken makes a new API token and prints it once. Only its hash is stored.
func createToken(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	s, fs, err := parseSettings("token create", args, stderr, "db")
	if err != nil {
		return err
	}
	if fs.NArg() != 1 || strings.TrimSpace(fs.Arg(0)) == "" {
		fmt.Fprintln(stderr, "usage: wallboard token create [-db wallboard.db] NAME")
		return errUsage
	}
	store, err := db.Open(ctx, s.dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	token, err := store.CreateToken(ctx, fs.Arg(0))
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, token)
	return nil
}
