-- 0002: the indexes every gallery query uses (partial: only active photos), and per-file scan errors.

CREATE INDEX photos_timeline ON photos(taken_at DESC, id DESC) WHERE state = 0;
CREATE INDEX photos_folder_timeline ON photos(folder_id, taken_at DESC, id DESC) WHERE state = 0;
CREATE INDEX photos_month ON photos(taken_month DESC) WHERE state = 0;
CREATE INDEX photos_folder_month ON photos(folder_id, taken_month DESC) WHERE state = 0;
CREATE INDEX photos_hash ON photos(content_hash);
CREATE INDEX folders_parent ON folders(parent_id);

CREATE TABLE scan_errors (
    path      BLOB    PRIMARY KEY,
    root_id   INTEGER NOT NULL REFERENCES roots(id) ON DELETE CASCADE,
    size      INTEGER NOT NULL,
    mtime_ns  INTEGER NOT NULL,
    error     TEXT    NOT NULL,
    at        INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX scan_errors_root ON scan_errors(root_id);
