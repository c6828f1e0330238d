-- 0007: organize. Marks on photos (separate fields, so a reject keeps its stars), albums nested in album
-- folders with a manual order, a tag tree, and the undo history. Photo ids are the identity, so all of it
-- follows a photo through renames, moves and edits in place.

-- Marks, one narrow row per marked photo (a bulk mark of photos spread over a big library touches
-- few pages). flag: 0 none, 1 pick, -1 reject. label: 0 none, 1 red, 2 yellow, 3 green, 4 blue,
-- 5 purple. dated, taken_at and active copy the photo's (triggers), so each marked view pages on a
-- small partial index in timeline order.
CREATE TABLE photo_marks (
    photo_id  INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
    favourite INTEGER NOT NULL DEFAULT 0,
    rating    INTEGER NOT NULL DEFAULT 0,
    flag      INTEGER NOT NULL DEFAULT 0,
    label     INTEGER NOT NULL DEFAULT 0,
    dated     INTEGER NOT NULL,
    taken_at  INTEGER NOT NULL,
    active    INTEGER NOT NULL
);
CREATE INDEX marks_favourites ON photo_marks(dated DESC, taken_at DESC, photo_id DESC) WHERE active = 1 AND favourite = 1;
CREATE INDEX marks_picks ON photo_marks(dated DESC, taken_at DESC, photo_id DESC) WHERE active = 1 AND flag = 1;
CREATE INDEX marks_rejects ON photo_marks(dated DESC, taken_at DESC, photo_id DESC) WHERE active = 1 AND flag = -1;
CREATE INDEX marks_rated ON photo_marks(dated DESC, taken_at DESC, photo_id DESC, rating) WHERE active = 1 AND rating > 0;
CREATE INDEX marks_labelled ON photo_marks(dated DESC, taken_at DESC, photo_id DESC, label) WHERE active = 1 AND label > 0;

-- Albums (kind 0) and album folders (kind 1), nested to any depth. sort: 0 manual, 1 date.
-- count and the span (dated active photos) are kept by the triggers below: the album list reads them.
CREATE TABLE albums (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    parent_id      INTEGER REFERENCES albums(id) ON DELETE CASCADE,
    kind           INTEGER NOT NULL,
    name           TEXT    NOT NULL,
    sort           INTEGER NOT NULL DEFAULT 0,
    cover_id       INTEGER REFERENCES photos(id) ON DELETE SET NULL,
    count          INTEGER NOT NULL DEFAULT 0,
    first_taken_at INTEGER,
    last_taken_at  INTEGER,
    created_at     INTEGER NOT NULL
);
CREATE INDEX albums_parent ON albums(parent_id);
CREATE INDEX albums_name ON albums(name COLLATE NOCASE);

-- An album's photos. position is a fractional order key (text, compared bytewise): moving a photo
-- writes one key and never renumbers the album. dated, taken_at and active copy the photo's
-- (dated, taken_at, state = 0), kept by triggers, so date order in an album is an index too.
CREATE TABLE album_photos (
    album_id INTEGER NOT NULL REFERENCES albums(id) ON DELETE CASCADE,
    photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    position TEXT    NOT NULL,
    dated    INTEGER NOT NULL,
    taken_at INTEGER NOT NULL,
    active   INTEGER NOT NULL,
    PRIMARY KEY (album_id, photo_id)
) WITHOUT ROWID;
CREATE INDEX album_photos_manual ON album_photos(album_id, position);
CREATE INDEX album_photos_dated ON album_photos(album_id, dated DESC, taken_at DESC, photo_id DESC) WHERE active = 1;
CREATE INDEX album_photos_photo ON album_photos(photo_id);

