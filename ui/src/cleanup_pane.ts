// Owns the clean-up screen (#cleanup-pane): the review of duplicate groups one after another (the photos side by side
// with the fields that differ highlighted, the suggested photo to keep and why, keys to choose, keep, skip and move
// between groups, "not duplicates", the keeper rules' order, and "Resolve all…" with a summary first), and "Recently
// deleted" (what Shoebox moved to the system trash, each with "Put back"). Words and comparisons are cleanup_text.ts.
import * as api from './api';
import {
  FIELDS,
  FIELD_LABELS,
  RULE_TEXT,
  bulkGroups,
  bulkSummary,
  differing,
  groupTitle,
  keepText,
  memberFields,
  moveRule,
  positionText,
  putBackText,
  resolutionText,
  shortFolder,
  trashedWhen,
} from './cleanup_text';
import { confirmAction } from './confirm';
import { byId, closeOnBackdrop, fillList, say, setStatus } from './pane_parts';
import type { DuplicateGroup, DuplicateMember, GroupKind, KeeperRule, Trashed } from './types';

type Tab = 'review' | 'trash';

export class CleanupPane {
  private readonly review = byId<HTMLElement>('cleanup-review');
  private readonly trash = byId<HTMLElement>('cleanup-trash');
  private readonly tabs: Record<Tab, HTMLButtonElement> = {
    review: byId('cleanup-tab-review'),
    trash: byId('cleanup-tab-trash'),
  };
  private readonly kind = byId<HTMLSelectElement>('cleanup-kind');
  private readonly position = byId<HTMLElement>('cleanup-position');
  private readonly status = byId<HTMLElement>('cleanup-status');
  private readonly groupBox = byId<HTMLElement>('cleanup-group');
  private readonly groupTitle = byId<HTMLElement>('cleanup-group-title');
  private readonly members = byId<HTMLElement>('cleanup-members');
  private readonly reason = byId<HTMLElement>('cleanup-reason');
  private readonly keepBtn = byId<HTMLButtonElement>('cleanup-keep');
  private readonly message = byId<HTMLElement>('cleanup-message');
  private readonly problems = byId<HTMLElement>('cleanup-problems');
  private readonly rulesList = byId<HTMLElement>('cleanup-rules');
  private readonly resolveAll = byId<HTMLButtonElement>('cleanup-resolve-all');
  private readonly trashStatus = byId<HTMLElement>('cleanup-trash-status');
  private readonly trashList = byId<HTMLElement>('cleanup-trash-list');
  private readonly trashMessage = byId<HTMLElement>('cleanup-trash-message');
  private groups: DuplicateGroup[] = [];
  private index = 0;
  private shown: DuplicateMember[] = [];
  private keep: number | null = null;
  private rules: KeeperRule[] = [];
  private busy = false;
  private seq = 0;
  private tab: Tab = 'review';

  constructor(
    private readonly el: HTMLElement,
    private readonly button: HTMLElement,
    /** After photos left the library or came back (the timeline, the sidebar's counts). */
    private readonly onChanged: () => void,
  ) {
    this.tabs.review.addEventListener('click', () => void this.show('review'));
    this.tabs.trash.addEventListener('click', () => void this.show('trash'));
    this.kind.addEventListener('change', () => void this.loadGroups());
    byId('cleanup-prev').addEventListener('click', () => void this.go(this.index - 1));
    byId('cleanup-next').addEventListener('click', () => void this.go(this.index + 1));
    this.keepBtn.addEventListener('click', () => void this.keepChosen());
    byId('cleanup-skip').addEventListener('click', () => void this.go(this.index + 1));
    byId('cleanup-not').addEventListener('click', () => void this.notDuplicates());
    this.resolveAll.addEventListener('click', () => void this.resolveEvery());
    this.members.addEventListener('click', (e) => {
      const card = (e.target as HTMLElement).closest<HTMLElement>('.member[data-photo-id]');
      if (card) this.choose(Number(card.dataset['photoId']));
    });
    this.members.addEventListener('dblclick', (e) => {
      if ((e.target as HTMLElement).closest('.member')) void this.keepChosen();
    });
    this.trashList.addEventListener('click', (e) => {
      const b = (e.target as HTMLElement).closest<HTMLElement>('[data-action="put-back"]');
      const id = b?.closest<HTMLElement>('[data-photo-id]')?.dataset['photoId'];
      if (id) void this.putBack(Number(id));
    });
    el.addEventListener('keydown', (e) => this.key(e));
    byId('cleanup-close').addEventListener('click', () => this.close());
    closeOnBackdrop(el, () => this.close());
  }

