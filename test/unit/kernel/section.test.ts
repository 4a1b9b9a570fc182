import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { RunbookError } from '../../../src/core/errors';
import { cellInputs, findPhase, phaseCells } from '../../../src/core/kernel/section';
import { buildOutline } from '../../../src/core/runbook/outline';
import { parseRunbook } from '../../../src/core/runbook/parse';

const doc = parseRunbook(readFileSync(path.join(__dirname, '../../../runbooks/dr-runbook.md'), 'utf8'));
const outline = buildOutline(doc);

describe('kernel sections', () => {
  it('finds a phase by number, exact title or unique prefix', () => {
    assert.equal(findPhase(outline, 1).title, 'Phase 1: Assessment (15 minutes)');
    assert.equal(findPhase(outline, '3').title, 'Phase 3: DNS Failover (15 minutes)');
    assert.equal(findPhase(outline, 'phase 2: data verification (30 minutes)').title, 'Phase 2: Data Verification (30 minutes)');
    assert.equal(findPhase(outline, 'Phase 3').title, 'Phase 3: DNS Failover (15 minutes)');
  });

  it('names the phases there are when none matches', () => {
    assert.throws(() => findPhase(outline, 'Phase 9'), (e: unknown) => RunbookError.is(e, 'unknownPhase') && /Phase 1: Assessment/.test(e.message));
    assert.throws(() => findPhase(outline, 'Phase'), (e: unknown) => RunbookError.is(e, 'unknownPhase'));
  });

  it('phaseCells gives the code cells under the heading, in order', () => {
    const cells = phaseCells(outline, 'Phase 3');
    assert.deepEqual(cells.map((i) => doc.cells[i].source.split('\n').pop()?.trim()), ['--change-batch file://failover-dns.json', 'dig wp.kimmyai.io']);
    assert.deepEqual(phaseCells(outline, 4), []);
  });

  it('cellInputs keeps the runnable code cells with their document index', () => {
    const all = cellInputs(doc);
    assert.equal(all.length, 5);
    assert.ok(all.every((c) => doc.cells[c.index as number].source === c.source));
  });
});