-- Tags, a tree. count: active photos carrying exactly this tag (kept by triggers). A photo never
-- carries a tag together with one of its ancestors (the ancestor is implied), so a tag's total is
-- the sum over its subtree.
CREATE TABLE tags (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    parent_id INTEGER REFERENCES tags(id) ON DELETE CASCADE,
    name      TEXT    NOT NULL,
    count     INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX tags_name ON tags(coalesce(parent_id, 0), name COLLATE NOCASE);
CREATE INDEX tags_parent ON tags(parent_id);

CREATE TABLE photo_tags (
    tag_id   INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    dated    INTEGER NOT NULL,
    taken_at INTEGER NOT NULL,
    active   INTEGER NOT NULL,
    PRIMARY KEY (tag_id, photo_id)
) WITHOUT ROWID;
CREATE INDEX photo_tags_dated ON photo_tags(tag_id, dated DESC, taken_at DESC, photo_id DESC) WHERE active = 1;
CREATE INDEX photo_tags_photo ON photo_tags(photo_id);

-- A photo's date and state, copied into its memberships.
CREATE TRIGGER photos_membership_copy AFTER UPDATE OF state, dated, taken_at ON photos
WHEN old.state IS NOT new.state OR old.dated IS NOT new.dated OR old.taken_at IS NOT new.taken_at
BEGIN
    UPDATE album_photos SET active = (new.state = 0), dated = new.dated, taken_at = new.taken_at
        WHERE photo_id = new.id;
    UPDATE photo_tags SET active = (new.state = 0), dated = new.dated, taken_at = new.taken_at
        WHERE photo_id = new.id;
    UPDATE photo_marks SET active = (new.state = 0), dated = new.dated, taken_at = new.taken_at
        WHERE photo_id = new.id;
END;

-- Album counts and spans.
CREATE TRIGGER album_photos_added AFTER INSERT ON album_photos WHEN new.active = 1
BEGIN
    UPDATE albums SET count = count + 1,
        first_taken_at = CASE WHEN new.dated = 1 AND (first_taken_at IS NULL OR new.taken_at < first_taken_at)
                              THEN new.taken_at ELSE first_taken_at END,
        last_taken_at = CASE WHEN new.dated = 1 AND (last_taken_at IS NULL OR new.taken_at > last_taken_at)
                             THEN new.taken_at ELSE last_taken_at END
        WHERE id = new.album_id;
END;

CREATE TRIGGER album_photos_removed AFTER DELETE ON album_photos WHEN old.active = 1
BEGIN
    UPDATE albums SET count = count - 1 WHERE id = old.album_id;
    UPDATE albums SET
        first_taken_at = (SELECT min(taken_at) FROM album_photos
                          WHERE album_id = old.album_id AND active = 1 AND dated = 1),
        last_taken_at = (SELECT max(taken_at) FROM album_photos
                         WHERE album_id = old.album_id AND active = 1 AND dated = 1)
        WHERE id = old.album_id AND old.dated = 1
          AND (old.taken_at <= first_taken_at OR old.taken_at >= last_taken_at);
END;

CREATE TRIGGER album_photos_changed AFTER UPDATE OF active, dated, taken_at ON album_photos
BEGIN
    UPDATE albums SET count = count + new.active - old.active,
        first_taken_at = (SELECT min(taken_at) FROM album_photos
                          WHERE album_id = new.album_id AND active = 1 AND dated = 1),
        last_taken_at = (SELECT max(taken_at) FROM album_photos
                         WHERE album_id = new.album_id AND active = 1 AND dated = 1)
        WHERE id = new.album_id;
END;

-- Tag counts.
CREATE TRIGGER photo_tags_added AFTER INSERT ON photo_tags WHEN new.active = 1
BEGIN
    UPDATE tags SET count = count + 1 WHERE id = new.tag_id;
END;

CREATE TRIGGER photo_tags_removed AFTER DELETE ON photo_tags WHEN old.active = 1
BEGIN
    UPDATE tags SET count = count - 1 WHERE id = old.tag_id;
END;

CREATE TRIGGER photo_tags_changed AFTER UPDATE OF active ON photo_tags WHEN old.active IS NOT new.active
BEGIN
    UPDATE tags SET count = count + new.active - old.active WHERE id = new.tag_id;
END;

-- The undo history: one row per step (a bulk action is one step), and what each step changed, with
-- the value before and after, so it can be undone and redone. undone = 1: on the redo side.
CREATE TABLE history (
    id     INTEGER PRIMARY KEY,
    label  TEXT    NOT NULL,
    at     INTEGER NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX history_undone ON history(undone, id);

-- field: 1 favourite, 2 rating, 3 flag, 4 label.
CREATE TABLE history_marks (
    step     INTEGER NOT NULL REFERENCES history(id) ON DELETE CASCADE,
    photo_id INTEGER NOT NULL,
    field    INTEGER NOT NULL,
    old      INTEGER NOT NULL,
    new      INTEGER NOT NULL,
    PRIMARY KEY (step, field, photo_id)
) WITHOUT ROWID;

-- kind: 0 album, 1 tag. before / after: the position (albums) or '' (tags); NULL = not a member.
CREATE TABLE history_members (
    step     INTEGER NOT NULL REFERENCES history(id) ON DELETE CASCADE,
    kind     INTEGER NOT NULL,
    set_id   INTEGER NOT NULL,
    photo_id INTEGER NOT NULL,
    before   TEXT,
    after    TEXT,
    PRIMARY KEY (step, kind, set_id, photo_id)
) WITHOUT ROWID;

-- Albums and tags as they were before and after a step (b_exists / a_exists = 0: no such row).
CREATE TABLE history_objects (
    step      INTEGER NOT NULL REFERENCES history(id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    kind      INTEGER NOT NULL,
    object_id INTEGER NOT NULL,
    b_exists  INTEGER NOT NULL,
    b_parent  INTEGER,
    b_name    TEXT,
    b_kind    INTEGER,
    b_sort    INTEGER,
    b_cover   INTEGER,
    a_exists  INTEGER NOT NULL,
    a_parent  INTEGER,
    a_name    TEXT,
    a_kind    INTEGER,
    a_sort    INTEGER,
    a_cover   INTEGER,
    PRIMARY KEY (step, seq)
) WITHOUT ROWID;

-- Bumped by every organize write, undo and redo, from any process: a front end polls it to see
-- changes made elsewhere (the CLI while the app runs).
CREATE TABLE organize_rev (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    rev INTEGER NOT NULL
);
INSERT INTO organize_rev VALUES (1, 0);
