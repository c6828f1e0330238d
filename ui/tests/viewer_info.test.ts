// Tests the info panel rows built from photo metadata.
import { describe, expect, it } from 'vitest';
import { infoRows } from '../src/viewer_info';
import type { PhotoInfo } from '../src/types';

const base: PhotoInfo = {
  id: 7,
  path: '/p/IMG_0007.JPG',
  takenAt: '2024-06-15T14:03:09',
  takenAtOffset: '+02:00',
  takenAtSource: 'exif',
  dated: true,
  width: 6000,
  height: 4000,
  orientation: 1,
  format: 'jpeg',
  size: 8_400_000,
  make: 'Canon',
  model: 'Canon EOS R6',
  lens: 'RF24-105mm F4 L IS USM',
  focalLength: 35,
  aperture: 2.8,
  exposureTime: 0.004,
  iso: 100,
  gpsLat: 48.85837,
  gpsLon: 2.294481,
  problem: null,
  metaWarning: null,
};

describe('infoRows', () => {
  it('lists every field the photo has, formatted', () => {
    expect(infoRows(base)).toEqual([
      ['Date', 'Sat, 15 Jun 2024, 14:03:09 (UTC+02:00)'],
      ['Camera', 'Canon EOS R6'],
      ['Lens', 'RF24-105mm F4 L IS USM'],
      ['Exposure', '1/250 s · f/2.8 · ISO 100 · 35 mm'],
      ['Pixels', '6000 × 4000 (24 MP)'],
      ['File', '8.4 MB · JPEG'],
      ['Path', '/p/IMG_0007.JPG'],
      ['Location', '48.85837° N, 2.29448° E'],
    ]);
  });

  it('omits what is missing', () => {
    const rows = infoRows({ ...base, make: null, model: null, lens: null, exposureTime: null, aperture: null, iso: null, focalLength: null, gpsLat: null, gpsLon: null, takenAtOffset: null, takenAtSource: 'file' });
    expect(rows.map((r) => r[0])).toEqual(['Date', 'Pixels', 'File', 'Path']);
    expect(rows[0]![1]).toBe('Sat, 15 Jun 2024, 14:03:09 (file time)');
  });

  it('says why a photo has no thumbnail and what of its metadata could not be read', () => {
    const rows = infoRows({ ...base, problem: 'Cannot decode: premature end of JPEG file.', metaWarning: 'broken EXIF: truncated IFD' });
    expect(rows).toContainEqual(['Problem', 'Cannot decode: premature end of JPEG file.']);
    expect(rows).toContainEqual(['Metadata', 'broken EXIF: truncated IFD']);
    expect(infoRows(base).map(([k]) => k)).not.toContain('Problem');
  });
});
