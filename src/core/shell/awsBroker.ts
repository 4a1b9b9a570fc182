/**
 * The kernel's end of the `aws` shim: a Unix socket in a private (0700) temp folder that answers only
 * requests carrying the per-run secret, one call at a time, and the environment a shell cell gets: the
 * shim first on PATH, and no AWS credentials of its own, so a program that goes around the shim fails
 * closed with a message that says why. See docs/kernel.md.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type ShimReply, type ShimRequest, writeAwsShim } from './awsShim';

/** One `aws ...` a program in the cell ran: argv after `aws`. */
export type ShimCall = Omit<ShimRequest, 'token'>;

export interface ShimOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Runs one call; resolves with its exit code. The signal aborts when the shim goes away (killed, timed out). */
export type ShimHandler = (call: ShimCall, out: ShimOutput, signal: AbortSignal) => Promise<number>;

export interface AwsBroker {
  /** The private folder (socket, shim, sanitized AWS files). */
  readonly dir: string;
  /** The environment for the shell: `base` with the shim first on PATH and no AWS credentials. */
  shellEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  close(): Promise<void>;
}

/** Where a program that goes around the shim sends AWS requests: a name that never resolves (RFC 6761 `.invalid`). */
export const BLOCKED_ENDPOINT = 'https://aws-calls-go-through-the-aws-command-of-the-runbook.invalid';

export const BYPASS_MESSAGE =
  'runbook: this program has no AWS credentials: in a runbook cell every AWS call goes through the `aws` command, which the runbook kernel runs (identity shown, confirmation, dry run, journal). Call `aws ...` instead of going around it (docs/kernel.md).';

/** AWS_* variables a shell cell keeps: none of them holds or points to a credential or an endpoint. */
const KEEP = new Set(['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_DEFAULT_OUTPUT', 'AWS_PAGER', 'AWS_MAX_ATTEMPTS', 'AWS_RETRY_MODE', 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED']);

const MAX_REQUEST_CHARS = 32 * 1024 * 1024;

/** The environment a shell cell runs with: see AwsBroker.shellEnv. */
export function sanitizedShellEnv(base: NodeJS.ProcessEnv, dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) {
    if (v !== undefined && (!k.startsWith('AWS_') || KEEP.has(k))) {
      env[k] = v;
    }
  }
  env.PATH = [path.join(dir, 'bin'), base.PATH].filter(Boolean).join(path.delimiter);
  env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');
  env.AWS_CONFIG_FILE = path.join(dir, 'config');
  env.AWS_EC2_METADATA_DISABLED = 'true';
  env.AWS_ENDPOINT_URL = BLOCKED_ENDPOINT;
  return env;
}

/** Empty credentials; a config whose only credential source fails with BYPASS_MESSAGE (botocore and the JS SDK run it). */
async function writeSanitizedAwsFiles(dir: string): Promise<void> {
  const refuse = path.join(dir, 'no-credentials');
  await writeFile(refuse, `#!/bin/sh\necho '${BYPASS_MESSAGE.replace(/'/g, '')}' >&2\nexit 1\n`, { mode: 0o700 });
  await writeFile(path.join(dir, 'credentials'), `# ${BYPASS_MESSAGE}\n`, { mode: 0o600 });
  await writeFile(path.join(dir, 'config'), `# ${BYPASS_MESSAGE}\n[default]\ncredential_process = "${refuse}"\n`, { mode: 0o600 });
}

function validRequest(v: unknown, token: Buffer): v is ShimRequest {
  const r = v as Partial<ShimRequest> | null;
  if (!r || typeof r.token !== 'string' || !Array.isArray(r.argv) || !r.argv.every((a) => typeof a === 'string') || typeof r.cwd !== 'string') {
    return false;
  }
  const given = Buffer.from(r.token);
  return given.length === token.length && timingSafeEqual(given, token);
}

/** Serves one connection: one request line in, reply lines out, then the connection ends. */
function serve(conn: net.Socket, token: Buffer, run: (req: ShimRequest, out: ShimOutput, signal: AbortSignal) => Promise<number>): void {
  const gone = new AbortController();
  const send = (m: ShimReply) => {
    if (!conn.destroyed && conn.writable) {
      conn.write(`${JSON.stringify(m)}\n`);
    }
  };
  const fail = (message: string, code = 255) => {
    send({ stderr: `aws: ${message}\n` });
    send({ exit: code });
    conn.end();
  };
  let buf = '';
  let taken = false;
  conn.setEncoding('utf8');
  conn.on('error', () => gone.abort());
  conn.on('close', () => gone.abort());
  conn.on('data', (d: string) => {
    if (taken) {
      return;
    }
    buf += d;
    const nl = buf.indexOf('\n');
    if (nl < 0) {
      if (buf.length > MAX_REQUEST_CHARS) {
        taken = true;
        fail('the request is too large.');
      }
      return;
    }
    taken = true;
    let req: unknown;
    try {
      req = JSON.parse(buf.slice(0, nl));
    } catch {
      return fail('refused: not a request from the runbook shim.');
    }
    if (!validRequest(req, token)) {
      return fail('refused: this socket answers only the shim of the running runbook cell.');
    }
    run(req, { stdout: (t) => send({ stdout: t }), stderr: (t) => send({ stderr: t }) }, gone.signal).then(
      (code) => {
        send({ exit: code });
        conn.end();
      },
      (e: unknown) => fail(e instanceof Error ? e.message : String(e)),
    );
  });
}

/**
 * Opens a broker for one shell cell: calls run one at a time (a second waits for the first's confirmation),
 * each through `handler`. Close it when the cell ends: the folder goes, later calls fail closed.
 */
export async function openAwsBroker(handler: ShimHandler, opts: { nodePath?: string } = {}): Promise<AwsBroker> {
  const dir = await mkdtemp(path.join(tmpdir(), 'runbook-aws-'));
  const token = randomBytes(32).toString('hex');
  const socketPath = path.join(dir, 'kernel.sock');
  let queue: Promise<unknown> = Promise.resolve();
  const run = (req: ShimRequest, out: ShimOutput, signal: AbortSignal): Promise<number> => {
    const call: ShimCall = { argv: req.argv, cwd: req.cwd, env: req.env ?? {}, ...(typeof req.stdin === 'string' ? { stdin: req.stdin } : {}) };
    const next = queue.then(() => (signal.aborted ? 255 : handler(call, out, signal)));
    queue = next.catch(() => undefined);
    return next;
  };
  const conns = new Set<net.Socket>();
  const server = net.createServer((conn) => {
    conns.add(conn);
    conn.on('close', () => conns.delete(conn));
    serve(conn, Buffer.from(token), run);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => resolve());
    });
    await writeSanitizedAwsFiles(dir);
    await writeAwsShim(dir, socketPath, token, opts.nodePath);
  } catch (e) {
    server.close();
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    dir,
    shellEnv: (base) => sanitizedShellEnv(base, dir),
    close: async () => {
      conns.forEach((c) => c.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
