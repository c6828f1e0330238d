-- 0011: clean up. Each content's perceptual fingerprint (from its stored grid thumbnail), the pairs a
-- user said are not duplicates, and what Shoebox moved to the system trash, with what to re-attach.

-- Keyed by the content hash, like the thumbnails it is computed from: identical files share a row,
-- and a moved file keeps its fingerprint. phash / mirror: 64-bit DCT hashes (as signed integers) of
-- the image and of its mirror image; aspect: width / height as displayed; colour: a small signature
-- (band chromaticities and saturation).
CREATE TABLE perceptual (
    content_hash BLOB    PRIMARY KEY,
    phash        INTEGER NOT NULL,
    mirror       INTEGER NOT NULL,
    aspect       REAL    NOT NULL,
    colour       BLOB    NOT NULL
) WITHOUT ROWID;

-- "These are not duplicates": a < b, never grouped together again.
CREATE TABLE not_duplicates (
    a INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    b INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    PRIMARY KEY (a, b),
    CHECK (a < b)
) WITHOUT ROWID;

-- A photo Shoebox moved to the system trash. state: 0 moving (written before the move, so a crash
-- half-way is found and settled), 1 in the trash, 2 put back, 3 the move failed (reason says why).
-- marks / albums / tags: what the photo had (JSON), re-attached on put back.
CREATE TABLE trash (
    id            INTEGER PRIMARY KEY,
    photo_id      INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    path          BLOB    NOT NULL,
    state         INTEGER NOT NULL,
    trashed_at    INTEGER,
    restored_at   INTEGER,
    restored_path BLOB,
    reason        TEXT,
    marks         TEXT    NOT NULL,
    albums        TEXT    NOT NULL,
    tags          TEXT    NOT NULL
);
CREATE INDEX trash_photo ON trash(photo_id);
CREATE INDEX trash_state ON trash(state);

-- The files of one trashed photo (the photo and its XMP sidecars): where each was, and the system
-- trash's own record of it (its .trashinfo file on freedesktop), once it is there.
CREATE TABLE trash_files (
    trash_id  INTEGER NOT NULL REFERENCES trash(id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    original  BLOB    NOT NULL,
    trash_ref BLOB,
    PRIMARY KEY (trash_id, seq)
) WITHOUT ROWID;
