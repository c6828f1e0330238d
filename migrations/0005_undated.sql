-- 0005: undated photos. `dated` is 1 when taken_at is a date recorded with the photo (EXIF, XMP,
-- IPTC, the file name) and 0 when it is only a file-system time ('birth', 'file'): undated photos
-- are listed after every dated one and counted in no month. `reread` asks the next scan to read a
-- file's metadata again although its (size, mtime) is unchanged: set here for the rows whose date
-- the fallbacks added in this version may improve (file times, implausible dates).

ALTER TABLE photos ADD COLUMN dated INTEGER NOT NULL DEFAULT 1;
ALTER TABLE photos ADD COLUMN reread INTEGER NOT NULL DEFAULT 0;
UPDATE photos SET dated = 0, reread = 1 WHERE taken_at_source IN ('file', 'birth');
-- More than a day in the future, or before 1826-01-01 (the first photograph).
UPDATE photos SET reread = 1 WHERE taken_at > unixepoch() + 86400 OR taken_at < -4544208000;

-- The timeline: dated photos newest first, then undated ones newest first, by (dated, taken_at, id).
-- photos_timeline and photos_folder_timeline (taken_at, id) stay for the thumbnail backlog and positions.
CREATE INDEX photos_dated_timeline ON photos(dated DESC, taken_at DESC, id DESC) WHERE state = 0;
CREATE INDEX photos_folder_dated_timeline ON photos(folder_id, dated DESC, taken_at DESC, id DESC) WHERE state = 0;

-- Month counts cover dated photos only: (dated, taken_month) answers them without sorting.
DROP INDEX photos_month;
DROP INDEX photos_folder_month;
CREATE INDEX photos_month ON photos(dated, taken_month DESC) WHERE state = 0;
CREATE INDEX photos_folder_month ON photos(folder_id, dated, taken_month DESC) WHERE state = 0;
