-- 0009: find. Smart albums (kind 2: a saved query, answered live), places from GPS (offline
-- reverse geocoding fills photos.place_id), and the indexes that serve a facet's first page.

-- A smart album's query, in the query language (albums.kind = 2); NULL for other albums. The
-- history keeps it on both sides of a change, so creating or editing one is one undo step.
ALTER TABLE albums ADD COLUMN query TEXT;
ALTER TABLE history_objects ADD COLUMN b_query TEXT;
ALTER TABLE history_objects ADD COLUMN a_query TEXT;

-- Places photos were taken in: id = the GeoNames id. The *_key columns are the names folded
-- (lower case, no diacritics) for `place:sao paulo`.
CREATE TABLE places (
    id           INTEGER PRIMARY KEY,
    city         TEXT NOT NULL,
    region       TEXT NOT NULL,
    country      TEXT NOT NULL,
    country_code TEXT NOT NULL,
    city_key     TEXT NOT NULL,
    region_key   TEXT NOT NULL,
    country_key  TEXT NOT NULL
);
CREATE INDEX places_city ON places(city_key);
CREATE INDEX places_region ON places(region_key);
CREATE INDEX places_country ON places(country_key);

-- place_id: the place of (gps_lat, gps_lon), NULL when none. place_done = 0: not looked up yet
-- for the current coordinates (a new fix resets it); the lookup runs after each scan and at
-- open, in batches, so an existing library is filled in without a rescan.
ALTER TABLE photos ADD COLUMN place_id INTEGER;
ALTER TABLE photos ADD COLUMN place_done INTEGER NOT NULL DEFAULT 0;
CREATE INDEX photos_place_pending ON photos(id) WHERE place_done = 0 AND gps_lat IS NOT NULL;
CREATE TRIGGER photos_place_moved AFTER UPDATE OF gps_lat, gps_lon ON photos
WHEN old.gps_lat IS NOT new.gps_lat OR old.gps_lon IS NOT new.gps_lon
BEGIN
    UPDATE photos SET place_done = 0, place_id = NULL WHERE id = new.id;
END;

-- A facet's own index, in timeline order within each value: the first page of a rare value is
-- read in order from it, a common one by walking the timeline. Only photos that have the value
-- (IS NOT NULL), so no unfiltered query takes one for a smaller timeline index.
CREATE INDEX photos_find_place ON photos(place_id, dated DESC, taken_at DESC, id DESC) WHERE state = 0 AND place_id IS NOT NULL;
CREATE INDEX photos_find_iso ON photos(iso, dated DESC, taken_at DESC, id DESC) WHERE state = 0 AND iso IS NOT NULL;
CREATE INDEX photos_find_make ON photos(lower(make), dated DESC, taken_at DESC, id DESC) WHERE state = 0 AND make IS NOT NULL;
CREATE INDEX photos_find_model ON photos(lower(model), dated DESC, taken_at DESC, id DESC) WHERE state = 0 AND model IS NOT NULL;
CREATE INDEX photos_find_lens ON photos(lower(lens), dated DESC, taken_at DESC, id DESC) WHERE state = 0 AND lens IS NOT NULL;
CREATE INDEX photos_find_format ON photos(format, dated DESC, taken_at DESC, id DESC) WHERE state = 0 AND format IS NOT NULL;
