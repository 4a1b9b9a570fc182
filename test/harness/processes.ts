import { type ChildProcess } from 'node:child_process';
import * as net from 'node:net';

/** A free TCP port on 127.0.0.1 (the OS picks it; closed again before it is returned). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

const groups = new Set<number>();
let exitHookInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (_e) {
    // the group is already gone
  }
}

/** Remembers a detached child's process group so it is ended even when this process exits abruptly. */
export function trackGroup(child: ChildProcess): void {
  if (child.pid === undefined) {
    return;
  }
  groups.add(child.pid);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const pid of groups) {
        killGroup(pid, 'SIGKILL');
      }
    });
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

/** Ctrl+C / SIGTERM run `cleanup` once, then exit with 130 / 143. */
export function onInterrupt(cleanup: () => Promise<void>): void {
  let running = false;
  const handler = (sig: NodeJS.Signals) => {
    if (running) {
      return;
    }
    running = true;
    void cleanup().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
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
