/**
 * The bundled CLI (what bin/runbook.js runs) as a whole child process, for the tests that need one: a
 * second responder, a kill, a cold run. Every test that spawns `runbook` goes through here.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** What a finished `runbook` process said. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** moto's placeholder credentials and a quiet Node; `extra` adds or overrides (e.g. `AWS_MAX_ATTEMPTS`). */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', NODE_NO_WARNINGS: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...extra };
}

/** `runbook ARGS` over the bundle at `cli`, in `cwd`, stdout and stderr piped. */
export function spawnRunbook(cli: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = cliEnv()): ChildProcess {
  const entry = `require(${JSON.stringify(cli)}).main(process.argv.slice(1)).then((c) => { process.exitCode = c; })`;
  return spawn(process.execPath, ['-e', entry, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Waits for the process to close; `onStderr` sees the whole stderr so far after each chunk. */
export function collectRun(child: ChildProcess, onStderr?: (stderr: string) => void): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
    onStderr?.(stderr);
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** `runbook ARGS` to the end. */
export function runRunbook(cli: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<CliRun> {
  return collectRun(spawnRunbook(cli, args, cwd, env));
}
