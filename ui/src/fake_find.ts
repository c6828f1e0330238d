// Owns the find half of the in-memory fake backend (plain browser and Vitest): a small subset of the engine's query
// language (words, "phrases", -negation, key:value with comparisons and A..B ranges, a,b lists, OR and parentheses;
// keys camera/make/model, year, iso, rating, is:favourite, place/country/city, name), its errors with spans, facet
// counts under the filter without each facet's own terms, and places; the engine is the reference, this only has to
// be close enough for the UI's tests and a browser demo.
import type { Facet, PlaceCount, QueryProblem } from './types';

/** What a query reads of one photo. */
export interface FakeAttrs {
  id: number;
  name: string;
  make: string;
  model: string;
  year: number;
  iso: number;
  rating: number;
  favourite: boolean;
  country: string | null;
  city: string | null;
}

type Pred = (a: FakeAttrs) => boolean;
interface Node {
  pred: Pred;
  /** The key of a facet condition (for "without its own terms"); null for text and mixed groups. */
  key: string | null;
  text: string;
}

class QueryError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

const KEYS = new Map<string, string>([
  ['camera', 'camera'], ['make', 'camera'], ['model', 'camera'], ['year', 'year'], ['iso', 'iso'],
  ['rating', 'rating'], ['stars', 'rating'], ['is', 'is'], ['place', 'place'], ['country', 'place'],
  ['city', 'place'], ['name', 'name'],
]);

export const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

interface Tok {
  text: string;
  start: number;
  end: number;
}

function lex(q: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      out.push({ text: c, start: i, end: i + 1 });
      i++;
      continue;
    }
    const start = i;
    while (i < q.length && !/[\s()]/.test(q[i]!)) {
      if (q[i] === '"') {
        const close = q.indexOf('"', i + 1);
        if (close < 0) throw new QueryError('unbalanced quote', i, q.length);
        i = close + 1;
      } else i++;
    }
    out.push({ text: q.slice(start, i), start, end: i });
  }
  return out;
}

