// Owns folding the engine's place counts into the sidebar's Places rows (pure): countries by count, their cities under
// them, each with its count and the search token that selects it (country:"…" / city:"…").
import type { PlaceCount } from '../types';
import { quoteValue } from './query_text';

export interface CityRow {
  city: string;
  region: string;
  count: number;
  token: string;
}

export interface CountryRow {
  country: string;
  code: string;
  count: number;
  token: string;
  cities: CityRow[];
}

/** Countries (most photos first, then by name), each with its cities (the same order). */
export function foldPlaces(places: readonly PlaceCount[]): CountryRow[] {
  const byCountry = new Map<string, CountryRow>();
  for (const p of places) {
    if (!p.country) continue;
    let c = byCountry.get(p.country);
    if (!c) byCountry.set(p.country, (c = { country: p.country, code: p.countryCode, count: 0, token: `country:${quoteValue(p.country)}`, cities: [] }));
    c.count += p.count;
    if (!p.city) continue;
    const city = c.cities.find((x) => x.city === p.city);
    if (city) city.count += p.count;
    else c.cities.push({ city: p.city, region: p.region, count: p.count, token: `city:${quoteValue(p.city)}` });
  }
  const order = <T extends { count: number }>(name: (t: T) => string) => (a: T, b: T): number => b.count - a.count || name(a).localeCompare(name(b));
  const rows = [...byCountry.values()].sort(order((c) => c.country));
  for (const r of rows) r.cities.sort(order((c) => c.city));
  return rows;
}
