// Owns the diagnostics panel's failures list (#failures): one li per file that could not be indexed or decoded, with
// its path, stage and reason and a "Show in folder" button ([data-action="reveal"]); the words are pure functions.
import { countText } from './format';
import type { Failure, FailureList, FailureStage } from './types';

const STAGES: Record<FailureStage, string> = {
  scan: 'Not indexed',
  decode: 'No thumbnail',
};

/** "Not indexed" (the scan could not read it) or "No thumbnail" (indexed, the decode failed). */
export function stageText(stage: FailureStage): string {
  return STAGES[stage] ?? stage;
}

/** The list's heading: "Failures", "Failures (3)", "Failures (500 of 1,204)". */
export function failuresHeading(list: FailureList): string {
  if (list.total === 0) return 'Failures';
  if (list.failures.length < list.total) return `Failures (${countText(list.failures.length)} of ${countText(list.total)})`;
  return `Failures (${countText(list.total)})`;
}

/** What identifies a list's content, so a poll that brings nothing new does not re-render (and steal focus). */
export function failuresKey(list: FailureList): string {
  return `${list.total}|${list.failures.map((f) => `${f.stage}:${f.path}:${f.reason}`).join('\n')}`;
}

/** The file's name: the last path component. */
function fileName(path: string): string {
  const i = path.lastIndexOf('/');
  return i >= 0 && i < path.length - 1 ? path.slice(i + 1) : path;
}

/** The section: heading, then `ul#failures` (or a line saying there are none). */
export function renderFailures(list: FailureList, onReveal: (f: Failure) => void): HTMLElement {
  const sec = document.createElement('section');
  sec.className = 'diag-failures';
  const h = document.createElement('h4');
  h.textContent = failuresHeading(list);
  sec.appendChild(h);
  const ul = document.createElement('ul');
  ul.id = 'failures';
  for (const f of list.failures) {
    const li = document.createElement('li');
    li.dataset['stage'] = f.stage;
    const name = document.createElement('div');
    name.className = 'failure-name';
    name.textContent = fileName(f.path);
    const path = document.createElement('div');
    path.className = 'failure-path';
    path.textContent = f.path;
    path.title = f.path;
    const why = document.createElement('div');
    why.className = 'failure-reason';
    const stage = document.createElement('span');
    stage.className = 'failure-stage';
    stage.textContent = stageText(f.stage);
    why.append(stage, ` ${f.reason}`);
    const reveal = document.createElement('button');
    reveal.type = 'button';
    reveal.className = 'btn';
    reveal.dataset['action'] = 'reveal';
    reveal.textContent = 'Show in folder';
    reveal.addEventListener('click', () => onReveal(f));
    li.append(name, path, why, reveal);
    ul.appendChild(li);
  }
  sec.appendChild(ul);
  if (list.total === 0) {
    const p = document.createElement('p');
    p.className = 'dim';
    p.textContent = 'Every file was read and every thumbnail made.';
    sec.appendChild(p);
  }
  return sec;
}
