// @vitest-environment jsdom
// Tests the restore screen: the form's values are checked into the request (a remote that is not s3://, no folder or
// a relative one are refused naming the field), the progress and summary words, and the pane against the fake
// backend: the saved backup remote offered, progress by phase, the summary, a refused remote, Cancel.
import { beforeAll, describe, expect, it } from 'vitest';
import { $, mountApp, until } from './pane';
import { RestorePane } from '../src/restore_pane';
import { restoreProgressText, restoreRequestOf, restoreSummaryText } from '../src/restore_text';

describe('restoreRequestOf', () => {
  it('trims the fields and refuses what cannot be restored from or into', () => {
    expect(restoreRequestOf(' s3://b/p ', ' http://127.0.0.1:9000 ', '', ' /home/me/R ')).toEqual({
      request: { url: 's3://b/p', endpoint: 'http://127.0.0.1:9000', region: '', dest: '/home/me/R' },
    });
    expect(restoreRequestOf('', '', '', '/x')).toMatchObject({ field: 'url' });
    expect(restoreRequestOf('https://bucket', '', '', '/x')).toMatchObject({ field: 'url', problem: expect.stringContaining('s3://') });
    expect(restoreRequestOf('s3://b', '', '', '')).toMatchObject({ field: 'dest' });
    expect(restoreRequestOf('s3://b', '', '', 'Restored')).toMatchObject({ field: 'dest', problem: expect.stringContaining('not a full path') });
  });
});

describe('restore words', () => {
  it('names the phase with counts, and sums up', () => {
    expect(restoreProgressText({ phase: 'download', filesDone: 3, filesTotal: 9, bytesDone: 1_200_000, bytesTotal: 5_000_000 })).toBe(
      'Downloading photos · 3 / 9 · 1.2 MB / 5.0 MB',
    );
    expect(restoreProgressText({ phase: 'snapshot', filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 })).toBe('Reading the backup');
    const s = {
      snapshot: 'x', photos: 9, photosAdded: 9, photosPresent: 0, albums: 1, tags: 0, downloaded: 7, skipped: 2, failed: 1,
      bytes: 3_400_000, thumbnails: 0, elapsedMs: 2100, dest: '/r', failures: [], conflicts: [], conflictsTotal: 0,
    };
    expect(restoreSummaryText(s)).toBe(
      'Restored 9 photos, 1 album and 0 tags into /r: 7 downloaded (3.4 MB), 2 already here, in 2.1 s. 1 file could not be restored (listed below): restore again to retry them.',
    );
  });
});

describe('RestorePane', () => {
  let pane: RestorePane;
  let restored = 0;
  const submit = (): void => {
    $('restore-form').dispatchEvent(new Event('submit', { cancelable: true }));
  };

  beforeAll(() => {
    mountApp('/?n=0&latency=0');
    pane = new RestorePane($('restore-pane'), () => restored++);
  });

  it('offers a folder in Pictures and says whether credentials were found', async () => {
    await pane.open();
    expect(pane.isOpen).toBe(true);
    expect($<HTMLInputElement>('restore-dest').value).toBe('/home/you/Pictures/Restored');
    expect($('restore-credentials').textContent).toMatch(/AWS credentials/);
  });

  it('refuses a remote that is not a backup remote before sending anything', () => {
    $<HTMLInputElement>('restore-url').value = 'bucket';
    submit();
    expect($('restore-message').textContent).toContain('s3://');
    expect($('restore-progress').hidden).toBe(true);
  });

  it('restores with progress, then sums up and refreshes the gallery', async () => {
    $<HTMLInputElement>('restore-url').value = 's3://photos/laptop';
    submit();
    await until('progress', () => /Downloading photos · \d+ \/ 24/.test($('restore-progress').textContent ?? ''));
    expect($<HTMLInputElement>('restore-url').disabled).toBe(true);
    await until('the summary', () => $('restore-status').dataset['state'] === 'done');
    expect($('restore-status').textContent).toMatch(/^Restored 24 photos, 2 albums and 5 tags into \/home\/you\/Pictures\/Restored: 24 downloaded/);
    expect(restored).toBe(1);
    expect($<HTMLInputElement>('restore-url').disabled).toBe(false);
  });

  it('a bucket without a backup says so; Cancel stops a run', async () => {
    $<HTMLInputElement>('restore-url').value = 's3://missing';
    submit();
    await until('the refusal', () => $('restore-status').dataset['state'] === 'failed');
    expect($('restore-status').textContent).toContain('no Shoebox backup');
    $<HTMLInputElement>('restore-url').value = 's3://photos/laptop';
    submit();
    await until('downloading', () => /Downloading photos/.test($('restore-progress').textContent ?? ''));
    $('restore-cancel').click();
    await until('cancelled', () => $('restore-status').dataset['state'] === 'cancelled');
    expect($('restore-status').textContent).toContain('restoring again continues');
  });
});
