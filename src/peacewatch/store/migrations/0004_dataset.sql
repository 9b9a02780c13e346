-- peacewatch schema, version 4: which events belong to the dataset, the sides of every event, and
-- the indexes the views' filters and keyset pages need.
--
-- events.incomplete: 1 for an event with no identified source (none, or an unknown country such as
--   ---GOV that is no compound); such events are kept but left out of exports, series, dyads and
--   the views unless asked for (peacewatch.analysis.dyads.incomplete_record).
-- event_sides: one row per known actor of each side (role 's' source, 't' target; each member of a
--   compound), with its dyad key (country, or an organisation's first six code characters) and
--   code. Unknown actors (---GOV) have no row. The actor filter and dyads given by code prefix
--   (KORGOV-PRK) read this table.
-- event_dyads: every dyad label of an event by keys, 'KOR>PRK' (directed) and 'KOR-PRK' (either
--   direction, keys in alphabetical order): a dyad of two keys is one index lookup.
-- event_tracks: the tracks of each event (the track filter without reading JSON).
-- pw_incomplete(record), pw_sides(record) and pw_dyads(record) are SQL functions the store registers
-- on its connection (peacewatch.analysis.dyads), so the rule lives in one place.

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

CREATE TABLE event_dyads (
  dyad TEXT NOT NULL,
  rid  INTEGER NOT NULL REFERENCES events(rid) ON DELETE CASCADE,
  PRIMARY KEY (dyad, rid)
) WITHOUT ROWID;
CREATE INDEX event_dyads_rid ON event_dyads(rid);
INSERT OR IGNORE INTO event_dyads(dyad, rid) SELECT d.value, e.rid FROM events e, json_each(pw_dyads(e.record)) d;

CREATE TABLE event_tracks (
  track TEXT NOT NULL,
  rid   INTEGER NOT NULL REFERENCES events(rid) ON DELETE CASCADE,
  PRIMARY KEY (track, rid)
) WITHOUT ROWID;
CREATE INDEX event_tracks_rid ON event_tracks(rid);
INSERT OR IGNORE INTO event_tracks(track, rid)
  SELECT t.value, e.rid FROM events e, json_each(e.tracks) t WHERE json_valid(e.tracks) AND t.type = 'text';

-- keyset pages: newest first (NULL dates last), oldest first (NULL dates last), by Goldstein
CREATE INDEX events_page_newest ON events(incomplete, ifnull(date, ''), rid);
CREATE INDEX events_page_oldest ON events(incomplete, ifnull(date, '~'), rid);
CREATE INDEX events_page_goldstein ON events(incomplete, goldstein, rid);
CREATE INDEX quotes_page_date ON quotes(ifnull(date, ''), rid);
