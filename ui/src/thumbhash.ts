// Owns decoding base64 thumbhashes into tiny PNG data URLs for tile placeholders, with a bounded cache.
import { thumbHashToDataURL } from 'thumbhash';

const cache = new Map<string, string>();
const MAX = 3000;

/** Data URL for a base64 thumbhash, or null when it does not decode. Cached (LRU by insertion refresh). */
export function thumbhashUrl(b64: string): string | null {
  const hit = cache.get(b64);
  if (hit !== undefined) {
    cache.delete(b64);
    cache.set(b64, hit);
    return hit;
  }
  let url: string;
  try {
    const bin = atob(b64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    url = thumbHashToDataURL(bytes);
  } catch {
    return null;
  }
  cache.set(b64, url);
  if (cache.size > MAX) {
    const first = cache.keys().next().value;
    if (first !== undefined) cache.delete(first);
  }
  return url;
}

export function thumbhashCached(b64: string): boolean {
  return cache.has(b64);
}
