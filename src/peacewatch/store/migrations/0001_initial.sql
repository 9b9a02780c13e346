-- peacewatch schema, version 1.
-- Applied once, in one transaction, by peacewatch.store (PRAGMA user_version records the version).
-- Codes are TEXT everywhere (leading zeros kept). JSON columns hold JSON text.
-- Every table with full-text search has an INTEGER PRIMARY KEY `rid` (a stable rowid for FTS5,
-- which VACUUM cannot renumber); the public keys (article_id, event_id, quote_id) are UNIQUE NOT NULL.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE articles (
  rid            INTEGER PRIMARY KEY,
  article_id     TEXT NOT NULL UNIQUE,
  origin         TEXT NOT NULL,
  kind           TEXT,
  raw_text       TEXT,
  text           TEXT NOT NULL,
  body_start     INTEGER NOT NULL DEFAULT 0,
  title          TEXT,
  source         TEXT,
  source_id      TEXT,
  url            TEXT,
  dateline       TEXT,
  published      TEXT,              -- ISO YYYY-MM-DD or NULL
  date_basis     TEXT,
  date_conflicts TEXT,              -- JSON list of strings
  offsets        TEXT,              -- JSON [[clean_start, raw_start, length], ...]
  removed        TEXT,              -- JSON [{label, raw_start, raw_end, text}, ...]
  meta           TEXT,              -- JSON object
  content_hash   TEXT NOT NULL UNIQUE,  -- peacewatch.dedup.content_hash of the body (the text when the body is empty)
  body_hash      TEXT NOT NULL,         -- content_hash(article.body) exactly, for has_origin()
  copies         INTEGER NOT NULL DEFAULT 1,  -- distinct publications of this story seen (1 + exact/near copies)
  tracks         TEXT,              -- JSON list of track names
  word_count     INTEGER NOT NULL DEFAULT 0,
  ingested_at    TEXT NOT NULL
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_origin ON articles(origin);
CREATE INDEX articles_source ON articles(source);

CREATE TABLE article_copies (
  id              INTEGER PRIMARY KEY,
  article_id      TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
  origin          TEXT NOT NULL,
  content_hash    TEXT NOT NULL,
  body_hash       TEXT,
  similarity      REAL,
  kind            TEXT NOT NULL CHECK (kind IN ('exact', 'near', 'same-origin')),
  seen_at         TEXT NOT NULL,
  copy_article_id TEXT,             -- the id the copy had as input
  title           TEXT,
  published       TEXT,
  source          TEXT,
  UNIQUE (origin, content_hash)
);
CREATE INDEX article_copies_article ON article_copies(article_id);

CREATE TABLE sentences (
  article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
  idx        INTEGER NOT NULL,
  start      INTEGER NOT NULL,
  "end"      INTEGER NOT NULL,
  text       TEXT NOT NULL,
  PRIMARY KEY (article_id, idx)
);

CREATE TABLE actor_mentions (
  id           INTEGER PRIMARY KEY,
  article_id   TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
  sentence_idx INTEGER,
  code         TEXT NOT NULL,
  country      TEXT,
  sector       TEXT,
  name         TEXT,
  text         TEXT,
  start        INTEGER,
  "end"        INTEGER,
  resolution   TEXT,
  members      TEXT                 -- JSON list of member actor dicts (compound actors) or NULL
);
CREATE INDEX actor_mentions_article ON actor_mentions(article_id);
CREATE INDEX actor_mentions_code ON actor_mentions(code);

CREATE TABLE events (
  rid            INTEGER PRIMARY KEY,
  event_id       TEXT NOT NULL UNIQUE,
  article_id     TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
  sentence_index INTEGER,
  date           TEXT,
  cameo          TEXT NOT NULL,
  cameo_root     TEXT,
  quad_class     INTEGER,
  goldstein      REAL,
  plover_event   TEXT,
  plover_mode    TEXT,
  source_code    TEXT,
  source_country TEXT,
  source_sector  TEXT,
  target_code    TEXT,
  target_country TEXT,
  target_sector  TEXT,
  negated        INTEGER NOT NULL DEFAULT 0,
  hypothetical   INTEGER NOT NULL DEFAULT 0,
  future         INTEGER NOT NULL DEFAULT 0,
  historical     INTEGER NOT NULL DEFAULT 0,
  condition      TEXT,
  rule           TEXT,
  confidence     REAL,
  mentions       INTEGER NOT NULL DEFAULT 1,
  tracks         TEXT,              -- JSON list
  record         TEXT NOT NULL,     -- Event.to_dict() exactly (mentions is kept current from the column)
  sentence       TEXT,
  actors         TEXT,              -- searchable: source/target codes, names and mention texts
  trigger_text   TEXT
);
CREATE INDEX events_article ON events(article_id);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_source ON events(source_code);
CREATE INDEX events_target ON events(target_code);
CREATE INDEX events_dyad ON events(source_country, target_country);
CREATE INDEX events_cameo ON events(cameo);

CREATE TABLE quotes (
  rid             INTEGER PRIMARY KEY,
  quote_id        TEXT NOT NULL UNIQUE,
  article_id      TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
  date            TEXT,
  speaker_code    TEXT,
  speaker_country TEXT,
  speaker_name    TEXT,
  verb            TEXT,
  direct          INTEGER NOT NULL DEFAULT 0,
  text            TEXT NOT NULL,
  start           INTEGER,
  "end"           INTEGER,
  sentence_index  INTEGER,
  tracks          TEXT,             -- JSON list
  record          TEXT NOT NULL,    -- Quote.to_dict() exactly
  speaker         TEXT              -- searchable: speaker name, code and mention text
);
CREATE INDEX quotes_article ON quotes(article_id);
CREATE INDEX quotes_date ON quotes(date);
CREATE INDEX quotes_speaker ON quotes(speaker_code);

-- MinHash LSH buckets: one row per (band, bucket, article). Looked up by (band, bucket) only.
CREATE TABLE lsh_buckets (
  band   INTEGER NOT NULL,
  bucket INTEGER NOT NULL,
  rid    INTEGER NOT NULL REFERENCES articles(rid) ON DELETE CASCADE,
  PRIMARY KEY (band, bucket, rid)
) WITHOUT ROWID;
CREATE INDEX lsh_buckets_rid ON lsh_buckets(rid);

-- Full-text search: external-content FTS5 tables kept in sync by triggers (same transaction).
CREATE VIRTUAL TABLE articles_fts USING fts5(
  title, text, content='articles', content_rowid='rid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts(rowid, title, text) VALUES (new.rid, new.title, new.text);
END;
CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rid, old.title, old.text);
END;
CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, text ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rid, old.title, old.text);
  INSERT INTO articles_fts(rowid, title, text) VALUES (new.rid, new.title, new.text);
