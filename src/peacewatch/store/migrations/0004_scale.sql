-- peacewatch schema, version 4: what a store of a million events needs to answer in milliseconds
-- (issue 14; figures in docs/PERFORMANCE.md, 'A million events').
--
-- series_days: per dyad, date, QuadClass and modality, the events' count, Goldstein sum, sum of
--   |Goldstein| and mentions, kept by triggers in the same transaction as the events (insert,
--   delete, update), so one dyad's series reads a few thousand rows instead of every event record.
--   dyad is 'KOR-PRK' (either direction: keys in alphabetical order) and 'KOR>PRK' (directed),
--   for every pair of a source key and a target key (a compound actor gives one key a member);
--   the keys are those of peacewatch.analysis.series.actor_keys, given by the SQL function
--   pw_series_keys(source, target), which the store registers on every connection.
--   date is the event's date as stored ('' when it has none); flags: 1 historical, 2 negated,
--   4 hypothetical.
-- event_days: events per date ('' undated), kept by the same triggers: the dashboard finds the
--   page of any depth from these counts instead of skipping rows one by one.

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
  FROM events e, json_each(pw_series_keys(json_extract(e.record, '$.source'), json_extract(e.record, '$.target'))) k
  GROUP BY 1, 2, 3, 4;

CREATE TABLE event_days (
  date   TEXT PRIMARY KEY,
  events INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO event_days(date, events) SELECT ifnull(date, ''), count(*) FROM events GROUP BY 1;

CREATE TRIGGER events_scale_ai AFTER INSERT ON events BEGIN
  INSERT INTO series_days(dyad, date, quad_class, flags, events, goldstein_sum, goldstein_abs, mentions)
    SELECT value, ifnull(new.date, ''), ifnull(new.quad_class, 0),
           new.historical | (new.negated << 1) | (new.hypothetical << 2), 1, ifnull(new.goldstein, 0.0),
           abs(ifnull(new.goldstein, 0.0)), new.mentions
    FROM json_each(pw_series_keys(json_extract(new.record, '$.source'), json_extract(new.record, '$.target')))
    WHERE 1
    ON CONFLICT(dyad, date, quad_class, flags) DO UPDATE SET events = events + 1,
      goldstein_sum = goldstein_sum + excluded.goldstein_sum, goldstein_abs = goldstein_abs + excluded.goldstein_abs,
      mentions = mentions + excluded.mentions;
  INSERT INTO event_days(date, events) VALUES (ifnull(new.date, ''), 1)
    ON CONFLICT(date) DO UPDATE SET events = events + 1;
END;

CREATE TRIGGER events_scale_ad AFTER DELETE ON events BEGIN
  UPDATE series_days SET events = events - 1, goldstein_sum = goldstein_sum - ifnull(old.goldstein, 0.0),
      goldstein_abs = goldstein_abs - abs(ifnull(old.goldstein, 0.0)), mentions = mentions - old.mentions
    WHERE dyad IN (SELECT value FROM json_each(pw_series_keys(json_extract(old.record, '$.source'),
                                                              json_extract(old.record, '$.target'))))
      AND date = ifnull(old.date, '') AND quad_class = ifnull(old.quad_class, 0)
      AND flags = old.historical | (old.negated << 1) | (old.hypothetical << 2);
  DELETE FROM series_days WHERE events <= 0
      AND dyad IN (SELECT value FROM json_each(pw_series_keys(json_extract(old.record, '$.source'),
                                                              json_extract(old.record, '$.target'))))
      AND date = ifnull(old.date, '');
  UPDATE event_days SET events = events - 1 WHERE date = ifnull(old.date, '');
  DELETE FROM event_days WHERE date = ifnull(old.date, '') AND events <= 0;
END;

-- an update (Store: mentions when a copy of the story is recorded) takes the old row out and puts
-- the new one in
CREATE TRIGGER events_scale_au AFTER UPDATE OF date, quad_class, goldstein, historical, negated, hypothetical,
    mentions, record ON events BEGIN
  UPDATE series_days SET events = events - 1, goldstein_sum = goldstein_sum - ifnull(old.goldstein, 0.0),
      goldstein_abs = goldstein_abs - abs(ifnull(old.goldstein, 0.0)), mentions = mentions - old.mentions
    WHERE dyad IN (SELECT value FROM json_each(pw_series_keys(json_extract(old.record, '$.source'),
                                                              json_extract(old.record, '$.target'))))
      AND date = ifnull(old.date, '') AND quad_class = ifnull(old.quad_class, 0)
      AND flags = old.historical | (old.negated << 1) | (old.hypothetical << 2);
  INSERT INTO series_days(dyad, date, quad_class, flags, events, goldstein_sum, goldstein_abs, mentions)
    SELECT value, ifnull(new.date, ''), ifnull(new.quad_class, 0),
           new.historical | (new.negated << 1) | (new.hypothetical << 2), 1, ifnull(new.goldstein, 0.0),
           abs(ifnull(new.goldstein, 0.0)), new.mentions
    FROM json_each(pw_series_keys(json_extract(new.record, '$.source'), json_extract(new.record, '$.target')))
    WHERE 1
    ON CONFLICT(dyad, date, quad_class, flags) DO UPDATE SET events = events + 1,
      goldstein_sum = goldstein_sum + excluded.goldstein_sum, goldstein_abs = goldstein_abs + excluded.goldstein_abs,
      mentions = mentions + excluded.mentions;
  DELETE FROM series_days WHERE events <= 0
      AND dyad IN (SELECT value FROM json_each(pw_series_keys(json_extract(old.record, '$.source'),
                                                              json_extract(old.record, '$.target'))))
      AND date = ifnull(old.date, '');
  UPDATE event_days SET events = events - 1 WHERE date = ifnull(old.date, '');
  INSERT INTO event_days(date, events) VALUES (ifnull(new.date, ''), 1)
    ON CONFLICT(date) DO UPDATE SET events = events + 1;
  DELETE FROM event_days WHERE date = ifnull(old.date, '') AND events <= 0;
END;
