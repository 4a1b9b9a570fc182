import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import { parseJournal } from '../../../src/core/incident/journal';
import { findReferences } from '../../../src/core/kernel/placeholders';
import { isReadOnly } from '../../../src/core/aws/policy';

async function cli(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd, env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' } };
  return { code: await main(args, io), out, err };
}

/** Bad input, everywhere the same (issue 9): one stderr line, exit 2, nothing written. */
describe('bad input, everywhere the same', function () {
  this.timeout(30_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'runbook-bad-'));
    writeFileSync(join(dir, 'ok.md'), '# Ok\n\n## Phase 1: Check\n\n```bash\necho hi\n```\n');
    writeFileSync(join(dir, 'binary.md'), Buffer.from([0x23, 0x20, 0x00, 0x01]));
    writeFileSync(join(dir, 'latin1.md'), Buffer.from([0x23, 0x20, 0xe9, 0x0a]));
    writeFileSync(join(dir, 'big.md'), Buffer.alloc(10 * 1024 * 1024 + 1, 0x61));
    mkdirSync(join(dir, 'folder.md'));
    mkdirSync(join(dir, 'records'));
    execFileSync('mkfifo', [join(dir, 'fifo.md')]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const files: [string, RegExp][] = [
    ['missing.md', /no such file/],
    ['folder.md', /is a directory/],
    ['fifo.md', /not a regular file/],
    ['/dev/null', /not a regular file/],
    ['binary.md', /binary file/],
    ['latin1.md', /not UTF-8/],
    ['big.md', /too large/],
  ];
  for (const command of ['fmt', 'cells', 'run', 'health', 'restore']) {
    for (const [file, message] of files) {
      it(`${command} ${file}: one line, exit 2, no journal`, async () => {
        const r = await cli([command, file], dir);
        assert.equal(r.code, 2, r.err);
        assert.equal(r.err.trimEnd().split('\n').length, 1, r.err);
        assert.match(r.err, message);
        assert.equal(existsSync(join(dir, '.runbook')), false, 'a journal was written');
      });
    }
  }

  const usage: [string[], RegExp][] = [
    [['run', 'ok.md', '--record', 'records'], /--record records: is a directory/],
    [['run', 'ok.md', '--record', 'records/'], /is a directory/],
    [['run', 'ok.md', '--phase', '1', '--cell', '4'], /--phase and --cell cannot be combined/],
    [['run', 'ok.md', '--var', 'REGION'], /--var expects NAME=VALUE, one --var has no '=' \(its value is not shown/],
    [['run', 'ok.md', '--secret', 'TOKEN'], /--secret expects NAME=VALUE/],
    [['run', 'ok.md', '--phase', 'Recovery'], /Recovery/],
    [['run', 'ok.md', '--cell', '99'], /--cell 99/],
    [['run', 'ok.md', '--nope'], /nope/],
    [['run'], /FILE is missing/],
    [['deploy', 'ok.md', '--region', 'eu-west-1', '--max-attempts', 'abc'], /--max-attempts takes a whole number from 1 to 10/],
    [['run', 'ok.md', '--engine', 'stepfunctions', '--max-attempts', '0'], /--max-attempts takes a whole number from 1 to 10/],
    [['attach', 'arn:aws:states:eu-west-1:123456789012:execution:m:e', '--max-attempts', '2.5'], /--max-attempts takes a whole number from 1 to 10/],
  ];
  for (const [args, message] of usage) {
    it(`${args.join(' ')}: one line, exit 2, no journal`, async () => {
      const r = await cli(args, dir);
      assert.equal(r.code, 2, r.err);
      assert.equal(r.err.trimEnd().split('\n').length, 1, r.err);
      assert.match(r.err, message);
      assert.equal(existsSync(join(dir, '.runbook')), false);
    });
  }

  it('a misspelled service is refused with a suggestion, without an identity call or the AWS CLI', async () => {
    writeFileSync(join(dir, 'typo.md'), '# T\n\n```bash\naws dynamodbb put-item --table-name t --item "{}" --region af-south-1\n```\n');
    // Nothing listens on port 9: an identity call would fail with a connection error instead.
    const r = await cli(['run', 'typo.md', '--endpoint-url', 'http://127.0.0.1:9'], dir);
    assert.equal(r.code, 1);
    assert.match(r.err, /unknown service dynamodbb; did you mean dynamodb\?/);
    assert.doesNotMatch(r.err, /AWS identity|ECONNREFUSED|AWS CLI/);
    rmSync(join(dir, '.runbook'), { recursive: true, force: true });
  });

  it('a bad AWS_ENDPOINT_URL is refused up front by every command that calls AWS (one line, exit 2)', async () => {
    const commands = [
      ['run', 'ok.md'],
      ['health', 'ok.md'],
      ['check', 'ok.md', '--live'],
      ['deploy', 'ok.md', '--region', 'eu-west-1'],
    ];
    for (const args of commands) {
      let err = '';
      const io: CliIO = { stdout: () => undefined, stderr: (t) => (err += t), cwd: dir, env: { PATH: process.env.PATH, AWS_ENDPOINT_URL: 'ftp://elsewhere' } };
      assert.equal(await main(args, io), 2, args.join(' '));
      assert.match(err.split('\n')[0], /AWS_ENDPOINT_URL expects an http:\/\/ or https:\/\/ URL, got 'ftp:\/\/elsewhere'/, args.join(' '));
    }
    assert.equal(existsSync(join(dir, '.runbook')), false, 'no journal written');
  });

  it('a corrupt journal line is named, never a TypeError', () => {
    const lines = [
      '{"type":"session-start","time":"t","sessionId":"s","runbookPath":"r","operator":"o","host":"h"}',
      '{"type":"execution","time":"t","cellIndex":1}',
      '{"type":"execution","time":"t","cellIndex":1,"source":"x","execution":{},"outputs":[{"items":[{"mime":"m"}]}]}',
      '{"type":"tick"}',
      '[1,2]',
      '{"type":"nope"}',
      '{"type":"session-end","time":"t"}',
      '',
    ];
    const j = parseJournal(lines.join('\n'));
    assert.equal(j.events.length, 2);
    assert.deepEqual(j.problems, [
      'line 2: execution event without a valid source',
      'line 3: execution event without a valid outputs',
      'line 4: tick event without a valid time',
      'line 5: not a JSON object',
      'line 6: unknown event type "nope"',
    ]);
  });

  it('<word> is a placeholder only when written like one or declared', () => {
    assert.deepEqual(findReferences("printf '<details><summary>x</summary>' <TG_ARN> <ZONE_2>").map((r) => r.name), ['TG_ARN', 'ZONE_2']);
    assert.deepEqual(findReferences('echo <cluster>', new Set(['cluster'])).map((r) => r.name), ['cluster']);
  });

  it('aws s3 ls and aws configure get are reads', () => {
    assert.equal(isReadOnly('s3', 'ls'), true);
    assert.equal(isReadOnly('configure', 'get'), true);
    assert.equal(isReadOnly('configure', 'set'), false);
    assert.equal(isReadOnly('s3', 'rm'), false);
  });
});
