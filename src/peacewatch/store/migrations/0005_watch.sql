-- peacewatch schema, version 5: what `peacewatch watch` remembers between polls, and its alerts.
--
-- watch_sources: one row per source given to watch (a feed or page URL, a folder, a file): when it
--   was last polled and last read, its last error, how many polls in a row failed and when to try
--   it again (the backoff), how many items it gave.
-- watch_files: the files of a watched folder already read (path, size, mtime), so a poll reads
--   only new or changed files. Articles themselves are deduplicated by the store as in ingest.
-- alerts: a dyad's daily cooperation-conflict index outside its recent band (peacewatch.watch);
--   one row per dyad, day and rule, with the events behind it (event ids) and the band.

CREATE TABLE watch_sources (
  source        TEXT PRIMARY KEY,
  kind          TEXT NOT NULL,
  last_poll     TEXT,
  last_ok       TEXT,
  failures      INTEGER NOT NULL DEFAULT 0,
  next_try      TEXT,
  last_error    TEXT,
  items         INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE watch_files (
  path     TEXT PRIMARY KEY,
  size     INTEGER NOT NULL,
  mtime_ns INTEGER NOT NULL,
  seen_at  TEXT NOT NULL
);

CREATE TABLE alerts (
  alert_id   TEXT PRIMARY KEY,
  raised_at  TEXT NOT NULL,
  dyad       TEXT NOT NULL,
  day        TEXT NOT NULL,
  direction  TEXT NOT NULL CHECK (direction IN ('up', 'down')),
  value      REAL NOT NULL,
  events     INTEGER NOT NULL,
  event_ids  TEXT NOT NULL,         -- JSON list of the day's event ids for the dyad
  record     TEXT NOT NULL,         -- the alert as written to stdout / the alerts file (JSON)
  delivered  INTEGER NOT NULL DEFAULT 0,  -- written to stdout and the alerts file
  posted     INTEGER NOT NULL DEFAULT 0   -- POSTed to the webhook (or no webhook asked)
);
CREATE INDEX alerts_day ON alerts(day);
CREATE INDEX alerts_dyad ON alerts(dyad, day);
