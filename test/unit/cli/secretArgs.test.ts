/**
 * A `--secret NAME=VALUE` or `--var` value is never echoed by a usage error or the usage, however the
 * arguments are wrong: each case below puts the secret where a careless error message would quote it.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseCommand } from '../../../src/cli/args';
import { pairs } from '../../../src/cli/awsOptions';
import { main } from '../../../src/cli/main';
import { SPECS } from '../../../src/cli/specs';
import { RunbookError } from '../../../src/core/errors';
import { captureIO } from '../../support/cliIO';

const S = 'hunter2-Zq9';

const CASES: string[][] = [
  ['run', 'ok.md', '--secret', `TOKEN=${S}`, '--nope'],
  ['run', 'ok.md', '--var', `PASSWORD=${S}`, '--nope'],
  ['run', 'ok.md', '--nope', '--secret', `TOKEN=${S}`],
  ['run', 'ok.md', '--secret', S],
  ['run', 'ok.md', '--secret', `=${S}`],
  ['run', 'ok.md', `--secret=${S}`],
  ['run', 'ok.md', '--var', S],
  ['run', 'ok.md', `--secrte=TOKEN=${S}`],
  ['run', 'ok.md', '--secret', 'TOKEN', S],
  ['run', 'ok.md', '--secret', `-${S}`],
  ['run', 'ok.md', `--json=${S}`],
  ['run', 'ok.md', `-X${S}`],
  ['run', 'ok.md', '--secret', `TOKEN=${S}`, '--phase'],
  ['run', '--engine', 'stepfunctions', 'ok.md', '--var', `PASSWORD=${S}`, '--nope'],
  ['run', '--engine', 'stepfunctions', 'ok.md', 'extra', S],
  ['check', 'ok.md', '--var', S],
  ['check', 'ok.md', '--var', `TOKEN=${S}`, '--bogus'],
  ['compile', 'ok.md', '--var', S],
  ['compile', 'ok.md', '--var', `API_KEY=${S}`, '--format', 'yaml'],
  ['deploy', 'ok.md', '--var', `PASSWORD=${S}`, `--role-arn=${S}`, '--nope'],
];

describe('a secret given on the command line never reaches a usage error', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'runbook-secret-args-'));
    writeFileSync(path.join(dir, 'ok.md'), '# Ok\n\n## Phase 1: Check\n\n```bash\necho hi\n```\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const args of CASES) {
    it(args.join(' '), async () => {
      const io = captureIO(dir);
      assert.equal(await main(args, io), 2, io.err);
      assert.equal(io.out, '');
      assert.equal(io.err.split('\n').length, 2, io.err);
      assert.match(io.err, /\(usage: runbook \w+ /);
      assert.ok(!io.err.includes('hunter2'), io.err);
      assert.equal(existsSync(path.join(dir, '.runbook')), false, 'nothing ran');
    });
  }

  it("the parser's and the NAME=VALUE check's own messages quote no value (no redactor in between)", () => {
    const messages: string[] = [];
    for (const args of CASES.filter((a) => a[0] === 'run' && a[1] === 'ok.md')) {
      try {
        const { values } = parseCommand(SPECS.run, args.slice(1));
        pairs(values.var, '--var');
        pairs(values.secret, '--secret');
      } catch (e) {
        assert.ok(RunbookError.is(e, 'usage'), String(e));
        messages.push(e.message);
      }
    }
    assert.equal(messages.length, CASES.filter((a) => a[0] === 'run' && a[1] === 'ok.md').length, 'every case is refused');
    for (const m of messages) {
      assert.ok(!m.includes('hunter2'), m);
    }
  });

  it('--help prints no value given next to it', async () => {
    const io = captureIO(dir);
    assert.equal(await main(['run', 'ok.md', '--secret', `TOKEN=${S}`, '--help'], io), 0);
    assert.ok(!io.out.includes('hunter2'));
  });
});
