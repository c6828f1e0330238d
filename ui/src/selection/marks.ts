// Owns the marks' keys and maths (pure): Lightroom's keys (0-5 stars, P / X / U pick / reject / unflag, 6-9 red /
// yellow / green / blue, F favourite) to a MarkChange, a change applied to a photo's marks, and the badge code.
import type { Flag, Label, MarkChange, Marks } from '../types';

export const NO_MARKS: Marks = { favourite: false, rating: 0, flag: 'none', label: 'none' };
export const LABELS: readonly Label[] = ['none', 'red', 'yellow', 'green', 'blue', 'purple'];
export const FLAGS: readonly Flag[] = ['none', 'pick', 'reject'];
const LABEL_KEYS: Record<string, Label> = { '6': 'red', '7': 'yellow', '8': 'green', '9': 'blue' };

/** A change that sets only what is given. */
export function change(c: Partial<MarkChange>): MarkChange {
  return { favourite: c.favourite ?? null, rating: c.rating ?? null, flag: c.flag ?? null, label: c.label ?? null };
}

/**
 * The change a key asks for, or null for keys that are not marks. F and the colour keys toggle: relative to
 * `current`, the marks of the photo the user acts on (the focused or viewer's photo; null when unknown).
 */
export function markForKey(key: string, current: Marks | null): MarkChange | null {
  const cur = current ?? NO_MARKS;
  if (key.length === 1 && key >= '0' && key <= '5') return change({ rating: Number(key) });
  const label = LABEL_KEYS[key];
  if (label) return change({ label: cur.label === label ? 'none' : label });
  switch (key.toLowerCase()) {
    case 'p':
      return change({ flag: 'pick' });
    case 'x':
      return change({ flag: 'reject' });
    case 'u':
      return change({ flag: 'none' });
    case 'f':
      return change({ favourite: !cur.favourite });
    default:
      return null;
  }
}

/** `m` with `c` applied (fields are independent: a reject keeps its stars). */
export function applyChange(m: Marks, c: MarkChange): Marks {
  return {
    favourite: c.favourite ?? m.favourite,
    rating: c.rating ?? m.rating,
    flag: c.flag ?? m.flag,
    label: c.label ?? m.label,
  };
}

/** One small integer per distinct look of the badges (0 = none), so a tile redraws them only when it changes. */
export function badgeCode(m: Marks | undefined): number {
  if (!m) return 0;
  return (m.rating & 7) | (FLAGS.indexOf(m.flag) << 3) | (LABELS.indexOf(m.label) << 5) | (m.favourite ? 256 : 0);
}

/** The badge text: stars, then the heart and the flag ("★★★★ ♥ ✕"); the colour is a dot drawn by CSS. */
export function badgeText(m: Marks): string {
  const parts: string[] = [];
  if (m.rating > 0) parts.push('★'.repeat(Math.min(5, m.rating)));
  if (m.favourite) parts.push('♥');
  if (m.flag === 'pick') parts.push('⚑');
  else if (m.flag === 'reject') parts.push('✕');
  return parts.join(' ');
}

/** Words for a mark change, for titles and announcements ("4 stars", "Rejected"). */
export function changeText(c: MarkChange): string {
  const out: string[] = [];
  if (c.rating !== null) out.push(c.rating === 0 ? 'No stars' : `${c.rating} star${c.rating === 1 ? '' : 's'}`);
  if (c.flag !== null) out.push(c.flag === 'pick' ? 'Picked' : c.flag === 'reject' ? 'Rejected' : 'Unflagged');
  if (c.label !== null) out.push(c.label === 'none' ? 'No colour' : `${c.label[0]!.toUpperCase()}${c.label.slice(1)}`);
  if (c.favourite !== null) out.push(c.favourite ? 'Favourite' : 'Not favourite');
  return out.join(', ');
}
