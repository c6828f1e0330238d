-- 0006: this version reads metadata from each container's own structure (WebP chunks, PNG chunks,
-- HEIF items, TIFF IFDs wherever they are, CR3 boxes), derives aperture and exposure from APEX values,
-- finds lenses in XMP, reads every GPS form, and stores no made-up offset: ask the next scan to read
-- every active photo's header again (ids, revs, hashes and thumbnails are kept).
UPDATE photos SET reread = 1 WHERE state = 0;
