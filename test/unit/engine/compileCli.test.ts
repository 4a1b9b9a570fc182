import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CliIO } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';

const ROOT = path.resolve(__dirname, '../../..');

function io(): CliIO & { out: string; err: string } {
  const r = {
    out: '',
    err: '',
    cwd: ROOT,
    env: { PATH: process.env.PATH },
    signal: new AbortController().signal,
    stdout: (t: string) => void (r.out += t),
    stderr: (t: string) => void (r.err += t),
  };
  return r;
}

describe('runbook compile / deploy / attach (CLI, no AWS)', () => {
  it('compiles the seed to the golden ASL and reports what it could not compile with its line', async () => {
    const o = io();
    assert.equal(await main(['compile', 'runbooks/dr-runbook.md', '--account', '123456789012'], o), 0, o.err);
    assert.deepEqual(JSON.parse(o.out).States, JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/engine/dr-runbook.asl.json'), 'utf8')).States);
    assert.match(o.err, /line 74: not compiled: dig wp\.kimmyai\.io: dig needs a DNS resolver/);
    assert.match(o.err, /6 task state\(s\), 2 approval\(s\), 1 cell\(s\) not compiled; execution input needs vars: TG_ARN, ZONE_ID/);
  });

  it('--format iam and cfn, -o writes the file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'runbook-compile-'));
    try {
      const o = io();
      assert.equal(await main(['compile', 'runbooks/dr-runbook.md', '--format', 'iam', '-o', path.join(dir, 'p.json')], o), 0, o.err);
      const policy = JSON.parse(readFileSync(path.join(dir, 'p.json'), 'utf8')) as { Statement: { Action: string[] }[] };
      assert.ok(policy.Statement[0].Action.includes('route53:ChangeResourceRecordSets'));
      const c = io();
      assert.equal(await main(['compile', 'runbooks/dr-runbook.md', '--format', 'cfn'], c), 0, c.err);
      assert.equal((JSON.parse(c.out) as { Resources: { RunbookStateMachine: { Type: string } } }).Resources.RunbookStateMachine.Type, 'AWS::StepFunctions::StateMachine');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('bad input: one clear line and exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['compile', 'runbooks/dr-runbook.md', '--bogus'], /Unknown option '--bogus'/],
      [['compile', 'runbooks/dr-runbook.md', '--format', 'yaml'], /--format must be asl, cfn or iam/],
      [['compile', 'runbooks/dr-runbook.md', '--phase', '9'], /No phase '9'/],
      [['compile', 'no-such.md'], /ENOENT/],
      [['compile'], /FILE is missing/],
      [['deploy', 'runbooks/dr-runbook.md', '--nope'], /Unknown option '--nope'/],
      [['run', 'runbooks/dr-runbook.md', '--engine', 'lambda'], /--engine must be stepfunctions/],
      [['attach', 'arn:aws:states:eu-west-1:123:nope'], /not an execution ARN/],
      [['attach'], /EXECUTION_ARN is missing/],
    ];
    for (const [args, message] of cases) {
      const o = io();
      assert.equal(await main(args, o), 2, `${args.join(' ')}: ${o.err}`);
      assert.match(o.err.split('\n')[0], message, args.join(' '));
    }
  });
});
