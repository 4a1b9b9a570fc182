/**
 * Runs a script in a real shell (bash by default) the way a cell needs it: output streamed as it comes
 * (UTF-8 safe across chunk boundaries), in its own process group so that cancel or a timeout ends the
 * whole tree (SIGTERM, then SIGKILL after a grace period). A cell leaves nothing behind: background
 * processes still alive when the shell itself exits are ended the same way. And if the process that runs
 * the cell dies (SIGKILL, a crash of the extension host), a watchdog in the group sees its pipe close and
 * kills the group, so nothing keeps changing AWS unattended.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';
import { RunbookError } from '../errors';

export interface OutputChunk {
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface RunShellOptions {
  /** Shell executable run as `SHELL -c SCRIPT`; default 'bash'. */
  shell?: string;
  cwd?: string;
  /** The complete environment of the shell (merge process.env yourself); default process.env. */
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** 0 or undefined: no timeout. */
  timeoutMs?: number;
  /** Between SIGTERM and SIGKILL when ending the group; default 2000. */
  graceMs?: number;
  onOutput?: (chunk: OutputChunk) => void;
}

export interface RunShellResult {
  /** The shell's exit code; null when it was ended by a signal. */
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  aborted: boolean;
  durationMs: number;
}

export type ShellErrorReason = 'spawnFailed';

export class ShellError extends RunbookError<ShellErrorReason> {}

/**
 * The group leader: starts the watchdog, then becomes the cell's shell (`exec "$0" -c "$1"`, so its pid, the
 * group id and `$$` stay the same). The watchdog blocks reading fd 3, a pipe whose other end only the runner
 * holds: it reads end-of-file when the runner dies, and then kills the whole group. Its own output goes to
 * /dev/null, so it never holds the cell's output open.
 */
const WATCHDOG = '(read x <&3; kill -KILL 0) </dev/null >/dev/null 2>&1 &\nexec 3<&-\nexec "$0" -c "$1"';

/** The shell's executable as `spawn` would find it (a name is looked up on the PATH it gets), or undefined. */
function findShell(shell: string, env: NodeJS.ProcessEnv): string | undefined {
  const dirs = shell.includes('/') ? [''] : (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    const file = dir ? path.join(dir, shell) : shell;
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** How long to wait for the output pipes to close after the shell exits before ending leftovers. */
const LINGER_MS = 100;

/** How often to look whether a group that was sent SIGTERM is gone. */
const GROUP_POLL_MS = 50;

/**
 * Ends the process group led by `pid`: SIGTERM now, SIGKILL after `graceMs` to whatever is left. The wait
 * keeps the process alive (so a CLI run that ends at once still kills what ignored SIGTERM), but only as
 * long as the group exists.
 */
function endGroup(pid: number, graceMs: number): void {
  const send = (sig: NodeJS.Signals | 0): boolean => {
    try {
      process.kill(-pid, sig);
      return true;
    } catch {
      return false; // ESRCH: the group is gone.
    }
  };
  if (!send('SIGTERM')) {
    return;
  }
  const deadline = performance.now() + graceMs;
  const poll = setInterval(() => {
    if (!send(0)) {
      clearInterval(poll);
    } else if (performance.now() >= deadline) {
      send('SIGKILL');
      clearInterval(poll);
    }
  }, Math.min(GROUP_POLL_MS, graceMs));
}

function stream(child: ChildProcess, onOutput: RunShellOptions['onOutput']): void {
  for (const name of ['stdout', 'stderr'] as const) {
    const s = child[name];
    s?.setEncoding('utf8');
    s?.on('data', (text: string) => onOutput?.({ stream: name, text }));
  }
}

/** One run of a script: owns the child, its timers and the abort listener. */
class ShellRun {
  private readonly started = performance.now();
  private readonly child: ChildProcess;
  private timedOut = false;
  private aborted = false;
  private closed = false;
  private exit: { code: number | null; signal: string | null } | undefined;
  private outputOpen = 2;
  private timer: NodeJS.Timeout | undefined;
  private readonly onAbort = (): void => {
    this.aborted = true;
    this.stop();
  };

  constructor(
    script: string,
    private readonly options: RunShellOptions,
    private readonly resolve: (r: RunShellResult) => void,
    reject: (e: Error) => void,
  ) {
    const shell = options.shell || 'bash';
    const env = options.env ?? process.env;
    const found = findShell(shell, env);
    this.child = spawn(found ? '/bin/sh' : shell, found ? ['-c', WATCHDOG, found, script] : ['-c', script], {
      cwd: options.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      detached: true,
    });
    stream(this.child, options.onOutput);
    this.child.once('error', (e) => {
      this.cleanUp();
      reject(new ShellError('spawnFailed', `cannot start shell '${shell}': ${e.message}`, { shell }));
    });
    this.child.once('exit', (code, sig) => this.onExit(code, sig));
    // The watchdog holds fd 3 until the group ends: the cell is over once the shell exited and its output closed.
    for (const s of [this.child.stdout, this.child.stderr]) {
      s?.once('close', () => {
        this.outputOpen -= 1;
        if (this.exit) {
          this.finish();
        }
      });
    }
    this.child.once('close', () => this.finish());
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
    if (options.timeoutMs && options.timeoutMs > 0) {
      this.timer = setTimeout(() => {
        this.timedOut = true;
        this.stop();
      }, options.timeoutMs);
    }
  }

  private stop(): void {
    if (this.child.pid !== undefined && !this.closed) {
      endGroup(this.child.pid, this.options.graceMs ?? 2000);
    }
  }

  private onExit(code: number | null, signal: string | null): void {
    this.exit = { code, signal };
    if (this.outputOpen === 0) {
      this.finish();
      return;
    }
    // Background processes may still hold the pipes: give them a moment, then end them.
    setTimeout(() => {
      if (!this.closed) {
        this.child.stdout?.destroy();
        this.child.stderr?.destroy();
        this.finish();
      }
    }, LINGER_MS).unref();
  }

  private cleanUp(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.options.signal?.removeEventListener('abort', this.onAbort);
  }

  private finish(): void {
    if (this.closed) {
      return;
    }
    // Whatever the script left running in the background ends with the cell.
    this.stop();
    this.cleanUp();
    this.resolve({
      exitCode: this.exit?.code ?? null,
      signal: this.exit?.signal ?? null,
      timedOut: this.timedOut,
      aborted: this.aborted,
      durationMs: Math.round(performance.now() - this.started),
    });
  }
}

/** Runs `SHELL -c script`; resolves when it ends (exit, cancel or timeout); rejects only if the shell cannot start. */
export function runShell(script: string, options: RunShellOptions = {}): Promise<RunShellResult> {
  if (options.signal?.aborted) {
    return Promise.resolve({ exitCode: null, signal: null, timedOut: false, aborted: true, durationMs: 0 });
  }
  return new Promise<RunShellResult>((resolve, reject) => {
    new ShellRun(script, options, resolve, reject);
  });
}
