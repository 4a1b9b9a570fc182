/**
 * The corpus of broken runbooks (test/fixtures/check/NAME.md, one per finding): each file's findings, as
 * `runbook check` prints them, equal its golden NAME.expected, and include the rule the file is named after.
 * UPDATE_GOLDEN=1 rewrites the goldens (review the diff).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkText } from '../../../src/core/check/check';
import { humanLine } from '../../../src/core/check/report';
import { ROOT } from '../runbook/helpers';

const DIR = join(ROOT, 'test', 'fixtures', 'check');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.md')).sort();

/** Files named after no single rule: what they must show instead. */
const EXPECTED_RULES: Record<string, string[]> = {
  'clean.md': [],
  'aws-file-payload.md': ['aws-file-missing', 'aws-bad-value'],
};

describe('runbook check: the corpus of broken runbooks', () => {
  it('has one runbook per static rule', () => {
    assert.ok(FILES.length >= 20, `${FILES.length} fixtures`);
  });

  for (const name of FILES) {
    it(name, async () => {
      const text = readFileSync(join(DIR, name), 'utf8');
      const report = await checkText(text, { file: name, cwd: DIR });
      const got = report.findings.map(humanLine).join('\n') + '\n';
      const golden = join(DIR, name.replace(/\.md$/, '.expected'));
      if (process.env.UPDATE_GOLDEN === '1' || !existsSync(golden)) {
        writeFileSync(golden, got);
      }
      assert.equal(got, readFileSync(golden, 'utf8'));
      const rules = new Set(report.findings.map((f) => f.rule));
      const expected = EXPECTED_RULES[name] ?? [name.replace(/\.md$/, '')];
      expected.forEach((r) => assert.ok(rules.has(r), `${name} shows ${r}: ${[...rules].join(', ')}`));
      if (expected.length === 0) {
        assert.deepEqual(report.findings, []);
      }
    });
  }
});
