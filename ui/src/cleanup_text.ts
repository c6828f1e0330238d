// Owns the words and comparisons of the clean-up screen, pure (no DOM): each member's compared fields and which of them
// differ within a group, a group's heading, the keeper rules' names, the bulk resolve's summary before it runs, what
// resolving and trashing came to (with each file that stayed and why), and "Recently deleted" times.
import { bytesText, countText, dateTimeTitle, pixelsText } from './format';
import { badgeText } from './selection/marks';
import type { DuplicateGroup, DuplicateMember, FileOutcome, GroupKind, GroupResolution, KeeperRule } from './types';

/** The fields the review screen compares, in the order shown. */
export const FIELDS = ['pixels', 'format', 'size', 'date', 'folder', 'marks', 'albums', 'tags'] as const;
export type FieldKey = (typeof FIELDS)[number];

export const FIELD_LABELS: Record<FieldKey, string> = {
  pixels: 'Pixels',
  format: 'Format',
  size: 'File size',
  date: 'Date',
  folder: 'Folder',
  marks: 'Marks',
  albums: 'Albums',
  tags: 'Tags',
};

/** A member's compared fields as shown. */
export function memberFields(m: DuplicateMember): Record<FieldKey, string> {
  const marks = [badgeText(m.marks), m.marks.label === 'none' ? '' : m.marks.label].filter((x) => x !== '').join(' ');
  return {
    pixels: pixelsText(m.width, m.height),
    format: m.format.toUpperCase(),
    size: bytesText(m.size),
    date: `${dateTimeTitle(m.takenAt, null)}${m.dated ? '' : ' (file date)'}`,
    folder: m.folder,
    marks: marks || 'none',
    albums: m.albums.length ? m.albums.join(', ') : 'none',
    tags: m.tags.length ? m.tags.join(', ') : 'none',
  };
}

/** A folder as a card has room for it: its last two names ("…/Trips/2019"); the whole path is the tooltip. */
export function shortFolder(path: string): string {
  const parts = path.split('/').filter((p) => p !== '');
  return parts.length <= 2 ? path : `…/${parts.slice(-2).join('/')}`;
}

/** The fields whose shown value is not the same for every member. */
export function differing(members: readonly DuplicateMember[]): Set<FieldKey> {
  const out = new Set<FieldKey>();
  const shown = members.map(memberFields);
  for (const f of FIELDS) if (new Set(shown.map((s) => s[f])).size > 1) out.add(f);
  return out;
}

const KIND_TEXT: Record<GroupKind, string> = {
  exact: 'Exact duplicates',
  copy: 'Copies of one photo',
  similar: 'Similar photos (a burst)',
};

/** "Copies of one photo · 3 photos". */
export function groupTitle(g: DuplicateGroup): string {
  return `${KIND_TEXT[g.kind]} · ${g.photos.length} photos`;
}

/** "Group 2 of 14". */
export function positionText(index: number, total: number): string {
  return total === 0 ? '' : `Group ${countText(index + 1)} of ${countText(total)}`;
}

/** The keep button's words for a group of `n` photos. */
export function keepText(n: number): string {
  const others = n - 1;
  return `Keep this one, trash ${others === 1 ? 'the other' : `the ${others} others`}`;
}

export const RULE_TEXT: Record<KeeperRule, string> = {
  resolution: 'Largest resolution',
  format: 'Original format (RAW, then HEIC, over a JPEG or PNG copy)',
  exifDate: 'Has the date from the camera',
  oldest: 'Oldest file',
  preferredFolder: 'In a preferred folder',
};

/** `rules` with the rule at `index` moved by `by` places (clamped). */
export function moveRule(rules: readonly KeeperRule[], index: number, by: number): KeeperRule[] {
  const out = [...rules];
  const to = Math.max(0, Math.min(out.length - 1, index + by));
  const [r] = out.splice(index, 1);
  if (r !== undefined) out.splice(to, 0, r);
  return out;
}

/** The groups a bulk resolve acts on: bursts only when the list shows only bursts (they are similar, not copies). */
export function bulkGroups(groups: readonly DuplicateGroup[], kind: GroupKind | null): DuplicateGroup[] {
  return groups.filter((g) => g.kind !== 'similar' || kind === 'similar');
}

const plural = (n: number, one: string, many: string): string => `${countText(n)} ${n === 1 ? one : many}`;

