-- peacewatch schema, version 6: what a store of a million events needs to answer in milliseconds
-- (issue 14; figures in docs/PERFORMANCE.md, 'A million events').
--
-- series_days: per dyad label, date, QuadClass and modality, the events' count, Goldstein sum, sum
--   of |Goldstein| and mentions, kept by triggers in the same transaction as the events (insert,
--   delete, update), so one dyad's series reads a few thousand rows instead of every event record.
--   The labels are those of event_dyads (version 4), given by pw_dyads(record)
--   (peacewatch.analysis.dyads.dyad_labels): 'KOR>PRK' (directed) and 'KOR-PRK' (either
--   direction, keys in alphabetical order) for every source key and target key of a complete
--   event. An incomplete event (no identified source) has no label, so it is in no row: the
--   series leave it out as they do when read from the records.
--   date is the event's date as stored ('' when it has none); flags: 1 historical, 2 negated,
--   4 hypothetical.
-- event_days: events per dataset flag (events.incomplete) and date ('' undated), kept by the same
--   triggers: a page at any OFFSET of all the events of the dataset (or all the incomplete ones)
--   in date order starts from these counts instead of skipping rows one by one.
-- The triggers call pw_dyads, which the store registers on every connection: a program that writes
-- events without peacewatch.store must register it too.

CREATE TABLE series_days (
  dyad          TEXT NOT NULL,
  date          TEXT NOT NULL,
  quad_class    INTEGER NOT NULL,
  flags         INTEGER NOT NULL,
  events        INTEGER NOT NULL,
  goldstein_sum REAL NOT NULL,
  goldstein_abs REAL NOT NULL,
  mentions      INTEGER NOT NULL,
  PRIMARY KEY (dyad, date, quad_class, flags)
) WITHOUT ROWID;

INSERT INTO series_days(dyad, date, quad_class, flags, events, goldstein_sum, goldstein_abs, mentions)
  SELECT k.value, ifnull(e.date, ''), ifnull(e.quad_class, 0), e.historical | (e.negated << 1) | (e.hypothetical << 2),
         count(*), total(e.goldstein), total(abs(e.goldstein)), sum(e.mentions)
  FROM events e, json_each(pw_dyads(e.record)) k
  GROUP BY 1, 2, 3, 4;

CREATE TABLE event_days (
  incomplete INTEGER NOT NULL,
  date       TEXT NOT NULL,
  events     INTEGER NOT NULL,
  PRIMARY KEY (incomplete, date)
) WITHOUT ROWID;

INSERT INTO event_days(incomplete, date, events) SELECT incomplete, ifnull(date, ''), count(*) FROM events GROUP BY 1, 2;

CREATE TRIGGER events_scale_ai AFTER INSERT ON events BEGIN
  INSERT INTO series_days(dyad, date, quad_class, flags, events, goldstein_sum, goldstein_abs, mentions)
    SELECT value, ifnull(new.date, ''), ifnull(new.quad_class, 0),
           new.historical | (new.negated << 1) | (new.hypothetical << 2), 1, ifnull(new.goldstein, 0.0),
           abs(ifnull(new.goldstein, 0.0)), new.mentions
    FROM json_each(pw_dyads(new.record))
    WHERE 1
    ON CONFLICT(dyad, date, quad_class, flags) DO UPDATE SET events = events + 1,
      goldstein_sum = goldstein_sum + excluded.goldstein_sum, goldstein_abs = goldstein_abs + excluded.goldstein_abs,
      mentions = mentions + excluded.mentions;
  INSERT INTO event_days(incomplete, date, events) VALUES (new.incomplete, ifnull(new.date, ''), 1)
    ON CONFLICT(incomplete, date) DO UPDATE SET events = events + 1;
END;

CREATE TRIGGER events_scale_ad AFTER DELETE ON events BEGIN
  UPDATE series_days SET events = events - 1, goldstein_sum = goldstein_sum - ifnull(old.goldstein, 0.0),
      goldstein_abs = goldstein_abs - abs(ifnull(old.goldstein, 0.0)), mentions = mentions - old.mentions
    WHERE dyad IN (SELECT value FROM json_each(pw_dyads(old.record)))
      AND date = ifnull(old.date, '') AND quad_class = ifnull(old.quad_class, 0)
      AND flags = old.historical | (old.negated << 1) | (old.hypothetical << 2);
  DELETE FROM series_days WHERE events <= 0
      AND dyad IN (SELECT value FROM json_each(pw_dyads(old.record)))
      AND date = ifnull(old.date, '');
  UPDATE event_days SET events = events - 1 WHERE incomplete = old.incomplete AND date = ifnull(old.date, '');
  DELETE FROM event_days WHERE incomplete = old.incomplete AND date = ifnull(old.date, '') AND events <= 0;
END;

-- an update (Store: mentions when a copy of the story is recorded) takes the old row out and puts
-- the new one in
CREATE TRIGGER events_scale_au AFTER UPDATE OF date, quad_class, goldstein, historical, negated, hypothetical,
    mentions, record, incomplete ON events BEGIN
  UPDATE series_days SET events = events - 1, goldstein_sum = goldstein_sum - ifnull(old.goldstein, 0.0),
      goldstein_abs = goldstein_abs - abs(ifnull(old.goldstein, 0.0)), mentions = mentions - old.mentions
    WHERE dyad IN (SELECT value FROM json_each(pw_dyads(old.record)))
      AND date = ifnull(old.date, '') AND quad_class = ifnull(old.quad_class, 0)
      AND flags = old.historical | (old.negated << 1) | (old.hypothetical << 2);
  INSERT INTO series_days(dyad, date, quad_class, flags, events, goldstein_sum, goldstein_abs, mentions)
    SELECT value, ifnull(new.date, ''), ifnull(new.quad_class, 0),
           new.historical | (new.negated << 1) | (new.hypothetical << 2), 1, ifnull(new.goldstein, 0.0),
           abs(ifnull(new.goldstein, 0.0)), new.mentions
    FROM json_each(pw_dyads(new.record))
    WHERE 1
    ON CONFLICT(dyad, date, quad_class, flags) DO UPDATE SET events = events + 1,
      goldstein_sum = goldstein_sum + excluded.goldstein_sum, goldstein_abs = goldstein_abs + excluded.goldstein_abs,
      mentions = mentions + excluded.mentions;
  DELETE FROM series_days WHERE events <= 0
      AND dyad IN (SELECT value FROM json_each(pw_dyads(old.record)))
      AND date = ifnull(old.date, '');
  UPDATE event_days SET events = events - 1 WHERE incomplete = old.incomplete AND date = ifnull(old.date, '');
  INSERT INTO event_days(incomplete, date, events) VALUES (new.incomplete, ifnull(new.date, ''), 1)
    ON CONFLICT(incomplete, date) DO UPDATE SET events = events + 1;
  DELETE FROM event_days WHERE incomplete = old.incomplete AND date = ifnull(old.date, '') AND events <= 0;
END;
