package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"wallboard/db"
)

// minPassword is the shortest password an admin account may have.
const minPassword = 10

// addUser creates an admin account. The password comes from a prompt on a terminal (typed
// twice, not echoed) or from the first line of stdin otherwise, so that a script can pipe it.
func addUser(ctx context.Context, args []string, stdin *os.File, stdout, stderr io.Writer) error {
	s, fs, err := parseSettings("user add", args, stderr, "db")
	if err != nil {
		return err
	}
	name := strings.TrimSpace(fs.Arg(0))
	if fs.NArg() != 1 || name == "" {
		fmt.Fprintln(stderr, "usage: wallboard user add [-db wallboard.db] NAME  (the password is read from a prompt or stdin)")
		return errUsage
	}
	password, err := readPassword(stdin, stderr)
	if err != nil {
		return err
	}
	if n := len([]rune(password)); n < minPassword {
		return fmt.Errorf("password: must be at least %d characters, got %d", minPassword, n)
	}
	store, err := db.Open(ctx, s.dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.AddUser(ctx, name, password); errors.Is(err, db.ErrExists) {
		return fmt.Errorf("user %q exists already", name)
	} else if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "added user %s\n", name)
	return nil
}

func readPassword(stdin *os.File, stderr io.Writer) (string, error) {
	fd := int(stdin.Fd())
	if !term.IsTerminal(fd) {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !(errors.Is(err, io.EOF) && line != "") {
			return "", fmt.Errorf("password: read stdin: %w", err)
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	ask := func(prompt string) (string, error) {
		fmt.Fprint(stderr, prompt)
		b, err := term.ReadPassword(fd)
		fmt.Fprintln(stderr)
		return string(b), err
	}
	first, err := ask("Password: ")
	if err != nil {
		return "", fmt.Errorf("password: %w", err)
	}
	again, err := ask("Again: ")
	if err != nil {
		return "", fmt.Errorf("password: %w", err)
	}
	if first != again {
		return "", errors.New("password: the two entries differ")
	}
	return first, nil
}
