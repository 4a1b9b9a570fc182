import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkText } from '../../../src/core/check/check';
import { ROOT } from '../runbook/helpers';

const DIR = join(ROOT, 'test', 'fixtures', 'check');

async function fixesOf(name: string): Promise<{ rule: string; title: string; newText: string; text: string }[]> {
  const text = readFileSync(join(DIR, name), 'utf8');
  const r = await checkText(text, { file: name, cwd: DIR });
  return r.findings.flatMap((f) => {
    if (!f.fix || f.cell === undefined) {
      return [];
    }
    const lines = r.doc.cells[f.cell].source.split('\n');
    const { start, end } = f.fix.range;
    const replaced = start.line === end.line ? lines[start.line].slice(start.character, end.character) : '';
    return [{ rule: f.rule, title: f.fix.title, newText: f.fix.newText, text: replaced }];
  });
}

describe('runbook check: quick fixes', () => {
  it('the closest argument, operation and service name replace the misspelled word', async () => {
    assert.deepEqual(await fixesOf('aws-unknown-argument.md'), [{ rule: 'aws-unknown-argument', title: 'Change to --table-name', newText: '--table-name', text: '--table-nme' }]);
    assert.deepEqual(await fixesOf('aws-unknown-operation.md'), [{ rule: 'aws-unknown-operation', title: 'Change to describe-clusters', newText: 'describe-clusters', text: 'describe-cluster' }]);
    assert.deepEqual(await fixesOf('aws-unknown-service.md'), [{ rule: 'aws-unknown-service', title: 'Change to ecs', newText: 'ecs', text: 'ecss' }]);
  });

  it('a missing --region is added at the end of the command, with the phase region (primary in Assessment, DR after)', async () => {
    assert.deepEqual(await fixesOf('aws-missing-region.md'), [
      { rule: 'aws-missing-region', title: 'Add --region af-south-1', newText: ' --region af-south-1', text: '' },
      { rule: 'aws-missing-region', title: 'Add --region eu-west-1', newText: ' --region eu-west-1', text: '' },
    ]);
  });
});
