-- 0012: XMP and IPTC. Photos gain a title and a description (read from the files, editable,
-- searchable); the library remembers, per photo, what it and the photo's files last agreed on
-- (the merge base) and which sidecar that was; which photos have library changes not yet in their
-- sidecar (and why a write failed); and the conflicts settled by policy.

ALTER TABLE photos ADD COLUMN title TEXT;
ALTER TABLE photos ADD COLUMN description TEXT;

-- The text index covers them: the view and the change trigger of 0010, with two more columns.
DROP TRIGGER photos_text_changed;
DROP VIEW photo_text;
CREATE VIEW photo_text(id, body) AS
SELECT id,
       replace(replace(
           substr(CAST(path AS TEXT),
                  length(rtrim(CAST(path AS TEXT), replace(CAST(path AS TEXT), '/', ''))) + 1)
           || ' ' || coalesce(make, '') || ' ' || coalesce(model, '') || ' ' || coalesce(lens, '')
           || ' ' || coalesce(title, '') || ' ' || coalesce(description, ''),
       '_', ' '), '-', ' ')
FROM photos;

CREATE TRIGGER photos_text_changed AFTER UPDATE OF path, make, model, lens, title, description ON photos
WHEN old.path IS NOT new.path OR old.make IS NOT new.make OR old.model IS NOT new.model
  OR old.lens IS NOT new.lens OR old.title IS NOT new.title OR old.description IS NOT new.description
BEGIN
    DELETE FROM photo_words WHERE rowid = old.id;
    DELETE FROM photo_grams WHERE rowid = old.id;
    INSERT INTO photo_words(rowid, body) SELECT id, body FROM photo_text WHERE id = new.id;
    INSERT INTO photo_grams(rowid, body) SELECT id, body FROM photo_text WHERE id = new.id;
END;

-- One row per photo whose files said something or whose sidecar Shoebox wrote. base: the merge
-- base as JSON (rating, flag, label, tags, title, description). sidecar: the sidecar's path and
-- what it was when last read or written (size, mtime, BLAKE3), NULL when it has none. embedded:
-- the fields the original's own XMP/IPTC speak for (bits), written even when empty so a cleared
-- field does not come back from the original.
CREATE TABLE xmp_state (
    photo_id         INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
    base             TEXT    NOT NULL,
    sidecar          BLOB,
    sidecar_size     INTEGER,
    sidecar_mtime_ns INTEGER,
    sidecar_hash     BLOB,
    embedded         INTEGER NOT NULL DEFAULT 0
);

-- Photos whose marks, tags, title or description changed in the library since their files last
-- agreed: the sidecar writes to do. since: when the first such change happened (the `newest`
-- policy's side of the comparison). error: why the last write failed; it stays pending.
CREATE TABLE xmp_pending (
    photo_id INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
    since    INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    error    TEXT
);
CREATE INDEX xmp_pending_error ON xmp_pending(error) WHERE error IS NOT NULL;

-- Conflicts (a field changed in the library and in the sidecar), as settled: which value was kept.
CREATE TABLE xmp_conflicts (
    id       INTEGER PRIMARY KEY,
    photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    field    TEXT    NOT NULL,
    library  TEXT    NOT NULL,
    sidecar  TEXT    NOT NULL,
    kept     TEXT    NOT NULL,
    policy   TEXT    NOT NULL,
    at       INTEGER NOT NULL
);
CREATE INDEX xmp_conflicts_photo ON xmp_conflicts(photo_id);

-- Every change to what a sidecar carries marks the photo pending, whoever makes it (an organize
-- action, an undo, a merge, a restore); a scan that reads the files settles it again.
CREATE TRIGGER xmp_marks_added AFTER INSERT ON photo_marks
WHEN new.rating <> 0 OR new.flag <> 0 OR new.label <> 0
BEGIN
    INSERT INTO xmp_pending(photo_id, since) VALUES (new.photo_id, unixepoch()) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER xmp_marks_changed AFTER UPDATE OF rating, flag, label ON photo_marks
WHEN old.rating IS NOT new.rating OR old.flag IS NOT new.flag OR old.label IS NOT new.label
BEGIN
    INSERT INTO xmp_pending(photo_id, since) VALUES (new.photo_id, unixepoch()) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER xmp_tags_added AFTER INSERT ON photo_tags
BEGIN
    INSERT INTO xmp_pending(photo_id, since) VALUES (new.photo_id, unixepoch()) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER xmp_tags_removed AFTER DELETE ON photo_tags
BEGIN
    INSERT INTO xmp_pending(photo_id, since)
        SELECT old.photo_id, unixepoch() WHERE EXISTS (SELECT 1 FROM photos WHERE id = old.photo_id)
        ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER xmp_text_changed AFTER UPDATE OF title, description ON photos
WHEN old.title IS NOT new.title OR old.description IS NOT new.description
BEGIN
    INSERT INTO xmp_pending(photo_id, since) VALUES (new.id, unixepoch()) ON CONFLICT DO NOTHING;
END;

-- Read every active photo's header again: its XMP and IPTC, and its sidecar, are read now.
UPDATE photos SET reread = 1 WHERE state = 0;
