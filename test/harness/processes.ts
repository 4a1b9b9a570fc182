import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

const groups = new Set<number>();
const tempDirs = new Set<string>();
let exitHookInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (_e) {
    // the group is already gone
  }
}

/** One synchronous 'exit' hook: every tracked process group is SIGKILLed and every throwaway folder removed. */
function installExitHook(): void {
  if (exitHookInstalled) {
    return;
  }
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pid of groups) {
      killGroup(pid, 'SIGKILL');
    }
    for (const dir of tempDirs) {
      removeTempDir(dir);
    }
  });
}

/** Remembers a detached child's process group so it is ended even when this process exits abruptly. */
export function trackGroup(child: ChildProcess): void {
  if (child.pid === undefined) {
    return;
  }
  groups.add(child.pid);
  installExitHook();
}

/**
 * A throwaway folder in the OS temp folder, removed by `removeTempDir` or at the latest when this process
 * exits (also through `onInterrupt` after Ctrl+C). `RUNBOOK_KEEP_TEMP=1` keeps them all for a post-mortem.
 */
export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  installExitHook();
  return dir;
}

/**
 * Removes a throwaway folder; never throws. A browser still shutting down may write into its profile while it
 * goes (at exit playwright kills chromium after this runs): then a detached `rm -rf` removes it 3 s later.
 */
export function removeTempDir(dir: string): void {
  tempDirs.delete(dir);
  if (process.env.RUNBOOK_KEEP_TEMP) {
    return;
  }
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  } catch (_e) {
    spawn('sh', ['-c', 'sleep 3; rm -rf -- "$0"', dir], { detached: true, stdio: 'ignore' }).unref();
  }
}

/** SIGTERM to the whole process group, SIGKILL after `graceMs`; resolves once the leader has exited. */
export async function stopGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) {
    return;
  }
  const exited = child.exitCode !== null || child.signalCode !== null;
  const done = exited ? Promise.resolve() : new Promise<void>((r) => child.once('exit', () => r()));
  killGroup(pid, 'SIGTERM');
  const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
  await done;
  clearTimeout(timer);
  // children that ignored SIGTERM (an extension host mid-shutdown) go too
  killGroup(pid, 'SIGKILL');
  groups.delete(pid);
}

const closers = new Set<() => Promise<void>>();

/**
 * Something to close after the entry point's own cleanup when `onInterrupt` fires (a browser, whose profile
 * folder can only go once chromium has exited). Returns the function that unregisters it again.
 */
export function closeOnInterrupt(close: () => Promise<void>): () => void {
  closers.add(close);
  return () => closers.delete(close);
}

/**
 * Ctrl+C / SIGTERM run `cleanup` and every `closeOnInterrupt` closer once (closers get 15 s at most), then
 * exit with 130 / 143. The same signal again (Ctrl+C twice) exits at once; mocha's SIGINT-then-SIGTERM does not.
 * Either way the 'exit' hook then kills the tracked groups and removes the throwaway folders.
 */
export function onInterrupt(cleanup: () => Promise<void>): void {
  const seen = new Set<NodeJS.Signals>();
  const handler = (sig: NodeJS.Signals) => {
    const code = sig === 'SIGINT' ? 130 : 143;
    if (seen.has(sig)) {
      process.exit(code);
    }
    seen.add(sig);
    if (seen.size > 1) {
      return;
    }
    const closeAll = Promise.allSettled([...closers].map((c) => c()));
    void cleanup()
      .catch(() => undefined)
      .then(() => Promise.race([closeAll, sleep(15_000)]))
      .finally(() => process.exit(code));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

/** Polls `url` until it answers 2xx, or fails after `timeoutMs` or once `alive()` says the server died. */
export async function waitForHttp(url: string, timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive()) {
      throw new Error(`the server exited before ${url} answered`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) {
        return;
      }
    } catch (_e) {
      // not up yet
    }
    await sleep(200);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}