const unquote = (s: string): string => s.replace(/"/g, '');

function num(key: string, v: string, at: number): number {
  const n = Number(v);
  if (v === '' || !Number.isFinite(n)) throw new QueryError(`${key} wants a number, got '${v}'`, at, at + v.length);
  return n;
}

/** A comparison, range or value list on a number. */
function numPred(key: string, raw: string, at: number, get: (a: FakeAttrs) => number): Pred {
  const m = /^(>=|<=|>|<|=)?(.*)$/.exec(raw)!;
  const op = m[1] ?? '';
  const rest = m[2]!;
  const off = at + op.length;
  if (!op && rest.includes('..')) {
    const [lo, hi] = rest.split('..');
    const a = num(key, lo!, off);
    const b = num(key, hi!, off + lo!.length + 2);
    return (x) => get(x) >= a && get(x) <= b;
  }
  if (!op && rest.includes(',')) {
    const vs = rest.split(',').map((v) => num(key, v, off));
    return (x) => vs.includes(get(x));
  }
  const n = num(key, rest, off);
  switch (op) {
    case '>=': return (x) => get(x) >= n;
    case '<=': return (x) => get(x) <= n;
    case '>': return (x) => get(x) > n;
    case '<': return (x) => get(x) < n;
    default: return (x) => get(x) === n;
  }
}

function textPred(words: string): Pred {
  const ws = fold(words).split(/\s+/).filter(Boolean);
  return (a) => {
    const hay = fold(`${a.name} ${a.make} ${a.model} ${a.city ?? ''} ${a.country ?? ''}`).split(/[\s_.,/-]+/);
    return ws.every((w) => hay.some((h) => h.startsWith(w)));
  };
}

function condition(t: Tok): Node {
  const m = /^([a-zA-Z]+):(.*)$/s.exec(t.text);
  if (!m) return { pred: textPred(unquote(t.text)), key: null, text: t.text };
  const key = m[1]!.toLowerCase();
  const family = KEYS.get(key);
  if (!family) throw new QueryError(`unknown key '${m[1]}'`, t.start, t.start + m[1]!.length);
  const raw = m[2]!;
  const at = t.start + m[1]!.length + 1;
  const value = unquote(raw);
  if (value === '') throw new QueryError(`${key} wants a value`, t.start, t.end);
  const has = (s: string | null): boolean => s !== null && value.split(',').some((v) => fold(s).includes(fold(v)));
  let pred: Pred;
  switch (key) {
    case 'camera': pred = (a) => has(`${a.make} ${a.model}`); break;
    case 'make': pred = (a) => has(a.make); break;
    case 'model': pred = (a) => has(a.model.replace(/^=/, '')) || fold(a.model) === fold(value.replace(/^=/, '')); break;
    case 'year': pred = numPred(key, raw, at, (a) => a.year); break;
    case 'iso': pred = numPred(key, raw, at, (a) => a.iso); break;
    case 'rating':
    case 'stars': pred = numPred(key, raw, at, (a) => a.rating); break;
    case 'is':
      if (!['favourite', 'favorite', 'fav'].includes(value.toLowerCase())) throw new QueryError(`is: knows favourite, not '${value}'`, at, t.end);
      pred = (a) => a.favourite;
      break;
    case 'place': pred = (a) => has(a.city) || has(a.country); break;
    case 'country': pred = (a) => has(a.country); break;
    case 'city': pred = (a) => has(a.city); break;
    default: pred = (a) => has(a.name);
  }
  return { pred, key: family, text: t.text };
}

/** Parses a query into its top-level terms (ANDed). */
function parse(q: string): Node[] {
  if (q.length > 10_000) throw new QueryError('the query is longer than 10,000 characters', 10_000, q.length);
  const toks = lex(q);
  let i = 0;
  const term = (): Node => {
    const t = toks[i++]!;
    if (t.text === ')') throw new QueryError("')' without '('", t.start, t.end);
    if (t.text === '(') {
      const inner: Node[] = [];
      while (i < toks.length && toks[i]!.text !== ')') inner.push(orChain());
      if (i >= toks.length) throw new QueryError("'(' is never closed", t.start, t.end);
      i++;
      const keys = new Set(inner.map((n) => n.key));
      return { pred: (a) => inner.every((n) => n.pred(a)), key: keys.size === 1 ? [...keys][0]! : null, text: '' };
    }
    if (t.text.startsWith('-') && t.text.length > 1) {
      const inner = condition({ text: t.text.slice(1), start: t.start + 1, end: t.end });
      return { pred: (a) => !inner.pred(a), key: inner.key, text: t.text };
    }
    if (t.text === 'OR') throw new QueryError('OR needs a term on each side', t.start, t.end);
    return condition(t);
  };
  const orChain = (): Node => {
    const parts = [term()];
    while (i < toks.length && toks[i]!.text === 'OR') {
      const or = toks[i++]!;
      if (i >= toks.length || toks[i]!.text === ')') throw new QueryError('OR needs a term on each side', or.start, or.end);
      parts.push(term());
    }
    if (parts.length === 1) return parts[0]!;
    const keys = new Set(parts.map((n) => n.key));
    return { pred: (a) => parts.some((n) => n.pred(a)), key: keys.size === 1 ? [...keys][0]! : null, text: '' };
  };
  const out: Node[] = [];
  while (i < toks.length) out.push(orChain());
  return out;
}

/** What is wrong with `q` (null: it parses). */
export function checkQuery(q: string): QueryProblem | null {
  try {
    parse(q);
    return null;
  } catch (e) {
    if (e instanceof QueryError) return { message: e.message, start: e.start, end: e.end };
    throw e;
  }
}

/** A predicate for `q` (throws a QueryError-like BackendError message when it does not parse). */
export function matcher(q: string, skipKey: string | null = null): Pred {
  const nodes = parse(q).filter((n) => skipKey === null || n.key !== skipKey);
  return (a) => nodes.every((n) => n.pred(a));
}

const norm = (s: string): string => unquote(s).toLowerCase();

const FACETS: { name: string; key: string; values(a: FakeAttrs): [value: string, label: string, token: string] | null }[] = [
  { name: 'year', key: 'year', values: (a) => [String(a.year), String(a.year), `year:${a.year}`] },
  { name: 'camera', key: 'camera', values: (a) => [a.model, `${a.make.split(' ')[0]} ${a.model}`, `model:"${a.model}"`] },
  { name: 'iso', key: 'iso', values: (a) => [String(a.iso), `ISO ${a.iso}`, `iso:${a.iso}`] },
  { name: 'rating', key: 'rating', values: (a) => (a.rating > 0 ? [String(a.rating), '★'.repeat(a.rating), `rating:${a.rating}`] : null) },
  { name: 'country', key: 'place', values: (a) => (a.country ? [a.country, a.country, `country:"${a.country}"`] : null) },
];

/** Every facet's values with counts under `q` (each facet without its own terms), over `photos`. */
export function facetsOf(photos: readonly FakeAttrs[], q: string): Facet[] {
  const selected = new Set(parse(q).map((n) => norm(n.text)));
  return FACETS.map((f) => {
    const keep = matcher(q, f.key);
    const counts = new Map<string, [string, string, number]>();
    for (const a of photos) {
      if (!keep(a)) continue;
      const v = f.values(a);
      if (!v) continue;
      const hit = counts.get(v[0]);
      if (hit) hit[2]++;
      else counts.set(v[0], [v[1], v[2], 1]);
    }
    const values = [...counts].map(([value, [label, query, count]]) => ({ value, label, query, count, selected: selected.has(norm(query)) }));
    values.sort((a, b) => (f.name === 'year' ? Number(b.value) - Number(a.value) : b.count - a.count || a.label.localeCompare(b.label)));
    return { name: f.name, values };
  });
}

/** Photos per place under `q`. */
export function placesOf(photos: readonly FakeAttrs[], q: string): PlaceCount[] {
  const keep = matcher(q);
  const counts = new Map<string, PlaceCount>();
  for (const a of photos) {
    if (!a.city || !a.country || !keep(a)) continue;
    const k = `${a.country}/${a.city}`;
    const hit = counts.get(k);
    if (hit) hit.count++;
    else counts.set(k, { country: a.country, countryCode: a.country.slice(0, 2).toUpperCase(), region: '', city: a.city, placeId: counts.size + 1, count: 1 });
  }
  return [...counts.values()].sort((a, b) => a.country.localeCompare(b.country) || b.count - a.count);
}
