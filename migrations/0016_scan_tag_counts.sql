-- 0016: inside a scan batch (a row in scan_writing) a new membership no longer moves its tag's count
-- row by row: the scan's writer inserts a batch's memberships a tag at a time and adds each tag's
-- count once (db/tags.rs, TagBatch::attach_all). Everywhere else the trigger counts as before.
DROP TRIGGER photo_tags_added;
CREATE TRIGGER photo_tags_added AFTER INSERT ON photo_tags
WHEN new.active = 1 AND NOT EXISTS (SELECT 1 FROM scan_writing)
BEGIN
    UPDATE tags SET count = count + 1 WHERE id = new.tag_id;
END;
