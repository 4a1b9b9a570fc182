/**
 * Typed errors: each carries a `reason` so callers branch on it, never on the message.
 * `RunbookError.is(e, 'notFound')` narrows.
 */
export class RunbookError<R extends string = string> extends Error {
  constructor(
    readonly reason: R,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'RunbookError';
  }

  static is<R extends string>(e: unknown, reason?: R): e is RunbookError<R> {
    return e instanceof RunbookError && (reason === undefined || e.reason === reason);
  }
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
