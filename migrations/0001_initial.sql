-- 0001: roots, folders, photos and per-file scan errors.
-- Paths are stored as BLOBs of the OS bytes so non-UTF-8 names round-trip exactly.

CREATE TABLE roots (
    id        INTEGER PRIMARY KEY,
    path      BLOB    NOT NULL UNIQUE,
    is_file   INTEGER NOT NULL DEFAULT 0,   -- 1 when the user added a single file
    added_at  INTEGER NOT NULL               -- unix seconds
);

CREATE TABLE folders (
    id        INTEGER PRIMARY KEY,
    root_id   INTEGER NOT NULL REFERENCES roots(id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES folders(id) ON DELETE SET NULL,
    path      BLOB    NOT NULL UNIQUE
);
CREATE INDEX folders_root ON folders(root_id);

-- state: 0 = active (in the timeline), 1 = removed (file vanished or became unreadable)
CREATE TABLE photos (
    id              INTEGER PRIMARY KEY,
    root_id         INTEGER NOT NULL REFERENCES roots(id) ON DELETE CASCADE,
    folder_id       INTEGER NOT NULL REFERENCES folders(id),
    path            BLOB    NOT NULL,
    size            INTEGER NOT NULL,
    mtime_ns        INTEGER NOT NULL,
    format          TEXT    NOT NULL,
    width           INTEGER NOT NULL,           -- as displayed (orientation applied)
    height          INTEGER NOT NULL,
    orientation     INTEGER NOT NULL DEFAULT 1,
    taken_at        INTEGER NOT NULL,           -- wall-clock seconds since 1970-01-01T00:00:00 (no zone)
    taken_month     INTEGER NOT NULL,           -- YYYYMM of taken_at, for the month counts
    taken_at_offset TEXT,                       -- '+02:00' when known
    taken_at_source TEXT    NOT NULL,           -- 'exif' | 'file'
    make            TEXT,
    model           TEXT,
    lens            TEXT,
    focal_length    REAL,
    aperture        REAL,
    exposure_time   REAL,
    iso             INTEGER,
    gps_lat         REAL,
    gps_lon         REAL,
    content_hash    BLOB,                       -- BLAKE3 of the whole file, filled by the hash phase
    placeholder     BLOB,                       -- thumbhash, filled by the thumbnail pipeline
    color           INTEGER,                    -- average colour 0xRRGGBB, filled by the thumbnail pipeline
    rev             INTEGER NOT NULL DEFAULT 0, -- bumped whenever the file's bytes change
    state           INTEGER NOT NULL DEFAULT 0,
    meta_warning    TEXT,                       -- why some metadata could not be read (photo still indexed)
    indexed_at      INTEGER NOT NULL
);
CREATE UNIQUE INDEX photos_path ON photos(path);
CREATE INDEX photos_root ON photos(root_id);

