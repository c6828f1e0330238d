// Owns the error every backend call rejects with: the command's kind (the closed set generated from Rust) and its message.
import type { CommandError, ErrorKind } from './bindings';

export type { ErrorKind };

/** A failed backend call. `String(e)` is the message, as the user should read it. */
export class BackendError extends Error {
  readonly kind: ErrorKind;

  constructor(kind: ErrorKind, message: string) {
    super(message);
    this.name = 'BackendError';
    this.kind = kind;
  }

  /** A command's rejection: its `CommandError`, or a framework failure (a refused permission, an unknown
   * command, a bad argument), which Tauri reports as a plain string and which is `internal` here. */
  static from(rejection: CommandError | unknown): BackendError {
    if (rejection instanceof BackendError) return rejection;
    if (isCommandError(rejection)) return new BackendError(rejection.kind, rejection.message);
    return new BackendError('internal', rejection instanceof Error ? rejection.message : String(rejection));
  }

  override toString(): string {
    return this.message;
  }
}

function isCommandError(v: unknown): v is CommandError {
  return typeof v === 'object' && v !== null && typeof (v as CommandError).kind === 'string' && typeof (v as CommandError).message === 'string';
}

/** The kind of a failed call, or null when `e` is not a backend error (a bug in the UI, say). */
export function errorKind(e: unknown): ErrorKind | null {
  return e instanceof BackendError ? e.kind : null;
}