  get isOpen(): boolean {
    return !this.el.hidden;
  }

  toggle(): void {
    if (this.isOpen) this.close();
    else void this.open('review');
  }

  async open(tab: Tab): Promise<void> {
    this.el.hidden = false;
    this.button.classList.add('on');
    await this.show(tab);
  }

  close(): void {
    this.el.hidden = true;
    this.button.classList.remove('on');
    this.button.focus({ preventScroll: true });
  }

  private async show(tab: Tab): Promise<void> {
    this.tab = tab;
    for (const [t, b] of Object.entries(this.tabs) as [Tab, HTMLButtonElement][]) {
      b.setAttribute('aria-selected', String(t === tab));
      b.classList.toggle('on', t === tab);
    }
    this.review.hidden = tab !== 'review';
    this.trash.hidden = tab !== 'trash';
    if (tab === 'review') await Promise.all([this.loadGroups(), this.loadRules()]);
    else await this.loadTrash();
  }

  // ---------- review ----------

  private get kindFilter(): GroupKind | null {
    return this.kind.value === '' ? null : (this.kind.value as GroupKind);
  }

  /** Reloads the groups (after a change of kind or rules) and shows the first, or the one at `at`. */
  private async loadGroups(at = 0): Promise<void> {
    const seq = ++this.seq;
    setStatus(this.status, 'loading', 'Looking for duplicates…');
    this.groupBox.hidden = true;
    try {
      const groups = await api.duplicateGroups(this.kindFilter);
      if (seq !== this.seq) return;
      this.groups = groups;
      await this.go(at);
    } catch (e) {
      if (seq === this.seq) setStatus(this.status, 'error', String(e instanceof Error ? e.message : e));
    }
  }

  /** Shows group `i` (clamped); "all reviewed" past the last. */
  private async go(i: number): Promise<void> {
    const n = this.groups.length;
    this.resolveAll.disabled = bulkGroups(this.groups, this.kindFilter).length === 0;
    if (n === 0) {
      this.index = 0;
      this.position.textContent = '';
      this.groupBox.hidden = true;
      setStatus(this.status, 'empty', this.kindFilter === null ? 'No duplicates, copies or bursts found.' : 'No groups of this kind.');
      return;
    }
    if (i >= n) {
      this.index = n;
      this.position.textContent = positionText(n - 1, n);
      this.groupBox.hidden = true;
      setStatus(this.status, 'end', `That was the last group: ${n} left unresolved. ↑ goes back.`);
      return;
    }
    this.index = Math.max(0, i);
    const g = this.groups[this.index]!;
    const seq = ++this.seq;
    try {
      const members = await api.duplicateMembers(g.photos);
      if (seq !== this.seq) return;
      this.shown = members;
      this.keep = g.keep;
      this.render(g);
    } catch (e) {
      if (seq === this.seq) setStatus(this.status, 'error', String(e instanceof Error ? e.message : e));
    }
  }

  private render(g: DuplicateGroup): void {
    this.position.textContent = positionText(this.index, this.groups.length);
    setStatus(this.status, 'ready', '');
    this.groupTitle.textContent = groupTitle(g);
    const differs = differing(this.shown);
    this.members.replaceChildren(
      ...this.shown.map((m) => {
        const card = document.createElement('div');
        card.className = 'member';
        card.dataset['photoId'] = String(m.id);
        card.setAttribute('role', 'radio');
        if (m.id === g.keep) card.dataset['suggested'] = 'true';
        const img = document.createElement('img');
        img.alt = m.name;
        img.loading = 'lazy';
        img.src = api.thumbUrl(m.id, 512, m.rev);
        const name = document.createElement('div');
        name.className = 'member-name';
        name.textContent = m.name;
        name.title = m.path;
        const badge = document.createElement('span');
        badge.className = 'keep-badge';
        const dl = document.createElement('dl');
        const shown = memberFields(m);
        for (const f of FIELDS) {
          const row = document.createElement('div');
          row.className = 'field';
          row.dataset['field'] = f;
          row.classList.toggle('differs', differs.has(f));
          const dt = document.createElement('dt');
          dt.textContent = FIELD_LABELS[f];
          const dd = document.createElement('dd');
          dd.textContent = f === 'folder' ? shortFolder(shown[f]) : shown[f];
          dd.title = shown[f];
          row.append(dt, dd);
          dl.appendChild(row);
        }
        card.append(img, badge, name, dl);
        return card;
      }),
    );
    this.reason.textContent = `Suggested: ${this.shown.find((m) => m.id === g.keep)?.name ?? `photo ${g.keep}`} — ${g.reason}.`;
    this.keepBtn.textContent = keepText(g.photos.length);
    this.groupBox.hidden = false;
    this.markChosen();
    this.members.querySelector<HTMLElement>('.member[aria-checked="true"]')?.focus({ preventScroll: true });
  }

