-- Admin accounts and their sessions, share links for screens, the screens that exchanged them,
-- and acknowledgements of alerts.

-- +goose Up
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL UNIQUE,
    password_hash TEXT    NOT NULL, -- bcrypt
    created_at    INTEGER NOT NULL
);

-- A session is known by the SHA-256 of its cookie; the cookie itself is never stored.
CREATE TABLE sessions (
    hash       BLOB    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_expires ON sessions (expires_at);

-- A share link opens one board on a screen. Exchanging its token (GET /s/{token}) makes a
-- screen with a cookie of its own; revoking the link revokes its screens.
CREATE TABLE share_links (
    id         INTEGER PRIMARY KEY,
    board      TEXT    NOT NULL,
    label      TEXT    NOT NULL,
    hash       BLOB    NOT NULL UNIQUE,
    created_by TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER,          -- NULL: never
    revoked_at INTEGER
);

CREATE TABLE screens (
    id         INTEGER PRIMARY KEY,
    link_id    INTEGER NOT NULL REFERENCES share_links (id) ON DELETE CASCADE,
    hash       BLOB    NOT NULL UNIQUE,
    address    TEXT    NOT NULL,
    user_agent TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX screens_link ON screens (link_id);

-- An acknowledgement holds until the check's state changes.
ALTER TABLE statuses ADD COLUMN ack_by TEXT NOT NULL DEFAULT '';
ALTER TABLE statuses ADD COLUMN ack_at INTEGER;

-- +goose Down
ALTER TABLE statuses DROP COLUMN ack_at;
ALTER TABLE statuses DROP COLUMN ack_by;
DROP TABLE screens;
DROP TABLE share_links;
DROP TABLE sessions;
DROP TABLE users;
