-- 0015: clean up's centre hash. centre: the 64-bit DCT hash (as a signed integer) of the thumbnail's
-- centre, 2.5 % cut from every side, so that a centred crop of up to a tenth or a thin frame
-- is found as a copy. NULL on a fingerprint made before it: such a content counts as not
-- fingerprinted and is fingerprinted again from its stored thumbnail (grouping reads NULL as phash
-- until then).
ALTER TABLE perceptual ADD COLUMN centre INTEGER;
