// Owns the pictures of the tiles' badges: each distinct look (a badgeCode) is drawn once on a canvas (the dark pill,
// the colour dot, the stars, heart and flag) and becomes one style rule (`.badges[data-art="…"]`: the picture and its
// width), so a tile entering the screen sets one attribute and shows an image WebKit has already decoded, instead
// of laying out symbol glyphs (font fallback for ★ ♥ ⚑ ✕ per tile cost whole frames while scrolling).
import { badgeCode, badgeText } from '../selection/marks';
import type { Label, Marks } from '../types';

/** The pill's height in CSS pixels (the width follows the text). */
const BADGE_HEIGHT = 18;
const FONT = '11px system-ui, sans-serif';
const LABEL_COLOURS: Record<Exclude<Label, 'none'>, string> = {
  red: '#e5484d',
  yellow: '#f5d90a',
  green: '#30a46c',
  blue: '#3e63dd',
  purple: '#8e4ec6',
};

export interface BadgeArt {
  /** The value of a `.badges` element's data-art attribute that shows this picture. */
  key: string;
  /** What it says, for assistive tech and tests ("★★★★ ✕", "red"). */
  text: string;
}

interface Drawn {
  url: string;
  /** CSS pixels. */
  width: number;
  text: string;
}

const cache = new Map<string, BadgeArt>();
let sheet: CSSStyleSheet | null = null;

/** The picture of `m`'s badges (null when it has none), drawn and given its style rule on first use. */
export function badgeArt(m: Marks): BadgeArt | null {
  const code = badgeCode(m);
  if (code === 0) return null;
  const ratio = Math.max(1, Math.round(window.devicePixelRatio || 1));
  const key = `${code}x${ratio}`;
  let art = cache.get(key);
  if (!art) {
    const drawn = draw(m, ratio);
    addRule(key, drawn);
    art = { key, text: drawn.text };
    cache.set(key, art);
  }
  return art;
}

function addRule(key: string, d: Drawn): void {
  if (!sheet) {
    const style = document.createElement('style');
    style.dataset['owner'] = 'badge_art';
    document.head.appendChild(style);
    sheet = style.sheet;
  }
  sheet?.insertRule(`.tile .badges[data-art="${key}"] { width: ${d.width}px; background-image: url("${d.url}"); }`, sheet.cssRules.length);
}

function draw(m: Marks, ratio: number): Drawn {
  const text = badgeText(m);
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  const dot = m.label !== 'none' ? 12 : 0;
  const spoken = [text, m.label !== 'none' ? m.label : ''].filter(Boolean).join(' ');
  if (!ctx) return { url: '', width: 0, text: spoken };
  ctx.font = FONT;
  const textWidth = text ? Math.ceil(ctx.measureText(text).width) : 0;
  const width = 6 + dot + textWidth + (text ? 6 : dot ? 2 : 6);
  canvas.width = width * ratio;
  canvas.height = BADGE_HEIGHT * ratio;
  ctx.scale(ratio, ratio);
  ctx.fillStyle = 'rgba(0, 0, 0, 0.62)';
  ctx.beginPath();
  ctx.roundRect(0, 0, width, BADGE_HEIGHT, BADGE_HEIGHT / 2);
  ctx.fill();
  if (m.label !== 'none') {
    ctx.beginPath();
    ctx.arc(6 + 4, BADGE_HEIGHT / 2, 4.5, 0, 2 * Math.PI);
    ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
    ctx.fill();
    ctx.beginPath();
    ctx.arc(6 + 4, BADGE_HEIGHT / 2, 3.5, 0, 2 * Math.PI);
    ctx.fillStyle = LABEL_COLOURS[m.label];
    ctx.fill();
  }
  if (text) {
    ctx.font = FONT;
    ctx.fillStyle = '#fff';
    ctx.textBaseline = 'middle';
    ctx.fillText(text, 6 + dot, BADGE_HEIGHT / 2 + 0.5);
  }
  return { url: canvas.toDataURL('image/png'), width, text: spoken };
}
