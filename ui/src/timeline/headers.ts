// Owns the DOM of non-tile timeline items: month headers, day headers and loading skeletons.
import { countText, dayTitle, monthTitle } from '../format';
import type { Section } from './section';

export function div(cls: string): HTMLDivElement {
  const d = document.createElement('div');
  d.className = cls;
  return d;
}

export function monthHeader(s: Section, h: number): HTMLElement {
  const el = div('month-header');
  el.dataset['month'] = s.month;
  el.style.height = `${h}px`;
  const t = document.createElement('h2');
  t.textContent = monthTitle(s.month);
  const c = document.createElement('span');
  c.className = 'count';
  c.textContent = `${countText(s.count)} ${s.count === 1 ? 'photo' : 'photos'}`;
  el.append(t, c);
  return el;
}

export function dayHeader(day: string, h: number): HTMLElement {
  const el = div('day-header');
  el.dataset['day'] = day;
  el.style.height = `${h}px`;
  el.textContent = dayTitle(day);
  return el;
}
