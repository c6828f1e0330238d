// Tests BackendError: a command's { kind, message } keeps its kind, framework strings become internal, String(e) is the message.
import { describe, expect, it } from 'vitest';
import { BackendError, errorKind } from '../src/errors';

describe('BackendError', () => {
  it('keeps a command error kind and message', () => {
    const e = BackendError.from({ kind: 'busy', message: 'a backup is already running' });
    expect(e.kind).toBe('busy');
    expect(String(e)).toBe('a backup is already running');
    expect(errorKind(e)).toBe('busy');
  });

  it('treats what Tauri itself rejects with (a string) as internal', () => {
    const e = BackendError.from('timeline_page not allowed on window "main"');
    expect(e.kind).toBe('internal');
    expect(e.message).toMatch(/not allowed/);
    expect(errorKind(new Error('a UI bug'))).toBeNull();
  });
});
