// @vitest-environment jsdom
// Tests the backup pane against the fake backend: invalid remotes are refused with the reason, a saved remote
// round-trips, "Back up now" shows progress and then the outcome, and Cancel ends a run as cancelled.
import { beforeAll, describe, expect, it } from 'vitest';
import { $, mountApp, until } from './pane';
import { BackupPane } from '../src/backup';

function type(id: string, value: string): void {
  $<HTMLInputElement>(id).value = value;
}

const submit = (): void => {
  $('backup-form').dispatchEvent(new Event('submit', { cancelable: true }));
};

let pane: BackupPane;

beforeAll(async () => {
  mountApp('/?n=50&latency=0');
  pane = new BackupPane($('backup-pane'), $('backup-button'));
  await pane.listen();
});

describe('BackupPane', () => {
  it('opens with no remote and says whether credentials were found', async () => {
    await pane.open();
    expect(pane.isOpen).toBe(true);
    expect($('backup-button').classList.contains('on')).toBe(true);
    expect($('backup-status').textContent).toBe('No remote set up yet.');
    expect($('backup-credentials').textContent).toMatch(/AWS_ACCESS_KEY_ID/);
    expect($('backup-credentials').dataset['found']).toBe('true');
  });

  it('refuses "Back up now" without a remote in the form (invalid input), not as a failed backup', async () => {
    $('backup-start').click();
    await until('the reason', () => !$('backup-message').hidden);
    expect($('backup-message').classList.contains('error')).toBe(true);
    expect($('backup-message').textContent).toMatch(/save one first/);
    expect($('backup-status').dataset['state']).toBe('idle');
    expect($<HTMLButtonElement>('backup-start').disabled).toBe(false);
    pane.close();
    await pane.open(); // clears the message for the next test
  });

  it('refuses an invalid remote with the reason and saves a valid one', async () => {
    type('backup-url', 'http://bucket');
    submit();
    await until('the error', () => !$('backup-message').hidden);
    expect($('backup-message').classList.contains('error')).toBe(true);
    expect($('backup-message').textContent).toMatch(/expected s3:\/\//);

    type('backup-url', 's3://my-photos/laptop/');
    type('backup-endpoint', 'http://127.0.0.1:9000');
    submit();
    await until('saved', () => $('backup-message').textContent === 'Saved.');
    expect($<HTMLInputElement>('backup-url').value).toBe('s3://my-photos/laptop');
    pane.close();
    await pane.open();
    expect($<HTMLInputElement>('backup-endpoint').value).toBe('http://127.0.0.1:9000');
  });

  it('backs up with progress, then shows the outcome', async () => {
    $('backup-start').click();
    await until('progress', () => !$('backup-progress').hidden && /Uploading/.test($('backup-progress').textContent ?? ''));
    expect($<HTMLButtonElement>('backup-start').disabled).toBe(true);
    expect($('backup-cancel').hidden).toBe(false);
    expect($('backup-status').dataset['state']).toBe('running');
    expect($('backup-progress').textContent).toMatch(/\d+ \/ 50 objects · [\d.]+ \/ 120\.0 MB/);
    await until('done', () => $('backup-status').dataset['state'] === 'done');
    expect($('backup-status').textContent).toMatch(/^Backed up: 50 uploaded, 0 skipped, 0 failed · 120\.0 MB in /);
    expect($('backup-progress').hidden).toBe(true);
    expect($<HTMLButtonElement>('backup-start').disabled).toBe(false);
  });

  it('cancels a running backup', async () => {
    $('backup-start').click();
    await until('running', () => $('backup-status').dataset['state'] === 'running');
    $('backup-cancel').click();
    await until('cancelled', () => $('backup-status').dataset['state'] === 'cancelled');
    expect($('backup-status').textContent).toMatch(/^Backup cancelled/);
    pane.close();
    expect($('backup-pane').hidden).toBe(true);
    expect($('backup-button').classList.contains('on')).toBe(false);
  });
});
