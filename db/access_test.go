package db_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"wallboard/db"
)

func TestUsersAndSessions(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	if err := s.AddUser(ctx, "ada", "correct horse"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddUser(ctx, "ada", "other"); !errors.Is(err, db.ErrExists) {
		t.Errorf("AddUser(duplicate) = %v, want ErrExists", err)
	}
	for _, c := range []struct{ name, pw string }{{"ada", "wrong"}, {"bob", "correct horse"}, {"ada", ""}} {
		if _, err := s.CheckPassword(ctx, c.name, c.pw); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("CheckPassword(%q, %q) = %v, want ErrNotFound", c.name, c.pw, err)
		}
	}
	u, err := s.CheckPassword(ctx, "ada", "correct horse")
	if err != nil || u.Name != "ada" {
		t.Fatalf("CheckPassword(right) = %+v, %v", u, err)
	}
	secret, err := s.CreateSession(ctx, u.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.SessionBySecret(ctx, secret); err != nil || got.User.Name != "ada" || got.Key == "" {
		t.Errorf("SessionBySecret() = %+v, %v", got, err)
	}
	if _, err := s.SessionBySecret(ctx, secret+"x"); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("SessionBySecret(wrong) = %v, want ErrNotFound", err)
	}
	expired, _ := s.CreateSession(ctx, u.ID, -time.Second)
	if _, err := s.SessionBySecret(ctx, expired); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("SessionBySecret(expired) = %v, want ErrNotFound", err)
	}
	if n, err := s.PruneSessions(ctx, time.Now()); err != nil || n != 1 {
		t.Errorf("PruneSessions() = %d, %v, want 1", n, err)
	}
	if err := s.DeleteSession(ctx, secret); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionBySecret(ctx, secret); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("SessionBySecret(after delete) = %v, want ErrNotFound", err)
	}
}

func TestShareLinksAndScreens(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	link, token, err := s.CreateShareLink(ctx, "ops", "Lobby TV", "ada", 0)
	if err != nil {
		t.Fatal(err)
	}
	sc, secret, err := s.ExchangeShareLink(ctx, token, "10.0.0.7", "TV")
	if err != nil || sc.Board != "ops" || sc.LinkID != link.ID || !sc.Expires.IsZero() {
		t.Fatalf("ExchangeShareLink() = %+v, %v", sc, err)
	}
	sc2, _, err := s.ExchangeShareLink(ctx, token, "10.0.0.8", "TV 2") // a link serves several screens
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.ScreenBySecret(ctx, secret); err != nil || got.ID != sc.ID || !got.Revoked.IsZero() {
		t.Errorf("ScreenBySecret() = %+v, %v", got, err)
	}
	links, _ := s.ShareLinks(ctx)
	if len(links) != 1 || links[0].Screens != 2 {
		t.Errorf("ShareLinks() = %+v, want one link with 2 screens", links)
	}
	if err := s.RevokeScreen(ctx, sc2.ID); err != nil {
		t.Fatal(err)
	}
	ids, err := s.RevokeShareLink(ctx, link.ID)
	if err != nil || len(ids) != 1 || ids[0] != sc.ID {
		t.Errorf("RevokeShareLink() = %v, %v, want the one screen still live, %d", ids, err, sc.ID)
	}
	if got, _ := s.ScreenBySecret(ctx, secret); got.Revoked.IsZero() {
		t.Error("a screen of a revoked link is not revoked")
	}
	if _, _, err := s.ExchangeShareLink(ctx, token, "10.0.0.9", "TV 3"); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("ExchangeShareLink(revoked) = %v, want ErrNotFound", err)
	}
	_, old, _ := s.CreateShareLink(ctx, "ops", "Old", "ada", time.Millisecond)
	time.Sleep(5 * time.Millisecond)
	if _, _, err := s.ExchangeShareLink(ctx, old, "10.0.0.9", "TV 3"); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("ExchangeShareLink(expired) = %v, want ErrNotFound", err)
	}
}

func TestAckHoldsUntilStateChanges(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	put := func(state string) {
		t.Helper()
		if err := s.UpsertStatus(ctx, db.Status{Name: "api", State: state, UpdatedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	ack := func() db.Status {
		t.Helper()
		st, err := s.Statuses(ctx, []string{"api"})
		if err != nil || len(st) != 1 {
			t.Fatalf("Statuses() = %v, %v", st, err)
		}
		return st[0]
	}
	put("crit")
	if err := s.AckStatus(ctx, "api", "ada"); err != nil {
		t.Fatal(err)
	}
	put("crit") // the same state again keeps the acknowledgement
	if st := ack(); st.AckBy != "ada" || st.AckAt.IsZero() {
		t.Errorf("after the same state: ack %q at %v, want ada's", st.AckBy, st.AckAt)
	}
	put("ok")
	if st := ack(); st.AckBy != "" || !st.AckAt.IsZero() {
		t.Errorf("after a new state: ack %q at %v, want none", st.AckBy, st.AckAt)
	}
	if err := s.AckStatus(ctx, "nope", "ada"); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("AckStatus(unknown) = %v, want ErrNotFound", err)
	}
}
