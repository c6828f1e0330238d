// Tests the backup pane's text: progress labels, bar fractions, durations, outcome lines and the keyring line.
import { describe, expect, it } from 'vitest';
import * as t from '../src/backup_text';
import type { BackupOutcome, BackupProgress } from '../src/types';

const progress = (p: Partial<BackupProgress>): BackupProgress => ({
  phase: 'upload',
  objectsDone: 0,
  objectsTotal: 0,
  bytesDone: 0,
  bytesTotal: 0,
  ...p,
});

describe('backup text', () => {
  it('labels each phase with what it knows', () => {
    expect(t.progressText(progress({ objectsDone: 12, objectsTotal: 1060, bytesDone: 1_234_567, bytesTotal: 5_000_000 }))).toBe(
      'Uploading · 12 / 1,060 objects · 1.2 / 5.0 MB',
    );
    expect(t.progressText(progress({ phase: 'hash', objectsDone: 3, objectsTotal: 40 }))).toBe('Hashing new photos · 3 / 40 photos');
    expect(t.progressText(progress({ phase: 'plan' }))).toBe('Comparing with the remote');
    expect(t.progressText(progress({ phase: 'manifest' }))).toBe('Saving albums, marks and tags');
  });

  it('fills the bar by bytes, else by objects, else not at all', () => {
    expect(t.progressFraction(progress({ objectsDone: 1, objectsTotal: 4, bytesDone: 750, bytesTotal: 1000 }))).toBe(0.75);
    expect(t.progressFraction(progress({ phase: 'hash', objectsDone: 1, objectsTotal: 4 }))).toBe(0.25);
    expect(t.progressFraction(progress({ phase: 'plan' }))).toBeNull();
    expect(t.progressFraction(progress({ bytesDone: 2000, bytesTotal: 1000 }))).toBe(1);
  });

  it('formats sizes in MB and durations', () => {
    expect(t.megabytes(0)).toBe('0.0 MB');
    expect(t.megabytes(20_000)).toBe('<0.1 MB');
    expect(t.megabytes(123_456_789)).toBe('123.5 MB');
    expect(t.durationText(3400)).toBe('3.4 s');
    expect(t.durationText(42_000)).toBe('42 s');
    expect(t.durationText(125_000)).toBe('2 min 5 s');
    expect(t.durationText(3_725_000)).toBe('1 h 2 min');
  });

  it('says how a backup ended', () => {
    const done: BackupOutcome = {
      status: 'done',
      error: null,
      summary: {
        uploaded: 60,
        skipped: 1200,
        failed: 2,
        adopted: 0,
        bytesUploaded: 2_500_000,
        elapsedMs: 3400,
        librarySaved: true,
        failures: [],
      },
      finishedAt: null,
    };
    expect(t.outcomeText(done)).toBe('Backed up: 60 uploaded, 1,200 skipped, 2 failed · 2.5 MB in 3.4 s');
    expect(t.outcomeText({ ...done, summary: { ...done.summary!, adopted: 5 } })).toContain('5 already there');
    expect(t.outcomeText({ status: 'failed', error: 'cannot reach the storage server: refused', summary: null, finishedAt: null })).toBe(
      'Backup failed: cannot reach the storage server: refused',
    );
    expect(t.outcomeText({ status: 'cancelled', error: null, summary: null, finishedAt: null })).toMatch(/^Backup cancelled/);
  });
});

describe('keyringText', () => {
  it('says why the keyring cannot be used and that environment keys still work', () => {
    const text = t.keyringText({ available: false, stored: false, message: 'The system keyring is not available (no D-Bus session).' }, false);
    expect(text).toMatch(/^The system keyring is not available \(no D-Bus session\)\. /);
    expect(text).toMatch(/AWS_ACCESS_KEY_ID/);
    expect(t.keyringText({ available: true, stored: false, message: null }, false)).toMatch(/never in the library/);
    expect(t.keyringText({ available: true, stored: true, message: null }, false)).toMatch(/stored in the system keyring/);
    expect(t.keyringText({ available: true, stored: true, message: null }, true)).toMatch(/environment's keys are used first/);
  });
});
