import { RunbookError } from '../errors';

export function abortError(signal: AbortSignal): RunbookError {
  return RunbookError.is(signal.reason) ? signal.reason : new RunbookError('interrupted', 'Interrupted: the cell was cancelled.');
}

/** A signal that aborts with the caller's signal or after the cell timeout, with a reason that says which. */
export function cellSignal(outer: AbortSignal | undefined, timeoutSeconds: number): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onOuter = () => controller.abort(new RunbookError('interrupted', 'Interrupted: the cell was cancelled.'));
  if (outer?.aborted) {
    onOuter();
  }
  outer?.addEventListener('abort', onOuter, { once: true });
  const timer = timeoutSeconds > 0
    ? setTimeout(() => controller.abort(new RunbookError('timeout', `Timed out: the cell ran longer than ${timeoutSeconds} s (runbooks.cellTimeoutSeconds).`)), timeoutSeconds * 1000)
    : undefined;
  timer?.unref?.();
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuter);
    },
  };
}
