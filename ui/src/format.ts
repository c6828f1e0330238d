// Owns turning numbers and dates into display text (month/day headers, exposure, sizes, GPS); pure.

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTHS_SHORT = MONTHS.map((m) => m.slice(0, 3));
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function ymd(s: string): [number, number, number] {
  return [Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10)) || 1];
}

/** The month table's name for photos without a recorded date (timeline/section.ts UNDATED). */
const UNDATED = 'undated';

/** The month table's one entry of a manual-order album (types.ts MANUAL). */
const MANUAL = 'manual';

/** "2024-06" -> "June 2024"; "undated" -> "Undated"; "manual" (an album's own order) -> "Album order" */
export function monthTitle(month: string): string {
  if (month === UNDATED) return 'Undated';
  if (month === MANUAL) return 'Album order';
  const [y, m] = ymd(month);
  return `${MONTHS[m - 1] ?? month} ${y}`;
}

/** "2024-06" -> "Jun 2024"; "undated" -> "Undated" */
export function monthShort(month: string): string {
  if (month === UNDATED) return 'Undated';
  if (month === MANUAL) return 'Album';
  const [y, m] = ymd(month);
  return `${MONTHS_SHORT[m - 1] ?? month} ${y}`;
}

/** Weekday of a calendar date (proleptic Gregorian, no time zones involved). */
export function weekday(y: number, m: number, d: number): number {
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** "2024-06-15" -> "Sat, 15 Jun" (the month header above already says the year). */
export function dayTitle(day: string): string {
  const [y, m, d] = ymd(day);
  return `${WEEKDAYS[weekday(y, m, d)]}, ${d} ${MONTHS_SHORT[m - 1]}`;
}

/** "2024-06-15T14:03:09" + "+02:00" -> "Sat, 15 Jun 2024, 14:03:09 (UTC+02:00)" */
export function dateTimeTitle(takenAt: string, offset: string | null): string {
  const [y, m, d] = ymd(takenAt);
  const time = takenAt.length >= 19 ? takenAt.slice(11, 19) : '';
  const base = `${WEEKDAYS[weekday(y, m, d)]}, ${d} ${MONTHS_SHORT[m - 1]} ${y}${time ? ', ' + time : ''}`;
  return offset ? `${base} (UTC${offset})` : base;
}

/** 0.004 -> "1/250 s", 0.5 -> "1/2 s", 2 -> "2 s", 1.3 -> "1.3 s". */
export function exposureText(seconds: number): string {
  if (!(seconds > 0)) return '';
  if (seconds >= 1) return `${trimNum(seconds, 1)} s`;
  const denom = 1 / seconds;
  const rounded = Math.round(denom);
  if (Math.abs(denom - rounded) / denom < 0.05) return `1/${rounded} s`;
  return `${trimNum(seconds, 4)} s`;
}

/** 2.8 -> "f/2.8", 8 -> "f/8" */
export function apertureText(f: number): string {
  return `f/${trimNum(f, 1)}`;
}

export function focalText(mm: number): string {
  return `${trimNum(mm, 1)} mm`;
}

/** 1234567 -> "1.2 MB" (decimal units, like file managers). */
export function bytesText(n: number): string {
  if (!(n >= 0)) return '';
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v >= 100 ? Math.round(v) : trimNum(v, 1)} ${units[i]}`;
}

/** 4032 x 3024 -> "4032 × 3024 (12.2 MP)" */
export function pixelsText(w: number, h: number): string {
  const mp = (w * h) / 1e6;
  return `${w} × ${h}${mp >= 0.1 ? ` (${trimNum(mp, 1)} MP)` : ''}`;
}

/** 48.858370, 2.294481 -> "48.85837° N, 2.29448° E" */
export function gpsText(lat: number, lon: number): string {
  const ns = lat >= 0 ? 'N' : 'S';
  const ew = lon >= 0 ? 'E' : 'W';
  return `${Math.abs(lat).toFixed(5)}° ${ns}, ${Math.abs(lon).toFixed(5)}° ${ew}`;
}

/** 12345 -> "12,345" (locale independent, so tests are stable). */
export function countText(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Microseconds -> "850 µs" / "12.3 ms". */
export function microsText(us: number): string {
  return us < 1000 ? `${Math.round(us)} µs` : `${trimNum(us / 1000, 1)} ms`;
}

function trimNum(v: number, digits: number): string {
  return String(Number(v.toFixed(digits)));
}
