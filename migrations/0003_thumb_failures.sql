-- 0003: photos the thumbnail pipeline could not decode, with the reason. A failure holds for the
-- photo's `rev` it was recorded at: when the file changes (rev bumps) the photo is tried again.

CREATE TABLE thumb_failures (
    photo_id  INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
    rev       INTEGER NOT NULL,
    error     TEXT    NOT NULL,
    at        INTEGER NOT NULL                -- unix seconds
);
