// Owns the DOM of non-tile timeline items: month headers (the Undated group's says what its dates are), day headers
// and loading skeletons.
import { countText, dayTitle, monthTitle } from '../format';
import { UNDATED, type Section } from './section';

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
  if (s.month === UNDATED) {
    // The group's photos record no date; what they show is the file's time.
    el.classList.add('undated');
    t.title = 'These photos record no capture date; they are ordered by their file dates.';
    c.textContent += ' · no capture date, ordered by file date';
  }
  return el;
}

export function dayHeader(day: string, h: number): HTMLElement {
  const el = div('day-header');
  el.dataset['day'] = day;
  el.style.height = `${h}px`;
  el.textContent = dayTitle(day);
  return el;
}
