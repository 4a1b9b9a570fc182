/**
 * The moto harness: a real `moto_server` on 127.0.0.1 on a free port, seeded with the runbook's estate
 * (see ./estate.ts), and a blackhole port for the region-down case.
 *
 * moto dies with the test process: it is started through its own Python interpreter with a watchdog
 * thread that exits when its stdin (a pipe from this process) closes, so even a SIGKILLed test run
 * leaves no orphan; `stop()` and process exit kill it too.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { delimiter, join } from 'node:path';

export { seedEstate, PRIMARY_REGION, DR_REGION, REGIONS, ACCOUNT_ID } from './estate';
export type { Estate, RegionEstate, Region } from './estate';

export interface MotoServer {
  endpoint: string;
  port: number;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

function onPath(name: string): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) {
      return join(dir, name);
    }
  }
  return name;
}

let resolvedCommand: { file: string; python?: string } | undefined;

/** Finds the real moto_server script once (pyenv shims cost ~0.3 s per call) and the Python that runs it. */
function motoCommand(): { file: string; python?: string } {
  if (resolvedCommand) {
    return resolvedCommand;
  }
  let file = process.env.MOTO_SERVER ?? '';
  if (!file) {
    const r = spawnSync('pyenv', ['which', 'moto_server'], { encoding: 'utf8' });
    file = r.status === 0 ? r.stdout.trim() : onPath('moto_server');
  }
  let python: string | undefined;
  if (existsSync(file)) {
    const firstLine = readFileSync(file, 'utf8').split('\n', 1)[0];
    // A pip-installed entry point names its Python; a pyenv shim (a bash script) does not.
    const m = /^#!\s*(\S+python[\d.]*)\s*$/.exec(firstLine);
    if (m && existsSync(m[1])) {
      python = m[1];
    }
  }
  resolvedCommand = { file, python };
  return resolvedCommand;
}

const WATCHDOG = [
  'import os, sys, threading',
  'def _watch():',
  '    while sys.stdin.buffer.read(65536):',
  '        pass',
  '    os._exit(0)',
  'threading.Thread(target=_watch, daemon=True).start()',
  // Mends the emulator (not the product): moto 5.2.1 deep-copies the state machine on every
  // StartExecution, dragging in the backend and earlier executions with their locks, so a later
  // execution fails to pickle ("cannot pickle '_thread.RLock'"). The copy only freezes the
  // definition for the execution, and an update replaces attributes, so a shallow copy does.
  'try:',
  '    import copy',
  '    from moto.stepfunctions.parser.models import StepFunctionsParserBackend',
  '    from moto.stepfunctions.models import StateMachine',
  '    StepFunctionsParserBackend.__deepcopy__ = lambda self, memo: self',
  '    StateMachine.__deepcopy__ = lambda self, memo: copy.copy(self)',
  // moto 5.2.1 drops SendTaskFailure's `cause` (AWS keeps it in the history): pass it on.
  '    from moto.core.responses import EmptyResult',
  '    from moto.stepfunctions.responses import StepFunctionResponse',
  '    def _send_task_failure(self):',
  '        self.stepfunction_backend.send_task_failure(self._get_param("taskToken"), error=self._get_param("error"), cause=self._get_param("cause"))',
  '        return EmptyResult()',
  '    StepFunctionResponse.send_task_failure = _send_task_failure',
  'except ImportError:',
  '    pass',
  // Mends the emulator (not the product): aws-sdk tasks as Step Functions documents them (service names,
  // PascalCase members in the request and the result). See moto_sfn_aws_sdk.py.
  `sys.path.insert(0, ${JSON.stringify(__dirname)})`,
  'import moto_sfn_aws_sdk',
  'from moto.server import main',
  'sys.argv = ["moto_server"] + sys.argv[1:]',
  'sys.exit(main())',
].join('\n');

function spawnMoto(port: number): ChildProcess {
  const { file, python } = motoCommand();
  const args = ['-H', '127.0.0.1', '-p', String(port)];
  // MOTO_PORT: the Step Functions interpreter's aws-sdk tasks call back into localhost:MOTO_PORT.
  const env = { ...process.env, PYTHONUNBUFFERED: '1', MOTO_PORT: String(port) };
  const stdio: ['pipe', 'ignore', 'pipe'] = ['pipe', 'ignore', 'pipe'];
  return python ? spawn(python, ['-c', WATCHDOG, ...args], { stdio, env }) : spawn(file, args, { stdio, env });
}

/** A free TCP port on 127.0.0.1 (released before returning; moto binds it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

async function waitUntilUp(child: ChildProcess, endpoint: string, stderr: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`moto_server exited (${child.exitCode ?? child.signalCode}) before answering:\n${stderr()}`);
    }
    if (await answers(`${endpoint}/moto-api/`)) {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`moto_server did not answer ${endpoint}/moto-api/ within ${START_TIMEOUT_MS / 1000} s:\n${stderr()}`);
}

/** Turns on moto's Step Functions interpreter (state machines really run; harmless if already on). */
async function executeStateMachines(endpoint: string): Promise<void> {
  const res = await fetch(`${endpoint}/moto-api/config`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ stepfunctions: { execute_state_machine: true } }),
  });
  await res.arrayBuffer();
  if (!res.ok) {
    throw new Error(`moto config failed: HTTP ${res.status}`);
  }
}

/** Starts moto_server on a free loopback port and waits until it answers. */
export async function startMoto(): Promise<MotoServer> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawnMoto(port);
  let err = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => {
    err = (err + d).slice(-20_000);
  });
  child.on('error', (e) => {
    err += `\nspawn error: ${e.message}`;
  });
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);
  try {
    await waitUntilUp(child, endpoint, () => err);
    await executeStateMachines(endpoint);
  } catch (e) {
    process.off('exit', killOnExit);
    throw e;
  }
  return {
    endpoint,
    port,
    async reset() {
      const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      await res.arrayBuffer();
      if (!res.ok) {
        throw new Error(`moto reset failed: HTTP ${res.status}`);
      }
      await executeStateMachines(endpoint);
    },
    stop() {
      process.off('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) {
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 2000).unref();
      });
    },
  };
}

/** A loopback TCP port that accepts connections and never answers (an unreachable region). */
export function startBlackhole(): Promise<{ url: string; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}`,
        stop: () =>
          new Promise<void>((done) => {
            for (const s of sockets) {
              s.destroy();
            }
            server.close(() => done());
          }),
      });
    });
  });
}
