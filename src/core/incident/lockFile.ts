import * as fs from 'node:fs';
import { RunbookError } from '../errors';

export type LockErrorReason = 'lockTimeout';

export interface LockOptions {
  /** Give up after this long (ms). */
  timeoutMs?: number;
  /** A lock older than this (ms) is stale even if its owner still runs (a hung writer). */
  staleMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_STALE_MS = 15_000;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock is stale when its owner is gone or it is older than `staleMs`; a half-written lock counts by its age. */
function isStale(content: string, mtimeMs: number, staleMs: number): boolean {
  const [pidText] = content.split(' ');
  const pid = Number(pidText);
  if (Date.now() - mtimeMs > staleMs) {
    return true;
  }
  return Number.isInteger(pid) && pid > 0 && !processAlive(pid);
}

/** Removes the lock at `lockPath` if it is stale and still the same lock we looked at. */
function breakIfStale(lockPath: string, staleMs: number): void {
  try {
    const content = fs.readFileSync(lockPath, 'utf8');
    const { mtimeMs } = fs.statSync(lockPath);
    if (isStale(content, mtimeMs, staleMs) && fs.readFileSync(lockPath, 'utf8') === content) {
      fs.unlinkSync(lockPath);
    }
  } catch {
    // gone already, or unreadable: the next O_EXCL attempt decides
  }
}

function tryAcquire(lockPath: string): boolean {
  try {
    const fd = fs.openSync(lockPath, 'wx');
    try {
      fs.writeSync(fd, `${process.pid} ${Date.now()}`);
    } finally {
      fs.closeSync(fd);
    }
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      return false;
    }
    throw e;
  }
}

/**
 * Runs `fn` holding an O_EXCL lock file (`<file>.lock` holding "pid time"). Synchronous on purpose: journal
 * appends happen inside a session's synchronous emit. A lock whose owner died or that is older than
 * `staleMs` is broken.
 */
export function withLockFileSync<T>(lockPath: string, fn: () => T, opts: LockOptions = {}): T {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const staleMs = opts.staleMs ?? DEFAULT_STALE_MS;
  const deadline = Date.now() + timeoutMs;
  let wait = 1;
  while (!tryAcquire(lockPath)) {
    breakIfStale(lockPath, staleMs);
    if (Date.now() > deadline) {
      throw new RunbookError<LockErrorReason>('lockTimeout', `could not lock ${lockPath} within ${timeoutMs} ms`, { lockPath });
    }
    sleepSync(wait);
    wait = Math.min(wait * 2, 50);
  }
  try {
    return fn();
  } finally {
    try {
      fs.unlinkSync(lockPath);
    } catch {
      // broken as stale by someone else: nothing to release
    }
  }
}
