/**
 * The one answer to "did the endpoint answer?", for a cell's AWS call (awsErrors.ts) and for the health and live
 * checks (health/call.ts) alike, so a cell and Region Health never disagree on whether a region is unreachable.
 * Decided by the error's code and name (Node's errno codes, the SDK's error names), never by its message.
 */

/** Why a call got no answer: it ran out of time, it was cancelled, or nothing could be reached. */
export type NoAnswer = 'timeout' | 'aborted' | 'unreachable';

/** Node's errno codes for a connection that could not be made or was cut (DNS included). */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EPIPE']);
/** The SDK's `TimeoutError` (connect or request timeout), Node's `ETIMEDOUT`, and a `RequestTimeout` with no HTTP answer. */
const TIMEOUT_CODES = new Set(['TimeoutError', 'ETIMEDOUT', 'RequestTimeout']);

interface ErrorIds {
  name?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/** How `e` got no answer, or undefined when the endpoint answered (an HTTP status, a service error) or `e` says nothing. */
export function noAnswer(e: unknown): NoAnswer | undefined {
  if (e === null || typeof e !== 'object') {
    return undefined;
  }
  const err = e as ErrorIds;
  if (err.$metadata?.httpStatusCode !== undefined) {
    return undefined;
  }
  const ids = [err.code, err.name].filter((x): x is string => typeof x === 'string');
  if (ids.some((id) => TIMEOUT_CODES.has(id))) {
    return 'timeout';
  }
  if (ids.includes('AbortError')) {
    return 'aborted';
  }
  return ids.some((id) => UNREACHABLE_CODES.has(id)) ? 'unreachable' : undefined;
}

/** The code or name that made `noAnswer` decide (for messages): the errno code when there is one. */
export function noAnswerCode(e: unknown): string {
  const err = (e ?? {}) as ErrorIds;
  const code = typeof err.code === 'string' && (UNREACHABLE_CODES.has(err.code) || TIMEOUT_CODES.has(err.code)) ? err.code : undefined;
  return code ?? (typeof err.name === 'string' ? err.name : 'Error');
}
