// Owns the sidebar's Places section (#places): countries with their cities and counts (from GPS positions, named
// offline by the engine), collapsible; a click adds or removes the place's token in the search box, and rows whose
// token the query holds are marked. Redraws only when the places changed (a redraw under a pointer mid-click
// swallows the click).
import { sideRow } from '../folders';
import { countText } from '../format';
import type { PlaceCount } from '../types';
import { foldPlaces, type CountryRow } from './places_tree';

export interface PlacesHooks {
  places(): Promise<PlaceCount[]>;
  toggle(token: string): void;
  /** Whether the search box's query holds a token. */
  has(token: string): boolean;
}

export class PlacesList {
  private rows: CountryRow[] = [];
  private drawn = '';
  /** Countries opened (closed by default past the first few). */
  private readonly open = new Set<string>();
  private readonly closed = new Set<string>();

  constructor(
    private readonly el: HTMLElement,
    private readonly hooks: PlacesHooks,
  ) {
    el.addEventListener('click', (e) => {
      const row = (e.target as Element).closest<HTMLElement>('[data-place-query]');
      if (!row) return;
      const country = row.dataset['country'];
      if ((e.target as Element).closest('.twisty') && country && !row.dataset['city']) {
        const isOpen = this.isOpen(country, this.rows.findIndex((r) => r.country === country));
        (isOpen ? this.closed : this.open).add(country);
        (isOpen ? this.open : this.closed).delete(country);
        this.render();
        return;
      }
      hooks.toggle(row.dataset['placeQuery']!);
    });
    el.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' && e.key !== ' ') return;
      const row = (e.target as Element).closest<HTMLElement>('[data-place-query]');
      if (!row) return;
      e.preventDefault();
      hooks.toggle(row.dataset['placeQuery']!);
    });
  }

  /** Fetches the places again; redraws only when they changed. */
  async reload(): Promise<void> {
    let places: PlaceCount[];
    try {
      places = await this.hooks.places();
    } catch (e) {
      console.warn('places failed', e);
      return;
    }
    const drawn = JSON.stringify(places);
    if (drawn === this.drawn) return;
    this.drawn = drawn;
    this.rows = foldPlaces(places);
    this.render();
  }

  /** Marks the rows whose token the query holds (after the query changed). */
  markActive(): void {
    for (const r of this.el.querySelectorAll<HTMLElement>('[data-place-query]')) {
      const on = this.hooks.has(r.dataset['placeQuery']!);
      r.classList.toggle('active', on);
      r.setAttribute('aria-selected', String(on));
    }
  }

  private isOpen(country: string, index: number): boolean {
    if (this.open.has(country)) return true;
    if (this.closed.has(country)) return false;
    return index < 3;
  }

  private render(): void {
    const frag = document.createDocumentFragment();
    const title = document.createElement('div');
    title.className = 'side-title';
    title.textContent = 'Places';
    frag.appendChild(title);
    if (this.rows.length === 0) {
      const p = document.createElement('p');
      p.className = 'side-hint';
      p.textContent = 'Photos with a GPS position appear here by country and city.';
      frag.appendChild(p);
    }
    this.rows.forEach((c, i) => {
      const open = this.isOpen(c.country, i);
      const row = sideRow(c.country, c.count, 0, c.cities.length > 0 ? !open : null);
      row.classList.add('place');
      row.dataset['placeQuery'] = c.token;
      row.dataset['country'] = c.country;
      row.tabIndex = 0;
      row.title = `${c.country}\n${countText(c.count)} ${c.count === 1 ? 'photo' : 'photos'} · ${c.token}`;
      frag.appendChild(row);
      if (!open) return;
      for (const city of c.cities) {
        const r = sideRow(city.city, city.count, 1, null);
        r.classList.add('place');
        r.dataset['placeQuery'] = city.token;
        r.dataset['country'] = c.country;
        r.dataset['city'] = city.city;
        r.tabIndex = 0;
        r.title = `${[city.city, city.region, c.country].filter(Boolean).join(', ')}\n${countText(city.count)} ${city.count === 1 ? 'photo' : 'photos'} · ${city.token}`;
        frag.appendChild(r);
      }
    });
    this.el.replaceChildren(frag);
    this.markActive();
  }
}
