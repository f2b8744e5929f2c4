-- +goose Up
-- Timestamps are Unix milliseconds (UTC) throughout.

CREATE TABLE samples (
    id     INTEGER PRIMARY KEY,
    metric TEXT    NOT NULL,
    ts     INTEGER NOT NULL,
    value  REAL    NOT NULL
);
CREATE INDEX samples_metric_ts ON samples (metric, ts);
CREATE INDEX samples_ts ON samples (ts);

-- One row per metric and minute. A minute holds exactly the samples whose id is at or below the
-- rollup job's cursor (job_cursors.job = 'rollup'); newer samples are merged in when read.
CREATE TABLE rollups (
    metric  TEXT    NOT NULL,
    minute  INTEGER NOT NULL,
    count   INTEGER NOT NULL,
    sum     REAL    NOT NULL,
    min     REAL    NOT NULL,
    max     REAL    NOT NULL,
    last    REAL    NOT NULL,
    last_ts INTEGER NOT NULL,
    PRIMARY KEY (metric, minute)
) WITHOUT ROWID;
CREATE INDEX rollups_minute ON rollups (minute);

CREATE TABLE events (
    id      INTEGER PRIMARY KEY,
    stream  TEXT    NOT NULL,
    ts      INTEGER NOT NULL,
    level   TEXT    NOT NULL,
    message TEXT    NOT NULL
);
CREATE INDEX events_stream_ts ON events (stream, ts);
CREATE INDEX events_ts ON events (ts);

CREATE TABLE statuses (
    name       TEXT    PRIMARY KEY,
    state      TEXT    NOT NULL,
    message    TEXT    NOT NULL,
    since      INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    source     TEXT    NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE TABLE progress (
    name          TEXT    PRIMARY KEY,
    percent       REAL    NOT NULL,
    label         TEXT    NOT NULL,
    started_at    INTEGER NOT NULL,
    start_percent REAL    NOT NULL,
    updated_at    INTEGER NOT NULL,
    source        TEXT    NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE TABLE widget_states (
    board       TEXT    NOT NULL,
    widget      TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    fresh_until INTEGER NOT NULL,
    state       TEXT    NOT NULL,
    PRIMARY KEY (board, widget)
) WITHOUT ROWID;

CREATE TABLE job_runs (
    id          INTEGER PRIMARY KEY,
    job         TEXT    NOT NULL,
    started_at  INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    ok          INTEGER NOT NULL,
    error       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX job_runs_job_started ON job_runs (job, started_at);
CREATE INDEX job_runs_started ON job_runs (started_at);

CREATE TABLE job_cursors (
    job      TEXT    PRIMARY KEY,
    position INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO job_cursors (job, position) VALUES ('rollup', 0);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL,
    hash         BLOB    NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
);

-- +goose Down
DROP TABLE api_tokens;
DROP TABLE job_cursors;
DROP TABLE job_runs;
DROP TABLE widget_states;
DROP TABLE progress;
DROP TABLE statuses;
DROP TABLE events;
DROP TABLE rollups;
DROP TABLE samples;
