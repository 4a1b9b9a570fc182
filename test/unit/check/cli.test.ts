import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { check } from '../../../src/cli/check';
import { captureIO } from '../../support/cliIO';
import { isCommandCell } from '../../../src/core/check/cellChecks';
import { checkText } from '../../../src/core/check/check';
import { commandWords } from '../../../src/core/check/words';
import { ROOT } from '../runbook/helpers';

const io = captureIO;

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'check');

describe('runbook check (CLI, static)', () => {
  it('exit 0 on a clean runbook, with a count line', async () => {
    const o = io(FIXTURES);
    assert.equal(await check(['clean.md'], o), 0);
    assert.equal(o.out, '1 file(s) checked: 0 error(s), 0 warning(s), 0 note(s)\n');
  });

  it('exit 1 on an error; warnings only fail with --fail-on warning', async () => {
    assert.equal(await check(['aws-unknown-argument.md'], io(FIXTURES)), 1);
    assert.equal(await check(['dr-rpo-unchecked.md'], io(FIXTURES)), 0);
    assert.equal(await check(['dr-rpo-unchecked.md', '--fail-on', 'warning'], io(FIXTURES)), 1);
  });

  it('exit 2 on bad input: unknown flag, bad --fail-on, no file, a missing file, a directory', async () => {
    for (const args of [['--bogus', 'clean.md'], ['--fail-on', 'info', 'clean.md'], [], ['missing.md'], ['.'], ['clean.md', '--var', 'NOEQUALS']]) {
      const o = io(FIXTURES);
      assert.equal(await check(args, o), 2, args.join(' '));
      assert.match(o.err, /^runbook check: /);
    }
  });

  it('--json and --sarif', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'runbook-check-'));
    try {
      const o = io(FIXTURES);
      assert.equal(await check(['aws-unknown-operation.md', '--json', '--sarif', path.join(dir, 'out.sarif')], o), 1);
      const json = JSON.parse(o.out) as { findings: { rule: string; line: number; column: number; fix?: { newText: string } }[] };
      assert.deepEqual(json.findings.map((f) => [f.rule, f.line, f.column, f.fix?.newText]), [['aws-unknown-operation', 7, 9, 'describe-clusters']]);
      const sarif = JSON.parse(readFileSync(path.join(dir, 'out.sarif'), 'utf8')) as { version: string; runs: { results: { ruleId: string }[] }[] };
      assert.equal(sarif.version, '2.1.0');
      assert.deepEqual(sarif.runs[0].results.map((r) => r.ruleId), ['aws-unknown-operation']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function markdownUnder(dir: string, out: string[] = [], limit = 400): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (out.length >= limit) {
      break;
    }
    const p = path.join(dir, e.name);
    if (e.isDirectory() && !e.isSymbolicLink()) {
      markdownUnder(p, out, limit);
    } else if (e.isFile() && e.name.endsWith('.md')) {
      out.push(p);
    }
  }
  return out;
}

describe('runbook check over a large folder of real markdown (node_modules)', function () {
  this.timeout(240_000);
  it('finishes with no crash and no finding on a cell that is not a command', async () => {
    const files = markdownUnder(path.join(ROOT, 'node_modules'));
    assert.ok(files.length >= 300, `${files.length} markdown files`);
    let findings = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const r = await checkText(text, { file, cwd: path.dirname(file), shellSyntax: true });
      for (const f of r.findings) {
        assert.ok(f.cell !== undefined, `${file}: ${f.rule} has a cell`);
        const cell = r.doc.cells[f.cell];
        const isCommand = isCommandCell(cell, commandWords(cell.source));
        const documentRule = ['phase-no-budget', 'budget-over-rto', 'strategy-region-unused'].includes(f.rule);
        assert.ok(isCommand || (documentRule && cell.kind === 'markup'), `${file}:${f.line} ${f.rule} on a cell that is not a command: ${cell.source.slice(0, 80)}`);
        findings++;
      }
    }
    // Some READMEs do have broken commands; the point is that nothing else is flagged.
    assert.ok(findings >= 0);
  });
});
