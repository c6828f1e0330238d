// @vitest-environment jsdom
// Tests the export dialog: the form's values become the request the engine expects (an original never asks to strip
// or resize, custom checks its numbers, a relative folder is refused), the words of progress and summary, and the
// pane against the fake backend: progress, the summary with its failure list, Cancel, and the remembered settings.
import { beforeAll, describe, expect, it } from 'vitest';
import { $, mountApp, until } from './pane';
import { ExportPane } from '../src/export_pane';
import { DEFAULT_FORM, progressLabel, requestOf, summaryText } from '../src/export_text';

describe('requestOf', () => {
  it('sends a preset as it is, and an original keeps its own metadata and size', () => {
    const web = requestOf({ ...DEFAULT_FORM, dest: '/out', metadata: 'noLocation', longEdge: '300' });
    expect(web).toEqual({
      request: { dest: '/out', preset: 'web', longEdge: null, format: null, quality: null, metadata: 'noLocation', nameTemplate: '' },
    });
    const original = requestOf({ ...DEFAULT_FORM, preset: 'original', dest: '/out', metadata: 'none', quality: '50' });
    expect(original).toMatchObject({ request: { preset: 'original', metadata: 'keep', longEdge: null, quality: null, format: null } });
  });

  it('checks a custom size and quality, and asks no quality of PNG', () => {
    const custom = { ...DEFAULT_FORM, preset: 'custom' as const, dest: '/out' };
    expect(requestOf({ ...custom, longEdge: ' 800 ', format: 'webp', quality: '70' })).toMatchObject({
      request: { longEdge: 800, format: 'webp', quality: 70 },
    });
    expect(requestOf({ ...custom, longEdge: '' })).toMatchObject({ request: { longEdge: null, format: 'jpeg', quality: 90 } });
    expect(requestOf({ ...custom, longEdge: '0' })).toEqual({ problem: expect.stringContaining('long edge') });
    expect(requestOf({ ...custom, longEdge: '12px' })).toEqual({ problem: expect.stringContaining('long edge') });
    expect(requestOf({ ...custom, quality: '101' })).toEqual({ problem: expect.stringContaining('1 to 100') });
    expect(requestOf({ ...custom, format: 'png', quality: 'x' })).toMatchObject({ request: { format: 'png', quality: null } });
  });

  it('refuses no folder and a relative one, naming it', () => {
    expect(requestOf({ ...DEFAULT_FORM, dest: '  ' })).toEqual({ problem: 'Choose a folder to export to.' });
    expect(requestOf({ ...DEFAULT_FORM, dest: 'out' })).toEqual({ problem: expect.stringContaining('“out” is not a full path') });
    expect(requestOf({ ...DEFAULT_FORM, dest: ' /home/me/Out ', names: ' {date}_{name} ' })).toMatchObject({
      request: { dest: '/home/me/Out', nameTemplate: '{date}_{name}' },
    });
  });
});

describe('export words', () => {
  it('counts the photo in progress and sums up what happened', () => {
    expect(progressLabel({ done: 0, total: 12 })).toBe('Exporting 1 of 12 photos…');
    expect(progressLabel({ done: 12, total: 12 })).toBe('Exporting 12 of 12 photos…');
    const s = { written: 11, failed: 1, skipped: 0, bytes: 3_400_000, elapsedMs: 2100, cancelled: false, dest: '/out', failures: [] };
    expect(summaryText(s)).toBe('Exported 11 photos (3.4 MB) in 2.1 s to /out. 1 photo could not be exported (listed below).');
    expect(summaryText({ ...s, failed: 0, cancelled: true, skipped: 7, written: 4 })).toBe(
      'Cancelled. Exported 4 photos (3.4 MB) in 2.1 s to /out. 7 photos not started.',
    );
  });
});

describe('ExportPane', () => {
  let pane: ExportPane;
  const submit = (): void => {
    $('export-form').dispatchEvent(new Event('submit', { cancelable: true }));
  };

  beforeAll(() => {
    localStorage.clear();
    mountApp('/?n=50&latency=0');
    pane = new ExportPane($('export-pane'));
  });

  it('shows the custom fields only for custom, and no metadata choice for originals', () => {
    pane.open({ view: null, ranges: [], ids: [1, 2, 3] }, 3);
    expect($('export-what').textContent).toBe('3 photos to export.');
    expect($('export-custom').hidden).toBe(true);
    const preset = $<HTMLSelectElement>('export-preset');
    preset.value = 'custom';
    preset.dispatchEvent(new Event('change'));
    expect($('export-custom').hidden).toBe(false);
    preset.value = 'original';
    preset.dispatchEvent(new Event('change'));
    expect($('export-custom').hidden).toBe(true);
    expect($('export-metadata-label').hidden).toBe(true);
    preset.value = 'web';
    preset.dispatchEvent(new Event('change'));
  });

  it('refuses a relative folder before sending anything', () => {
    $<HTMLInputElement>('export-dest').value = 'Exports';
    submit();
    expect($('export-message').textContent).toContain('not a full path');
    expect($('export-message').classList.contains('error')).toBe(true);
    expect($('export-progress').hidden).toBe(true);
  });

  it('exports with progress, then lists the failures, and remembers the settings', async () => {
    pane.close();
    pane.open({ view: { kind: 'all' }, ranges: [[0, 30]], ids: [] }, 30);
    $<HTMLInputElement>('export-dest').value = '/home/you/Out';
    $<HTMLInputElement>('export-names').value = '{seq}_{name}';
    submit();
    await until('progress', () => !$('export-progress').hidden && /of 30 photos/.test($('export-progress').textContent ?? ''));
    expect($<HTMLButtonElement>('export-start').disabled).toBe(true);
    await until('the summary', () => $('export-status').dataset['state'] === 'partial');
    expect($('export-status').textContent).toMatch(/^Exported 29 photos \(.* MB\) in .* to \/home\/you\/Out\. 1 photo could not/);
    expect($('export-failures').hidden).toBe(false);
    expect($('export-failures').textContent).toBe('IMG_0025.jpg: cannot decode: Premature end of JPEG file');
    expect($('export-progress').hidden).toBe(true);
    pane.close();
    pane.open({ view: null, ranges: [], ids: [4] }, 1);
    expect($<HTMLInputElement>('export-dest').value).toBe('/home/you/Out');
    expect($<HTMLInputElement>('export-names').value).toBe('{seq}_{name}');
    expect($('export-what').textContent).toBe('1 photo to export.');
  });

  it('Cancel stops the export and says what was not started', async () => {
    pane.close();
    pane.open({ view: null, ranges: [], ids: Array.from({ length: 40 }, (_, i) => i + 1) }, 40);
    submit();
    await until('progress', () => /Exporting [2-9] of 40/.test($('export-progress').textContent ?? ''));
    $('export-cancel').click();
    await until('cancelled', () => $('export-status').dataset['state'] === 'cancelled');
    expect($('export-status').textContent).toMatch(/^Cancelled\. Exported \d+ photos .* \d+ photos not started\.$/);
  });
});