  private markChosen(): void {
    for (const card of this.members.querySelectorAll<HTMLElement>('.member')) {
      const on = Number(card.dataset['photoId']) === this.keep;
      card.setAttribute('aria-checked', String(on));
      card.tabIndex = on ? 0 : -1;
      card.querySelector('.keep-badge')!.textContent = on ? 'Keep' : card.dataset['suggested'] ? 'Suggested' : 'To the trash';
    }
  }

  private choose(id: number): void {
    this.keep = id;
    this.markChosen();
    this.members.querySelector<HTMLElement>(`.member[data-photo-id="${id}"]`)?.focus({ preventScroll: true });
  }

  /** ← / →: the photo before or after the one chosen. */
  private chooseBy(by: number): void {
    const ids = this.shown.map((m) => m.id);
    const at = ids.indexOf(this.keep ?? -1);
    const next = ids[Math.max(0, Math.min(ids.length - 1, at + by))];
    if (next !== undefined) this.choose(next);
  }

  private get current(): DuplicateGroup | null {
    return this.groupBox.hidden ? null : (this.groups[this.index] ?? null);
  }

  /** Keeps the chosen photo of the group shown: the others' albums, tags and marks merge into it, they go to the trash. */
  private async keepChosen(): Promise<void> {
    const g = this.current;
    if (!g || this.keep === null || this.busy) return;
    await this.resolve([{ photos: g.photos, keep: this.keep }], this.index);
  }

  private async resolveEvery(): Promise<void> {
    const chosen = bulkGroups(this.groups, this.kindFilter);
    if (chosen.length === 0 || this.busy) return;
    const { title, text } = bulkSummary(this.groups, this.kindFilter);
    const yes = await confirmAction({ title, text, confirm: 'Resolve all' });
    if (!yes) return;
    await this.resolve(
      chosen.map((g) => ({ photos: g.photos, keep: g.keep })),
      0,
    );
  }

  private async resolve(groups: { photos: number[]; keep: number }[], then: number): Promise<void> {
    this.busy = true;
    setStatus(this.status, 'running', groups.length === 1 ? 'Resolving…' : `Resolving ${groups.length} groups…`);
    try {
      const results = await api.resolveDuplicates(groups);
      const { text, problems } = resolutionText(results);
      say(this.message, text, problems.length > 0);
      fillList(this.problems, problems);
      this.onChanged();
    } catch (e) {
      say(this.message, String(e instanceof Error ? e.message : e), true);
    } finally {
      this.busy = false;
    }
    await this.loadGroups(then);
  }

  private async notDuplicates(): Promise<void> {
    const g = this.current;
    if (!g || this.busy) return;
    try {
      await api.notDuplicates(g.photos);
      say(this.message, `Remembered: these ${g.photos.length} photos are not duplicates.`);
      fillList(this.problems, []);
    } catch (e) {
      say(this.message, String(e instanceof Error ? e.message : e), true);
    }
    await this.loadGroups(this.index);
  }

  private async loadRules(): Promise<void> {
    try {
      this.rules = await api.keeperRules();
      this.renderRules();
    } catch (e) {
      say(this.message, String(e instanceof Error ? e.message : e), true);
    }
  }

