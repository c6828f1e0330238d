-- 0013: titles and descriptions become organize actions with undo. One row a photo and field a
-- step (field 0 title, 1 description); old / new NULL = none.
CREATE TABLE history_captions (
    step     INTEGER NOT NULL REFERENCES history(id) ON DELETE CASCADE,
    photo_id INTEGER NOT NULL,
    field    INTEGER NOT NULL,
    old      TEXT,
    new      TEXT,
    PRIMARY KEY (step, field, photo_id)
) WITHOUT ROWID;
