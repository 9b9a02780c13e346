-- peacewatch schema, version 3: where each event happened (peacewatch.where, Event.location).
-- The record keeps the whole location object; these columns make it filterable:
-- events --country ISO3 (location_country), --near LAT,LON,KM (location_lat/lon, a bounding box
-- on the index, then the great-circle distance), the dashboard map (location_key groups a place).

ALTER TABLE events ADD COLUMN location_key     TEXT;  -- gazetteer key: gn:5128581, cc:IRQ, adm1:IQ.07, pw:east-sea
ALTER TABLE events ADD COLUMN location_name    TEXT;
ALTER TABLE events ADD COLUMN location_country TEXT;  -- ISO3
ALTER TABLE events ADD COLUMN location_admin1  TEXT;  -- GeoNames first-level code (US.NY)
ALTER TABLE events ADD COLUMN location_lat     REAL;
ALTER TABLE events ADD COLUMN location_lon     REAL;

UPDATE events SET
  location_key     = json_extract(record, '$.location.key'),
  location_name    = json_extract(record, '$.location.name'),
  location_country = json_extract(record, '$.location.country'),
  location_admin1  = json_extract(record, '$.location.admin1'),
  location_lat     = json_extract(record, '$.location.lat'),
  location_lon     = json_extract(record, '$.location.lon')
WHERE json_type(record, '$.location') = 'object';

CREATE INDEX events_location_country ON events(location_country);
CREATE INDEX events_location_point ON events(location_lat, location_lon);
CREATE INDEX events_location_key ON events(location_key);