  private renderRules(): void {
    this.rulesList.replaceChildren(
      ...this.rules.map((r, i) => {
        const li = document.createElement('li');
        li.dataset['rule'] = r;
        const label = document.createElement('span');
        label.textContent = RULE_TEXT[r];
        li.appendChild(label);
        for (const [by, text, title] of [
          [-1, '↑', 'Count more'],
          [1, '↓', 'Count less'],
        ] as const) {
          const b = document.createElement('button');
          b.type = 'button';
          b.className = 'btn icon small';
          b.dataset['move'] = String(by);
          b.textContent = text;
          b.title = title;
          b.setAttribute('aria-label', `${title}: ${RULE_TEXT[r]}`);
          b.disabled = (by < 0 && i === 0) || (by > 0 && i === this.rules.length - 1);
          b.addEventListener('click', () => void this.reorder(i, by));
          li.appendChild(b);
        }
        return li;
      }),
    );
  }

  private async reorder(index: number, by: number): Promise<void> {
    try {
      const moved = this.rules[index];
      this.rules = await api.setKeeperRules(moveRule(this.rules, index, by));
      this.renderRules();
      // Focus stays on the rule moved (on whichever of its buttons can still be pressed).
      this.rulesList.querySelector<HTMLElement>(`[data-rule="${moved}"] button:not([disabled])`)?.focus();
    } catch (e) {
      say(this.message, String(e instanceof Error ? e.message : e), true);
      return;
    }
    await this.loadGroups(this.index);
  }

  // ---------- recently deleted ----------

  private async loadTrash(): Promise<void> {
    setStatus(this.trashStatus, 'loading', 'Loading…');
    try {
      const list = await api.trashedPhotos();
      this.renderTrash(list);
    } catch (e) {
      setStatus(this.trashStatus, 'error', String(e instanceof Error ? e.message : e));
    }
  }

  private renderTrash(list: Trashed[]): void {
    const now = Date.now();
    setStatus(
      this.trashStatus,
      list.length ? 'ready' : 'empty',
      list.length
        ? `${list.length} ${list.length === 1 ? 'photo' : 'photos'} Shoebox moved to the system trash. Put back returns a file to its folder with its marks, tags and albums.`
        : 'Nothing here: photos Shoebox moves to the system trash are listed here until you put them back.',
    );
    this.trashList.replaceChildren(
      ...list.map((t) => {
        const li = document.createElement('li');
        li.dataset['photoId'] = String(t.photo);
        const img = document.createElement('img');
        img.alt = '';
        img.loading = 'lazy';
        img.src = api.thumbUrl(t.photo, 256, t.rev);
        const text = document.createElement('div');
        text.className = 'trash-text';
        const name = document.createElement('strong');
        name.textContent = t.name;
        const where = document.createElement('span');
        where.className = 'dim small';
        const extra = t.sidecars.length ? ` · with ${t.sidecars.length === 1 ? 'its sidecar' : `${t.sidecars.length} sidecars`}` : '';
        where.textContent = `${t.path} · ${trashedWhen(t.trashedAt, now)}${extra}`;
        text.append(name, where);
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'btn small';
        b.dataset['action'] = 'put-back';
        b.textContent = 'Put back';
        li.append(img, text, b);
        return li;
      }),
    );
  }

  private async putBack(id: number): Promise<void> {
    try {
      const out = await api.putBackPhotos([id]);
      const { text, error } = putBackText(out);
      say(this.trashMessage, text, error);
      this.onChanged();
    } catch (e) {
      say(this.trashMessage, String(e instanceof Error ? e.message : e), true);
    }
    await this.loadTrash();
  }

  // ---------- keys ----------

  private key(e: KeyboardEvent): void {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if ((e.target as HTMLElement).closest('select, input, textarea')) return;
    if (this.tab !== 'review' || e.key === 'Escape' || e.key === 'Tab') return;
    const onButton = (e.target as HTMLElement).closest('button') !== null;
    let handled = true;
    switch (e.key) {
      case 'ArrowLeft':
        this.chooseBy(-1);
        break;
      case 'ArrowRight':
        this.chooseBy(1);
        break;
      case 'Enter':
        if (onButton) return; // the button's own action
        void this.keepChosen();
        break;
      case 's':
      case 'S':
      case 'ArrowDown':
      case 'j':
      case 'J':
        void this.go(this.index + 1);
        break;
      case 'ArrowUp':
      case 'k':
      case 'K':
        void this.go(this.index - 1);
        break;
      case 'n':
      case 'N':
        void this.notDuplicates();
        break;
      default:
        handled = false;
    }
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  }
}
