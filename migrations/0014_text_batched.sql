-- 0014: a writer of many photos (the scan) indexes their text once a batch instead of once a
-- photo. FTS5 flushes its pending terms at every statement savepoint, so the triggers' insert per
-- row wrote an index segment per photo (and merged them): most of a first scan's time. While a
-- writer's transaction holds the row of text_deferring, the triggers only note the photo in
-- text_pending (indexed = 1: its old text is in the index and goes first); the writer indexes
-- them all in a few statements before it commits (db/text_index.rs: defer, flush). Any other
-- write is indexed at once, as before. Both tables are empty outside such a transaction.

CREATE TABLE text_deferring (id INTEGER PRIMARY KEY CHECK (id = 1));
CREATE TABLE text_pending (
    id      INTEGER PRIMARY KEY,
    indexed INTEGER NOT NULL
);

DROP TRIGGER photos_text_added;
CREATE TRIGGER photos_text_added AFTER INSERT ON photos
WHEN NOT EXISTS (SELECT 1 FROM text_deferring)
BEGIN
    INSERT INTO photo_words(rowid, body) SELECT id, body FROM photo_text WHERE id = new.id;
    INSERT INTO photo_grams(rowid, body) SELECT id, body FROM photo_text WHERE id = new.id;
END;

CREATE TRIGGER photos_text_added_deferred AFTER INSERT ON photos
WHEN EXISTS (SELECT 1 FROM text_deferring)
BEGIN
    INSERT INTO text_pending(id, indexed) VALUES (new.id, 0) ON CONFLICT(id) DO NOTHING;
END;

DROP TRIGGER photos_text_changed;
CREATE TRIGGER photos_text_changed AFTER UPDATE OF path, make, model, lens, title, description ON photos
WHEN (old.path IS NOT new.path OR old.make IS NOT new.make OR old.model IS NOT new.model
  OR old.lens IS NOT new.lens OR old.title IS NOT new.title OR old.description IS NOT new.description)
  AND NOT EXISTS (SELECT 1 FROM text_deferring)
BEGIN
    DELETE FROM photo_words WHERE rowid = old.id;
    DELETE FROM photo_grams WHERE rowid = old.id;
    INSERT INTO photo_words(rowid, body) SELECT id, body FROM photo_text WHERE id = new.id;
    INSERT INTO photo_grams(rowid, body) SELECT id, body FROM photo_text WHERE id = new.id;
END;

CREATE TRIGGER photos_text_changed_deferred AFTER UPDATE OF path, make, model, lens, title, description ON photos
WHEN (old.path IS NOT new.path OR old.make IS NOT new.make OR old.model IS NOT new.model
  OR old.lens IS NOT new.lens OR old.title IS NOT new.title OR old.description IS NOT new.description)
  AND EXISTS (SELECT 1 FROM text_deferring)
BEGIN
    -- A photo inserted in the same batch stays "not indexed yet".
    INSERT INTO text_pending(id, indexed) VALUES (new.id, 1) ON CONFLICT(id) DO NOTHING;
END;
