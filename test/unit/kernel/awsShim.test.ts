import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { run } from '../../../src/cli/run';
import type { CliIO } from '../../../src/cli/io';
import { checkNoAbbreviatedGlobals, normalizeAwsArgv } from '../../../src/core/aws/globalFlags';
import { RunbookError } from '../../../src/core/errors';
import { runningCellLines } from '../../../src/core/incident/unfinished';
import { CellRunner } from '../../../src/core/kernel/runner';
import { BLOCKED_ENDPOINT, openAwsBroker, type AwsBroker, type ShimCall } from '../../../src/core/shell/awsBroker';
import { runShell } from '../../../src/core/shell/runShell';
import type { SessionEvent } from '../../../src/core/session/events';
import { testContext } from './kernelContext';

async function sh(script: string, env: NodeJS.ProcessEnv, cwd: string): Promise<{ out: string; err: string; code: number | null }> {
  let out = '';
  let err = '';
  const r = await runShell(script, { env, cwd, onOutput: (c) => (c.stream === 'stdout' ? (out += c.text) : (err += c.text)) });
  return { out, err, code: r.exitCode };
}

describe('global AWS CLI options written in full', () => {
  it('moves the options written before the service after the operation', () => {
    assert.deepEqual(normalizeAwsArgv(['--region', 'eu-west-1', '--output=text', 'ecs', 'list-clusters']), ['ecs', 'list-clusters', '--region', 'eu-west-1', '--output=text']);
    assert.deepEqual(normalizeAwsArgv(['--debug', 'sts', 'get-caller-identity']), ['sts', 'get-caller-identity', '--debug']);
  });

  it('refuses abbreviations (the AWS CLI v1 would read --reg as --region), before the service and after it', () => {
    const ambiguous = (f: () => unknown, hint: RegExp) => assert.throws(f, (e: unknown) => RunbookError.is(e, 'ambiguousOption') && hint.test(e.message));
    ambiguous(() => normalizeAwsArgv(['--reg', 'af-south-1', 'dynamodb', 'put-item']), /--reg is not an option: write it in full \(--region\)/);
    ambiguous(() => normalizeAwsArgv(['--endpoint', 'http://x', 'sts', 'get-caller-identity']), /--endpoint-url/);
    ambiguous(() => normalizeAwsArgv(['-r', 'x', 'sts', 'get-caller-identity']), /-r is not an option/);
    ambiguous(() => checkNoAbbreviatedGlobals(['--table-name', 't', '--prof=prod']), /--profile/);
    assert.doesNotThrow(() => checkNoAbbreviatedGlobals(['--table-name', 't', '--region', 'x', '--no-paginate', '--output-s3-bucket', 'b']));
  });
});

