/** The error an aborted call rejects with when its caller has no better one: an `AbortError`, as fetch and the SDK throw. */
export function abortedError(): Error {
  return Object.assign(new Error('aborted'), { name: 'AbortError' });
}

/**
 * Settles with the promise, or rejects with `reason(signal)` as soon as the signal aborts, even while the promise
 * still waits on a socket (it is left to settle alone, its rejection handled).
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal, reason: (signal: AbortSignal) => unknown = abortedError): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(reason(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(reason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