/** What a bulk resolve will do, said before it runs. */
export function bulkSummary(groups: readonly DuplicateGroup[], kind: GroupKind | null): { title: string; text: string } {
  const chosen = bulkGroups(groups, kind);
  const trashed = chosen.reduce((n, g) => n + g.photos.length - 1, 0);
  const left = groups.length - chosen.length;
  const text = [
    `${plural(chosen.length, 'photo is', 'photos are')} kept, one per group, as suggested; each gets the albums, tags, marks, title and description of its copies.`,
    `The other ${plural(trashed, 'photo goes', 'photos go')} to the system trash with ${trashed === 1 ? 'its' : 'their'} XMP sidecars: nothing is deleted, and Recently deleted puts ${trashed === 1 ? 'it' : 'them'} back.`,
    left > 0 ? `${plural(left, 'group', 'groups')} of similar photos ${left === 1 ? 'is' : 'are'} left for you to review one by one.` : '',
  ]
    .filter((x) => x !== '')
    .join(' ');
  return { title: `Resolve ${plural(chosen.length, 'group', 'groups')}?`, text };
}

/** A file that stayed, as a line: "IMG_1.JPG: the file is already gone". */
export function problemLine(o: FileOutcome): string {
  const name = o.path.slice(o.path.lastIndexOf('/') + 1);
  return `${name}: ${o.error ?? 'not moved'}`;
}

/** What resolving came to: one sentence, and a line for each file that stayed, group left, or note. */
export function resolutionText(results: readonly GroupResolution[]): { text: string; problems: string[] } {
  const done = results.filter((r) => r.error === null);
  const moved = done.reduce((n, r) => n + r.trashed.filter((t) => t.ok).length, 0);
  const problems: string[] = [];
  for (const r of results) {
    if (r.error !== null) problems.push(`Group kept as it was (photo ${r.keep}): ${r.error}`);
    for (const t of r.trashed) {
      if (!t.ok) problems.push(problemLine(t));
      else if (t.note) problems.push(`${t.path.slice(t.path.lastIndexOf('/') + 1)}: ${t.note}`);
    }
  }
  const text =
    `Resolved ${plural(done.length, 'group', 'groups')}: ${plural(moved, 'photo', 'photos')} moved to the system trash` +
    (problems.length ? `; ${plural(problems.length, 'problem', 'problems')} below.` : '.');
  return { text, problems };
}

/** The confirm step of the Delete key. */
export function trashQuestion(n: number): { title: string; text: string } {
  return {
    title: `Move ${plural(n, 'photo', 'photos')} to the trash?`,
    text:
      `${n === 1 ? 'Its file goes' : 'Their files go'} to the system trash, with any XMP sidecars, and leave the library. ` +
      'Nothing is deleted: Clean up → Recently deleted puts them back with their marks, tags and albums.',
  };
}

/** What trashing came to, for the toast: the count moved, and the first reason one stayed. */
export function trashOutcomeText(outcomes: readonly FileOutcome[]): { text: string; error: boolean } {
  const moved = outcomes.filter((o) => o.ok).length;
  const stayed = outcomes.filter((o) => !o.ok);
  if (stayed.length === 0) return { text: `Moved ${plural(moved, 'photo', 'photos')} to the system trash.`, error: false };
  const first = problemLine(stayed[0]!);
  return {
    text: `Moved ${countText(moved)} of ${plural(outcomes.length, 'photo', 'photos')} to the system trash; ${countText(stayed.length)} stayed. ${first}`,
    error: true,
  };
}

/** What putting back came to: where it is now, and any note ("… was taken: put back beside it as …"). */
export function putBackText(outcomes: readonly FileOutcome[]): { text: string; error: boolean } {
  const o = outcomes[0];
  if (!o) return { text: '', error: false };
  if (!o.ok) return { text: `Not put back: ${problemLine(o)}`, error: true };
  return { text: o.note ? `Put back. ${o.note}` : `Put back: ${o.to ?? o.path}`, error: false };
}

/** "just now", "5 minutes ago", "3 hours ago", else the date. */
export function trashedWhen(seconds: number, nowMs: number): string {
  const ago = Math.max(0, Math.floor(nowMs / 1000) - seconds);
  if (ago < 60) return 'just now';
  if (ago < 3600) return `${Math.floor(ago / 60)} min ago`;
  if (ago < 86400) return `${Math.floor(ago / 3600)} h ago`;
  const d = new Date(seconds * 1000);
  const iso = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
  return dateTimeTitle(iso, null);
}