END;

CREATE VIEW events_fts_content AS
  SELECT rid, sentence, actors, trigger_text AS "trigger" FROM events;
CREATE VIRTUAL TABLE events_fts USING fts5(
  sentence, actors, "trigger", content='events_fts_content', content_rowid='rid',
  tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER events_fts_ai AFTER INSERT ON events BEGIN
  INSERT INTO events_fts(rowid, sentence, actors, "trigger") VALUES (new.rid, new.sentence, new.actors, new.trigger_text);
END;
CREATE TRIGGER events_fts_ad AFTER DELETE ON events BEGIN
  INSERT INTO events_fts(events_fts, rowid, sentence, actors, "trigger")
    VALUES ('delete', old.rid, old.sentence, old.actors, old.trigger_text);
END;
CREATE TRIGGER events_fts_au AFTER UPDATE OF sentence, actors, trigger_text ON events BEGIN
  INSERT INTO events_fts(events_fts, rowid, sentence, actors, "trigger")
    VALUES ('delete', old.rid, old.sentence, old.actors, old.trigger_text);
  INSERT INTO events_fts(rowid, sentence, actors, "trigger") VALUES (new.rid, new.sentence, new.actors, new.trigger_text);
END;

CREATE VIRTUAL TABLE quotes_fts USING fts5(
  text, speaker, content='quotes', content_rowid='rid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER quotes_fts_ai AFTER INSERT ON quotes BEGIN
  INSERT INTO quotes_fts(rowid, text, speaker) VALUES (new.rid, new.text, new.speaker);
END;
CREATE TRIGGER quotes_fts_ad AFTER DELETE ON quotes BEGIN
  INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker) VALUES ('delete', old.rid, old.text, old.speaker);
END;
CREATE TRIGGER quotes_fts_au AFTER UPDATE OF text, speaker ON quotes BEGIN
  INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker) VALUES ('delete', old.rid, old.text, old.speaker);
  INSERT INTO quotes_fts(rowid, text, speaker) VALUES (new.rid, new.text, new.speaker);
END;
