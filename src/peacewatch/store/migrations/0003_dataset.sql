-- peacewatch schema, version 3: which events belong to the dataset, the sides of every event, and
-- the indexes the views' filters and keyset pages need.
--
-- events.incomplete: 1 for an event with no identified source (none, or an unknown country such as
--   ---GOV that is no compound); such events are kept but left out of exports, series, dyads and
--   the views unless asked for (peacewatch.analysis.dyads.incomplete_record).
-- event_sides: one row per known actor of each side (role 's' source, 't' target; each member of a
--   compound), with its dyad key (country, or an organisation's first six code characters) and
--   code. Unknown actors (---GOV) have no row. The dyad and actor filters read this table.
-- pw_incomplete(record) and pw_sides(record) are SQL functions the store registers on its
-- connection (peacewatch.analysis.dyads), so the rule lives in one place.

ALTER TABLE events ADD COLUMN incomplete INTEGER NOT NULL DEFAULT 0;
UPDATE events SET incomplete = pw_incomplete(record);

CREATE TABLE event_sides (
  key  TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('s', 't')),
  rid  INTEGER NOT NULL REFERENCES events(rid) ON DELETE CASCADE,
  code TEXT NOT NULL,
  PRIMARY KEY (key, role, rid, code)
) WITHOUT ROWID;
CREATE INDEX event_sides_code ON event_sides(code, role, rid);
CREATE INDEX event_sides_rid ON event_sides(rid, role);

INSERT OR IGNORE INTO event_sides(key, role, rid, code)
  SELECT json_extract(s.value, '$[1]'), json_extract(s.value, '$[0]'), e.rid, json_extract(s.value, '$[2]')
  FROM events e, json_each(pw_sides(e.record)) s;

-- keyset pages: newest first (NULL dates last), oldest first (NULL dates last), by Goldstein
CREATE INDEX events_page_newest ON events(incomplete, ifnull(date, ''), rid);
CREATE INDEX events_page_oldest ON events(incomplete, ifnull(date, '~'), rid);
CREATE INDEX events_page_goldstein ON events(incomplete, goldstein, rid);
CREATE INDEX quotes_page_date ON quotes(ifnull(date, ''), rid);
