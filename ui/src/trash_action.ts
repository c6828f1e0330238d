// Owns "Move to trash" on what the user acts on (the Delete key in the grid and the viewer, the selection bar, a tile's menu): the confirm step
// that says the files go to the system trash, the move, and the toast with what came of it (each file that stayed
// is reported by the backend; the first reason is shown).
import * as api from './api';
import { trashOutcomeText, trashQuestion } from './cleanup_text';
import { confirmAction } from './confirm';
import { errorText, toast } from './toast';
import type { Targets } from './types';

/** Asks, then moves `targets` (`count` photos) to the system trash; resolves true when at least one file moved. */
export async function trashTargets(targets: Targets | null, count: number, afterwards: () => void): Promise<boolean> {
  if (!targets || count === 0) return false;
  const { title, text } = trashQuestion(count);
  if (!(await confirmAction({ title, text, confirm: 'Move to trash' }))) return false;
  let moved = false;
  try {
    const out = await api.trashPhotos(targets);
    const r = trashOutcomeText(out);
    toast(r.text, r.error ? 'error' : 'info');
    moved = out.some((o) => o.ok);
  } catch (e) {
    toast(errorText(e), 'error');
  }
  afterwards();
  return moved;
}
