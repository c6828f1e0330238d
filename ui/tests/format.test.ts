// Tests display formatting of dates, exposure, sizes and coordinates.
import { describe, expect, it } from 'vitest';
import * as f from '../src/format';

describe('format', () => {
  it('titles months and days', () => {
    expect(f.monthTitle('2024-06')).toBe('June 2024');
    expect(f.monthShort('1999-12')).toBe('Dec 1999');
    expect(f.dayTitle('2024-06-15')).toBe('Sat, 15 Jun');
    expect(f.dayTitle('2000-02-29')).toBe('Tue, 29 Feb');
    expect(f.dateTimeTitle('2024-06-15T14:03:09', '+02:00')).toBe('Sat, 15 Jun 2024, 14:03:09 (UTC+02:00)');
    expect(f.dateTimeTitle('2024-06-15T14:03:09', null)).toBe('Sat, 15 Jun 2024, 14:03:09');
  });

  it('formats exposure like a camera', () => {
    expect(f.exposureText(1 / 250)).toBe('1/250 s');
    expect(f.exposureText(0.004)).toBe('1/250 s');
    expect(f.exposureText(0.5)).toBe('1/2 s');
    expect(f.exposureText(1 / 3)).toBe('1/3 s');
    expect(f.exposureText(2)).toBe('2 s');
    expect(f.exposureText(1.3)).toBe('1.3 s');
    expect(f.apertureText(2.8)).toBe('f/2.8');
    expect(f.apertureText(8)).toBe('f/8');
    expect(f.focalText(35)).toBe('35 mm');
  });

  it('formats sizes, pixels, coordinates and counts', () => {
    expect(f.bytesText(999)).toBe('999 B');
    expect(f.bytesText(3_456_789)).toBe('3.5 MB');
    expect(f.bytesText(123_456_789)).toBe('123 MB');
    expect(f.pixelsText(4032, 3024)).toBe('4032 × 3024 (12.2 MP)');
    expect(f.gpsText(48.85837, 2.294481)).toBe('48.85837° N, 2.29448° E');
    expect(f.gpsText(-33.8568, -151.2153)).toBe('33.85680° S, 151.21530° W');
    expect(f.countText(1234567)).toBe('1,234,567');
    expect(f.microsText(850)).toBe('850 µs');
    expect(f.microsText(12_345)).toBe('12.3 ms');
  });
});
