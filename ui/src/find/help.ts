// Owns the search syntax help (#search-help): the popover the search box's ? button opens, documenting words,
// phrases, key:value with comparisons, ranges, lists, OR, groups and negation, every key, and examples a click puts in
// the box.

/** The keys the engine knows, grouped as the help shows them: [syntax, what it matches]. */
export const HELP_KEYS: [group: string, rows: [string, string][]][] = [
  ['When', [
    ['date:2019  date:2019-07  date:2019-07-14', 'a year, a month or a day; also date:>=2020-03, date:2018..2019'],
    ['year:2019  month:7', 'a year; a month of any year'],
    ['before:2020  after:2018-06', 'before / after a date'],
  ]],
  ['Camera', [
    ['camera:fuji  make:canon  model:"X-T3"', 'camera make or model (words of it)'],
    ['lens:35mm', 'the lens'],
    ['focal:24..70  aperture:<=2.8  f:1.4', 'focal length (mm), aperture'],
    ['iso:>=3200  exposure:1/250  shutter:>1s', 'ISO, exposure time'],
  ]],
  ['File', [
    ['format:heic  is:raw', 'the file format; RAW files'],
    ['folder:"Trips/2019"  name:IMG_01', 'a folder and its sub-folders; the file name'],
    ['width:>4000  mp:>=24  size:>10MB', 'pixel size, megapixels, file size'],
    ['orientation:portrait', 'portrait, landscape, square, panorama'],
  ]],
  ['Organize', [
    ['rating:>=4  stars:5', 'stars'],
    ['is:favourite  is:pick  is:reject  flag:pick', 'favourites, the pick / reject flag'],
    ['label:red', 'colour label'],
    ['tag:"Family/Kids"  tag:none', 'a tag (its sub-tags too); untagged photos'],
    ['album:Holidays  album:none', 'an album; photos in no album'],
  ]],
  ['Where', [
    ['place:lisbon  country:portugal  city:"São Paulo"', 'the place a GPS position is in (offline); any case, accents optional'],
    ['has:gps', 'photos with a GPS position'],
  ]],
];

/** The ways to combine terms: [syntax, meaning]. */
export const HELP_RULES: [string, string][] = [
  ['beach sunset', 'words in the file name, folder, camera, lens, tags, albums or place; 3+ characters match anywhere, 1–2 the start of a word'],
  ['"old town"', 'a phrase'],
  ['iso:>=3200', 'comparisons: > >= < <= ='],
  ['year:2018..2020', 'a range, both ends included'],
  ['camera:fuji,sony', 'a list: either value'],
  ['tag:cat OR tag:dog', 'OR between terms (upper case); ( … ) groups them'],
  ['-tag:work  -screenshot', 'a minus excludes'],
];

export const HELP_EXAMPLES: string[] = [
  'camera:fuji iso:>=3200 rating:>=4 year:2019 tag:"Family/Kids" -tag:work place:lisbon',
  'beach year:2019',
  '(tag:cat OR tag:dog) is:favourite',
  'orientation:portrait -is:reject',
];

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string | null, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Builds the popover's content; a click on an example calls `use` with it. */
export function buildHelp(root: HTMLElement, use: (example: string) => void): void {
  root.replaceChildren();
  root.appendChild(el('h2', null, 'Search'));
  root.appendChild(el('p', 'dim', 'Terms are combined: every one must match. Words and values ignore case and accents.'));
  const rules = el('dl', 'help-rules');
  for (const [syntax, meaning] of HELP_RULES) {
    rules.appendChild(el('dt', null)).appendChild(el('code', null, syntax));
    rules.appendChild(el('dd', null, meaning));
  }
  root.appendChild(rules);
  for (const [group, rows] of HELP_KEYS) {
    root.appendChild(el('h3', null, group));
    const dl = el('dl', 'help-keys');
    for (const [syntax, meaning] of rows) {
      dl.appendChild(el('dt', null)).appendChild(el('code', null, syntax));
      dl.appendChild(el('dd', null, meaning));
    }
    root.appendChild(dl);
  }
  root.appendChild(el('h3', null, 'Examples (click one)'));
  const ul = el('ul', 'help-examples');
  for (const ex of HELP_EXAMPLES) {
    const b = el('button', 'help-example', ex);
    b.type = 'button';
    b.dataset['example'] = ex;
    b.addEventListener('click', () => use(ex));
    ul.appendChild(el('li', null)).appendChild(b);
  }
  root.appendChild(ul);
  root.appendChild(el('p', 'dim small', 'Keys: / or Ctrl+F searches, Esc clears. Filters lists every value with its count.'));
}
