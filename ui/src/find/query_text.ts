// Owns the search box's text as terms (pure, no DOM): its top-level terms (quotes and parentheses respected, `a OR b`
// chains kept as one term), whether a facet's token is among them (alone or inside an OR group), adding / removing a
// token (a second value of the same facet joins the first in an OR group: AND across facets, OR within one), and the
// pieces an error message underlines.

/** One top-level term of a query: its text and where it is ([start, end) in UTF-16 units). */
export interface Term {
  text: string;
  start: number;
  end: number;
}

/** Splits `q` into whitespace-separated pieces outside quotes and parentheses. */
function pieces(q: string): Term[] {
  const out: Term[] = [];
  let depth = 0;
  let quoted = false;
  let start = -1;
  for (let i = 0; i <= q.length; i++) {
    const c = i < q.length ? q[i]! : ' ';
    if (quoted) {
      if (c === '"') quoted = false;
      if (i < q.length) continue;
    }
    if (c === '"') {
      if (start < 0) start = i;
      quoted = true;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    const space = /\s/.test(c) || i === q.length;
    if (space && depth === 0) {
      if (start >= 0) out.push({ text: q.slice(start, i), start, end: i });
      start = -1;
    } else if (start < 0) start = i;
  }
  return out;
}

/** The query's top-level terms; `a OR b OR c` (upper-case OR) is one term. */
export function terms(q: string): Term[] {
  const ps = pieces(q);
  const out: Term[] = [];
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i]!;
    const prev = out[out.length - 1];
    if (p.text === 'OR' && prev && i + 1 < ps.length) {
      const next = ps[++i]!;
      out[out.length - 1] = { text: q.slice(prev.start, next.end), start: prev.start, end: next.end };
      continue;
    }
    out.push(p);
  }
  return out;
}

/** A token as compared: case and quotes ignored. */
export function norm(token: string): string {
  return token.replace(/"/g, '').trim().toLowerCase();
}

/** The alternatives of an OR term (`(a OR b)` or `a OR b`); a plain term is its own single alternative. */
export function alternatives(term: string): string[] {
  let t = term.trim();
  if (t.startsWith('(') && t.endsWith(')')) {
    const inner = t.slice(1, -1);
    if (terms(inner).length >= 1 && balanced(inner)) t = inner.trim();
  }
  const ps = pieces(t);
  if (ps.length < 3 || ps.some((p, i) => (i % 2 === 1) !== (p.text === 'OR'))) return [term.trim()];
  return ps.filter((_, i) => i % 2 === 0).map((p) => p.text);
}

function balanced(s: string): boolean {
  let d = 0;
  let quoted = false;
  for (const c of s) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '(') d++;
    else if (!quoted && c === ')' && --d < 0) return false;
  }
  return d === 0 && !quoted;
}

/** Whether `token` is one of the query's terms, or one alternative of an OR term. */
export function hasToken(q: string, token: string): boolean {
  const want = norm(token);
  return terms(q).some((t) => alternatives(t.text).some((a) => norm(a) === want));
}

function join(parts: readonly string[]): string {
  return parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
}

/**
 * Adds `token` to the query, or removes it when it is there. `siblings` are the other tokens of the same facet: a
 * term made only of siblings gains `token` as an alternative (`(camera:a OR camera:b)`), so values of one facet
 * are ORed while facets are ANDed. Removing the last-but-one alternative leaves a plain term.
 */
export function toggleToken(q: string, token: string, siblings: readonly string[] = []): string {
  const want = norm(token);
  const sib = new Set(siblings.map(norm));
  sib.delete(want);
  const ts = terms(q);
  const texts = ts.map((t) => t.text);
  for (let i = 0; i < ts.length; i++) {
    const alts = alternatives(texts[i]!);
    if (!alts.some((a) => norm(a) === want)) continue;
    const rest = alts.filter((a) => norm(a) !== want);
    if (rest.length === 0) texts.splice(i, 1);
    else texts[i] = join(rest);
    return texts.join(' ');
  }
  for (let i = 0; i < ts.length; i++) {
    const alts = alternatives(texts[i]!);
    if (sib.size > 0 && alts.every((a) => sib.has(norm(a)))) {
      texts[i] = join([...alts, token]);
      return texts.join(' ');
    }
  }
  texts.push(token);
  return texts.join(' ');
}

/** Removes every term that is exactly one of `tokens` (case and quotes ignored). */
export function removeTokens(q: string, tokens: readonly string[]): string {
  const drop = new Set(tokens.map(norm));
  return terms(q)
    .filter((t) => !drop.has(norm(t.text)))
    .map((t) => t.text)
    .join(' ');
}

/** The query cut around an error's span, for underlining: [before, bad, after]; an empty span marks one blank. */
export function errorPieces(q: string, start: number, end: number): [string, string, string] {
  const a = Math.max(0, Math.min(start, q.length));
  const b = Math.max(a, Math.min(end, q.length));
  return [q.slice(0, a), q.slice(a, b) || ' ', q.slice(b)];
}

/** Quotes a value for a `key:value` token when it needs it (spaces, quotes, parentheses, commas). */
export function quoteValue(v: string): string {
  return /[\s"(),]/.test(v) || v === '' ? `"${v.replace(/"/g, '')}"` : v;
}
