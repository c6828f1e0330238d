-- 0004: the backup ledger (what each remote holds, verified) and the app's settings.
-- Keys are content-addressed, so a row here means "this remote holds these exact bytes".

CREATE TABLE sync_remotes (
    id   INTEGER PRIMARY KEY,
    url  TEXT NOT NULL UNIQUE            -- 's3://bucket/prefix' plus ' @ endpoint' when one is set
);

-- Objects uploaded and verified: a second sync skips them without asking the server.
CREATE TABLE sync_objects (
    remote_id   INTEGER NOT NULL REFERENCES sync_remotes(id) ON DELETE CASCADE,
    key         TEXT    NOT NULL,
    size        INTEGER NOT NULL,
    etag        TEXT    NOT NULL,        -- as the server returned it, without quotes
    verified    TEXT    NOT NULL,        -- how: 'md5' | 'md5-of-parts' | 'listed'
    uploaded_at INTEGER NOT NULL,        -- unix seconds
    PRIMARY KEY (remote_id, key)
) WITHOUT ROWID;

-- Multipart uploads begun and not yet completed: resumed (or aborted) by the next sync.
CREATE TABLE sync_uploads (
    id          INTEGER PRIMARY KEY,
    remote_id   INTEGER NOT NULL REFERENCES sync_remotes(id) ON DELETE CASCADE,
    key         TEXT    NOT NULL,
    upload_id   TEXT    NOT NULL,
    size        INTEGER NOT NULL,
    part_size   INTEGER NOT NULL,
    started_at  INTEGER NOT NULL,
    UNIQUE (remote_id, key)
);

-- Parts of those uploads the server has acknowledged, with their verified ETags.
CREATE TABLE sync_parts (
    upload_id   INTEGER NOT NULL REFERENCES sync_uploads(id) ON DELETE CASCADE,
    part_number INTEGER NOT NULL,        -- 1-based, as S3 counts
    etag        TEXT    NOT NULL,
    size        INTEGER NOT NULL,
    PRIMARY KEY (upload_id, part_number)
) WITHOUT ROWID;

-- Small app settings (the backup remote); never credentials.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
