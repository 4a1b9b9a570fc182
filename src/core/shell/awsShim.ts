/**
 * The `aws` a shell cell finds first on its PATH: a POSIX sh script that runs a tiny Node client with the
 * Node that runs the kernel (`process.execPath`, Electron's included). The client hands its argv, working
 * folder, the AWS_* variables the script set and (when an argument reads it) stdin to the kernel over a
 * Unix socket, with the session's secret, and prints what the kernel answers. Both files are written at
 * run time into a private (0700) folder, so the packaged extension and the CLI bundle carry them as text.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

/** What the shim sends: one JSON line. */
export interface ShimRequest {
  token: string;
  argv: string[];
  cwd: string;
  /** The AWS_* variables of the shim's environment (the script may have set a region or profile). */
  env: Record<string, string>;
  /** stdin, when an argument names /dev/stdin (`file:///dev/stdin`) or an upload reads it (`s3 cp - s3://...`). */
  stdin?: string;
}

/** What the kernel answers: JSON lines of `{stdout}` / `{stderr}` chunks, then one `{exit}`. */
export type ShimReply = { stdout: string } | { stderr: string } | { exit: number };

/** The client, plain CommonJS for any Node >= 16; `__SOCKET__` and `__TOKEN__` are filled in. */
const CLIENT = String.raw`'use strict';
const net = require('net');
const SOCKET = __SOCKET__;
const TOKEN = __TOKEN__;
const argv = process.argv.slice(2);
const env = {};
for (const [k, v] of Object.entries(process.env)) {
  if (/^AWS_/.test(k) && v !== undefined) env[k] = v;
}
let code = 255;
let done = false;
let buf = '';
const sock = net.createConnection(SOCKET);
sock.setEncoding('utf8');
function send(stdin) {
  sock.write(JSON.stringify({ token: TOKEN, argv, cwd: process.cwd(), env, stdin }) + '\n');
}
sock.on('connect', () => {
  const upload = argv[0] === 's3' && (argv[1] === 'cp' || argv[1] === 'mv') && argv[2] === '-';
  if (!upload && !argv.some((a) => a.includes('/dev/stdin'))) return send(undefined);
  const parts = [];
  process.stdin.on('data', (d) => parts.push(d));
  process.stdin.on('end', () => send(Buffer.concat(parts).toString('utf8')));
  process.stdin.on('error', () => send(''));
});
sock.on('data', (d) => {
  buf += d;
  for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
    const m = JSON.parse(buf.slice(0, i));
    buf = buf.slice(i + 1);
    if (typeof m.stdout === 'string') process.stdout.write(m.stdout);
    if (typeof m.stderr === 'string') process.stderr.write(m.stderr);
    if (typeof m.exit === 'number') { code = m.exit; done = true; }
  }
});
sock.on('error', (e) => {
  process.stderr.write('aws: cannot reach the runbook kernel (' + e.message + '): AWS calls from a cell run only while its runbook session is running.\n');
});
sock.on('close', () => {
  if (!done) process.stderr.write('aws: the runbook kernel ended before the call finished; it may have completed partly.\n');
  process.exitCode = code;
});
`;

/** The sh wrapper: Electron's Node needs ELECTRON_RUN_AS_NODE to behave as plain Node. */
function wrapper(node: string, client: string): string {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return `#!/bin/sh\n# runbook: every aws call of a cell goes through the runbook kernel (docs/kernel.md)\nELECTRON_RUN_AS_NODE=1 exec ${q(node)} ${q(client)} "$@"\n`;
}

/** Writes `bin/aws` and its client into `dir` (a private folder); returns the folder to put first on PATH. */
export async function writeAwsShim(dir: string, socketPath: string, token: string, nodePath = process.execPath): Promise<string> {
  const bin = path.join(dir, 'bin');
  const client = path.join(dir, 'aws-shim.js');
  await mkdir(bin, { mode: 0o700 });
  await writeFile(client, CLIENT.replace('__SOCKET__', JSON.stringify(socketPath)).replace('__TOKEN__', JSON.stringify(token)), { mode: 0o600 });
  const aws = path.join(bin, 'aws');
  await writeFile(aws, wrapper(nodePath, client), { mode: 0o700 });
  await chmod(aws, 0o700);
  return bin;
}
