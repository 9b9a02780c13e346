-- peacewatch schema, version 2: stances on proposals (peacewatch.stances.Stance).
-- One row per stance of an article: who (actor_*) takes which stance (supports, welcomes, rejects,
-- conditions, opposes, proposes) on which proposal, with the condition text for 'conditions'.
-- `record` holds Stance.to_dict() exactly (evidence sentence, offsets, trigger, rule).
-- Added by Store.add in the same transaction as the article; no full-text search.

CREATE TABLE stances (
  rid            INTEGER PRIMARY KEY,
  stance_id      TEXT NOT NULL UNIQUE,
  article_id     TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
  sentence_index INTEGER,
  date           TEXT,              -- the article's publication date (ISO) or NULL
  actor_code     TEXT NOT NULL,
  actor_country  TEXT,
  actor_name     TEXT,
  stance         TEXT NOT NULL CHECK (stance IN ('supports', 'welcomes', 'rejects', 'conditions', 'opposes', 'proposes')),
  proposal       TEXT NOT NULL,     -- the proposal as the article names it first (the lead)
  proposal_id    TEXT NOT NULL,
  condition      TEXT,
  event_id       TEXT,              -- the coded event the stance comes from, or NULL (sentence rule)
  rule           TEXT,
  record         TEXT NOT NULL      -- Stance.to_dict() exactly
);
CREATE INDEX stances_article ON stances(article_id);
CREATE INDEX stances_date ON stances(date);
CREATE INDEX stances_actor ON stances(actor_code);
CREATE INDEX stances_country ON stances(actor_country);
CREATE INDEX stances_proposal ON stances(proposal_id);
