-- 0010: the text index. Each photo's own words — its file name, camera make and model, lens —
-- in two FTS5 indexes over the same text: `photo_words` (whole words, prefix-matched: what a
-- query of one or two characters uses) and `photo_grams` (trigrams: any substring of three or
-- more characters, CJK included). Both fold case and diacritics; `_` and `-` are spaces, as the
-- query side folds them. Contentless (the text lives in `photos`), kept current by triggers, so
-- a scan, a restore or a rename updates them in the same transaction. Names shared by many photos
-- (folders, tags, albums, places) are matched in their own small tables when a query is compiled.

CREATE VIEW photo_text(id, body) AS
SELECT id,
       replace(replace(
           substr(CAST(path AS TEXT),
                  length(rtrim(CAST(path AS TEXT), replace(CAST(path AS TEXT), '/', ''))) + 1)
           || ' ' || coalesce(make, '') || ' ' || coalesce(model, '') || ' ' || coalesce(lens, ''),
       '_', ' '), '-', ' ')
FROM photos;

CREATE VIRTUAL TABLE photo_words USING fts5(
    body, content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE photo_grams USING fts5(
    body, content = '', contentless_delete = 1,
    tokenize = 'trigram remove_diacritics 1'
);

CREATE TRIGGER photos_text_added AFTER INSERT ON photos
BEGIN
    INSERT INTO photo_words(rowid, body) SELECT id, body FROM photo_text WHERE id = new.id;
    INSERT INTO photo_grams(rowid, body) SELECT id, body FROM photo_text WHERE id = new.id;
END;

CREATE TRIGGER photos_text_changed AFTER UPDATE OF path, make, model, lens ON photos
WHEN old.path IS NOT new.path OR old.make IS NOT new.make OR old.model IS NOT new.model
  OR old.lens IS NOT new.lens
BEGIN
    DELETE FROM photo_words WHERE rowid = old.id;
    DELETE FROM photo_grams WHERE rowid = old.id;
    INSERT INTO photo_words(rowid, body) SELECT id, body FROM photo_text WHERE id = new.id;
    INSERT INTO photo_grams(rowid, body) SELECT id, body FROM photo_text WHERE id = new.id;
END;

CREATE TRIGGER photos_text_removed AFTER DELETE ON photos
BEGIN
    DELETE FROM photo_words WHERE rowid = old.id;
    DELETE FROM photo_grams WHERE rowid = old.id;
END;

-- An existing library's photos, indexed once.
INSERT INTO photo_words(rowid, body) SELECT id, body FROM photo_text;
INSERT INTO photo_grams(rowid, body) SELECT id, body FROM photo_text;