describe('the aws shim and its broker', () => {
  let dir: string;
  let broker: AwsBroker | undefined;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'shim-'));
  });
  afterEach(async () => {
    await broker?.close();
    broker = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('hands argv, folder, AWS_* variables and stdin to the kernel and prints its answer with its exit code', async () => {
    const calls: ShimCall[] = [];
    broker = await openAwsBroker(async (call, out) => {
      calls.push(call);
      out.stdout(`out:${call.argv.join(',')}\n`);
      out.stderr('note\n');
      return 7;
    });
    assert.equal(statSync(broker.dir).mode & 0o777, 0o700);
    const env = broker.shellEnv({ PATH: process.env.PATH, HOME: '/home/x', AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE12', AWS_SECRET_ACCESS_KEY: 's', AWS_SESSION_TOKEN: 't', AWS_PROFILE: 'prod', AWS_REGION: 'eu-west-1' });
    const r = await sh(`cd "${dir}"; echo '{"a":1}' | AWS_PROFILE=dr aws s3 ls "two words" --x file:///dev/stdin; echo "exit $?"`, env, dir);
    assert.equal(r.out, 'out:s3,ls,two words,--x,file:///dev/stdin\nexit 7\n');
    assert.equal(r.err, 'note\n');
    assert.equal(calls[0].cwd, dir);
    assert.equal(calls[0].stdin, '{"a":1}\n');
    assert.equal(calls[0].env.AWS_PROFILE, 'dr');
    assert.equal(calls[0].env.AWS_REGION, 'eu-west-1');
    assert.equal(calls[0].env.AWS_ACCESS_KEY_ID, undefined);
  });

  it('gives the shell no AWS credentials: keys and profile gone, sanitized files, IMDS off, an endpoint that never resolves', async () => {
    broker = await openAwsBroker(async () => 0);
    const env = broker.shellEnv({ PATH: '/usr/bin', AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_SESSION_TOKEN: 'c', AWS_PROFILE: 'p', AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://x', AWS_WEB_IDENTITY_TOKEN_FILE: '/t', AWS_REGION: 'af-south-1' });
    for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE']) {
      assert.equal(env[k], undefined, k);
    }
    assert.equal(env.AWS_REGION, 'af-south-1');
    assert.equal(env.AWS_EC2_METADATA_DISABLED, 'true');
    assert.equal(env.AWS_ENDPOINT_URL, BLOCKED_ENDPOINT);
    assert.equal(env.PATH, `${path.join(broker.dir, 'bin')}:/usr/bin`);
    assert.doesNotMatch(readFileSync(env.AWS_SHARED_CREDENTIALS_FILE ?? '', 'utf8'), /aws_access_key_id/);
    const refuse = await sh(/credential_process = "(.*)"/.exec(readFileSync(env.AWS_CONFIG_FILE ?? '', 'utf8'))?.[1] ?? 'false', env, dir);
    assert.equal(refuse.code, 1);
    assert.match(refuse.err, /no AWS credentials: in a runbook cell every AWS call goes through the `aws` command/);
  });

  it('answers nobody without the secret, and fails closed once the cell is over', async () => {
    let called = 0;
    broker = await openAwsBroker(async () => ++called);
    const socket = path.join(broker.dir, 'kernel.sock');
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      const c = net.createConnection(socket, () => c.write(`${JSON.stringify({ token: 'guess', argv: ['sts', 'get-caller-identity'], cwd: '/', env: {} })}\n`));
      c.setEncoding('utf8').on('data', (d: string) => (text += d)).on('close', () => resolve(text));
    });
    assert.match(answer, /refused/);
    assert.match(answer, /"exit":255/);
    assert.equal(called, 0);
    const env = broker.shellEnv({ PATH: process.env.PATH });
    const shim = path.join(broker.dir, 'bin', 'aws');
    writeFileSync(path.join(dir, 'client.js'), readFileSync(path.join(broker.dir, 'aws-shim.js')));
    await broker.close();
    broker = undefined;
    assert.equal(existsSync(shim), false);
    const late = await sh(`"${process.execPath}" "${path.join(dir, 'client.js')}" sts get-caller-identity`, env, dir);
    assert.equal(late.code, 255);
    assert.match(late.err, /cannot reach the runbook kernel/);
  });
});

describe('a cell that was running when the session ended', () => {
  it('is journaled as started before it runs, and restore names it with what was confirmed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'start-'));
    try {
      const ctx = testContext({ cwd: dir });
      const seen: SessionEvent['type'][] = [];
      ctx.session.onEvent((e) => seen.push(e.type));
      await new CellRunner().run({ source: 'echo hi', language: 'bash', index: 4 }, ctx);
      assert.deepEqual(seen, ['cell-start', 'execution']);
      const t = new Date().toISOString();
      const lines = runningCellLines([
        { type: 'cell-start', time: t, cellIndex: 4, source: '# switch\naws route53 change-resource-record-sets --hosted-zone-id Z', language: 'bash' },
        { type: 'confirmation', time: t, cellIndex: 4, summary: 's', service: 'route53', operation: 'change-resource-record-sets', region: 'us-east-1', account: '1', confirmed: true },
        { type: 'cell-start', time: t, cellIndex: 6, source: 'echo done', language: 'bash' },
        { type: 'execution', time: t, cellIndex: 6, source: 'echo done', outputs: [], execution: { startTime: t, durationMs: 1, success: true } },
      ]);
      assert.deepEqual(lines, [
        'cell 4 was running when the session ended; it may have completed partly (aws route53 change-resource-record-sets --hosted-zone-id Z; changes confirmed: aws route53 change-resource-record-sets in us-east-1)',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('runbook run: endpoint flags are checked before anything runs', () => {
  it('--endpoint-url ftp://x, a bad --region-endpoint or AWS_ENDPOINT_URL: one line, exit 2, no journal', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'endpoint-'));
    try {
      writeFileSync(path.join(dir, 'r.md'), '# R\n\n```bash\necho ran\n```\n');
      const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
        [['--endpoint-url', 'ftp://x'], {}, /--endpoint-url expects an http:\/\/ or https:\/\/ URL, got 'ftp:\/\/x'/],
        [['--endpoint-url', 'not a url'], {}, /--endpoint-url expects/],
        [['--region-endpoint', 'af-south-1=file:///etc'], {}, /--region-endpoint af-south-1 expects/],
        [['--region-endpoint', 'nowhere=http://x'], {}, /a region such as eu-west-1/],
        [[], { AWS_ENDPOINT_URL: 'ftp://x' }, /AWS_ENDPOINT_URL expects/],
      ];
      for (const [flags, env, message] of cases) {
        let out = '';
        let err = '';
        const io: CliIO = { cwd: dir, env: { PATH: process.env.PATH, ...env }, stdout: (t) => (out += t), stderr: (t) => (err += t), signal: new AbortController().signal };
        assert.equal(await run(['r.md', ...flags], io), 2, err);
        assert.match(err.split('\n')[0], message);
        assert.equal(out, '');
      }
      assert.deepEqual(readdirSync(dir), ['r.md']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
