-- 0014: the scan's writer works a batch at a time, and some upkeep is cheaper once a batch.
-- While its transaction holds the row of scan_writing:
-- * the text triggers only note the photo in text_pending (indexed = 1: its old text is in the
--   index and goes first), and the writer indexes them all in a few statements before it commits
--   (db/scan_batch.rs). FTS5 flushes its pending terms at every statement savepoint, so an insert
--   per row wrote an index segment per photo (and merged them): most of a first scan's time.
-- * the XMP triggers leave xmp_pending alone: the writer settles each photo with its files and
--   says itself whether it stays pending (they marked it, then the writer unmarked it).
-- Any other write is indexed and marked at once, as before. Both tables are empty outside such a
-- transaction.

CREATE TABLE scan_writing (id INTEGER PRIMARY KEY CHECK (id = 1));
CREATE TABLE text_pending (
    id      INTEGER PRIMARY KEY,
    indexed INTEGER NOT NULL
);

DROP TRIGGER photos_text_added;
CREATE TRIGGER photos_text_added AFTER INSERT ON photos
WHEN NOT EXISTS (SELECT 1 FROM scan_writing)
BEGIN
    INSERT INTO photo_words(rowid, body) SELECT id, body FROM photo_text WHERE id = new.id;
    INSERT INTO photo_grams(rowid, body) SELECT id, body FROM photo_text WHERE id = new.id;
END;

CREATE TRIGGER photos_text_added_deferred AFTER INSERT ON photos
WHEN EXISTS (SELECT 1 FROM scan_writing)
BEGIN
    INSERT INTO text_pending(id, indexed) VALUES (new.id, 0) ON CONFLICT(id) DO NOTHING;
END;

DROP TRIGGER photos_text_changed;
CREATE TRIGGER photos_text_changed AFTER UPDATE OF path, make, model, lens, title, description ON photos
WHEN (old.path IS NOT new.path OR old.make IS NOT new.make OR old.model IS NOT new.model
  OR old.lens IS NOT new.lens OR old.title IS NOT new.title OR old.description IS NOT new.description)
  AND NOT EXISTS (SELECT 1 FROM scan_writing)
BEGIN
    DELETE FROM photo_words WHERE rowid = old.id;
    DELETE FROM photo_grams WHERE rowid = old.id;
    INSERT INTO photo_words(rowid, body) SELECT id, body FROM photo_text WHERE id = new.id;
    INSERT INTO photo_grams(rowid, body) SELECT id, body FROM photo_text WHERE id = new.id;
END;

CREATE TRIGGER photos_text_changed_deferred AFTER UPDATE OF path, make, model, lens, title, description ON photos
WHEN (old.path IS NOT new.path OR old.make IS NOT new.make OR old.model IS NOT new.model
  OR old.lens IS NOT new.lens OR old.title IS NOT new.title OR old.description IS NOT new.description)
  AND EXISTS (SELECT 1 FROM scan_writing)
BEGIN
    -- A photo inserted in the same batch stays "not indexed yet".
    INSERT INTO text_pending(id, indexed) VALUES (new.id, 1) ON CONFLICT(id) DO NOTHING;
END;

DROP TRIGGER xmp_marks_added;
CREATE TRIGGER xmp_marks_added AFTER INSERT ON photo_marks
WHEN (new.rating <> 0 OR new.flag <> 0 OR new.label <> 0) AND NOT EXISTS (SELECT 1 FROM scan_writing)
BEGIN
    INSERT INTO xmp_pending(photo_id, since) VALUES (new.photo_id, unixepoch()) ON CONFLICT DO NOTHING;
END;
DROP TRIGGER xmp_marks_changed;
CREATE TRIGGER xmp_marks_changed AFTER UPDATE OF rating, flag, label ON photo_marks
WHEN (old.rating IS NOT new.rating OR old.flag IS NOT new.flag OR old.label IS NOT new.label)
  AND NOT EXISTS (SELECT 1 FROM scan_writing)
BEGIN
    INSERT INTO xmp_pending(photo_id, since) VALUES (new.photo_id, unixepoch()) ON CONFLICT DO NOTHING;
END;
DROP TRIGGER xmp_tags_added;
CREATE TRIGGER xmp_tags_added AFTER INSERT ON photo_tags
WHEN NOT EXISTS (SELECT 1 FROM scan_writing)
BEGIN
    INSERT INTO xmp_pending(photo_id, since) VALUES (new.photo_id, unixepoch()) ON CONFLICT DO NOTHING;
END;
DROP TRIGGER xmp_tags_removed;
CREATE TRIGGER xmp_tags_removed AFTER DELETE ON photo_tags
WHEN NOT EXISTS (SELECT 1 FROM scan_writing)
BEGIN
    INSERT INTO xmp_pending(photo_id, since)
        SELECT old.photo_id, unixepoch() WHERE EXISTS (SELECT 1 FROM photos WHERE id = old.photo_id)
        ON CONFLICT DO NOTHING;
END;
DROP TRIGGER xmp_text_changed;
CREATE TRIGGER xmp_text_changed AFTER UPDATE OF title, description ON photos
WHEN (old.title IS NOT new.title OR old.description IS NOT new.description)
  AND NOT EXISTS (SELECT 1 FROM scan_writing)
BEGIN
    INSERT INTO xmp_pending(photo_id, since) VALUES (new.id, unixepoch()) ON CONFLICT DO NOTHING;
END;
