import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOutline, cellStartLines } from '../../../src/core/runbook/outline';
import { parseDuration, plainText } from '../../../src/core/runbook/outlineText';
import { parseRunbook } from '../../../src/core/runbook/parse';
import { readFixture, ROOT } from './helpers';

describe('buildOutline', () => {
  const seedText = readFileSync(join(ROOT, 'runbooks', 'dr-runbook.md'), 'utf8');
  const seed = parseRunbook(seedText);
  const outline = buildOutline(seed);
  const seedLines = seedText.split('\n');

  it('reads title, regions, RTO and RPO from the DR Strategy list', () => {
    assert.equal(outline.title, 'Disaster Recovery Runbook');
    assert.deepEqual(outline.regions, { primary: 'af-south-1', dr: 'eu-west-1' });
    assert.deepEqual(outline.rto, { text: '4 hours', minutes: 240 });
    assert.deepEqual(outline.rpo, { text: '1 hour', minutes: 60 });
  });

  it('lists the four phases with budgets, heading lines and their code cells', () => {
    assert.deepEqual(
      outline.phases.map((p) => [p.title, p.budgetMinutes, p.cellIndexes.length]),
      [
        ['Phase 1: Assessment (15 minutes)', 15, 1],
        ['Phase 2: Data Verification (30 minutes)', 30, 2],
        ['Phase 3: DNS Failover (15 minutes)', 15, 2],
        ['Phase 4: Verification (30 minutes)', 30, 0],
      ],
    );
    for (const p of outline.phases) {
      assert.equal(seedLines[p.line - 1], `### ${p.title}`);
      assert.ok(p.cellIndexes.every((i) => seed.cells[i].kind === 'code' && i > p.headingCell));
    }
  });

  it('groups task items under their heading with document line, cell and line in cell', () => {
    assert.deepEqual(
      outline.checklists.map((c) => [c.section, c.items.length]),
      [
        ['Prerequisites', 4],
        ['Prerequisites for Failback', 3],
        ['Post-Incident', 3],
      ],
    );
    for (const item of outline.checklists.flatMap((c) => c.items)) {
      assert.equal(seedLines[item.line - 1], `- [ ] ${item.text}`);
      assert.equal(seed.cells[item.cellIndex].source.split('\n')[item.lineInCell], `- [ ] ${item.text}`);
      assert.equal(item.checked, false);
    }
  });

  it('reads the Failover Decision Matrix rows', () => {
    assert.equal(outline.decisionMatrix.length, 4);
    assert.deepEqual(outline.decisionMatrix[2], { scenario: 'RDS failure', action: 'Wait for RDS auto-recovery (15 min)' });
  });

  it('takes regions, RTO/RPO, title and variables from YAML frontmatter', () => {
    const o = buildOutline(parseRunbook(readFixture('frontmatter-yaml.md')));
    assert.equal(o.title, 'Frontmatter runbook');
    assert.deepEqual(o.regions, { primary: 'af-south-1', dr: 'eu-west-1' });
    assert.equal(o.rto?.minutes, 240);
    assert.equal(o.rpo?.minutes, 60);
    assert.deepEqual(o.variables, { CLUSTER: 'prod-cluster', PORT: '8080' });
    assert.equal(o.frontmatter.title, 'Frontmatter runbook');
    assert.equal(o.phases[0].budgetMinutes, 10);
    const text = readFixture('frontmatter-yaml.md');
    assert.equal(text.split('\n')[o.phases[0].line - 1], '### Phase 1: Check (10 min)');
  });

  it('counts lines right in CRLF files with checked boxes', () => {
    const text = readFixture('crlf.md').replace('- [ ] done', '- [x] done');
    const o = buildOutline(parseRunbook(text));
    assert.deepEqual(o.checklists[0].items[0], { text: 'done', checked: true, line: 10, cellIndex: 3, lineInCell: 0 });
    assert.equal(o.phases[0].budgetMinutes, 5);
  });

  it('gives every cell its start line, also for new cells', () => {
    const doc = parseRunbook('---\na: 1\n---\n\n# T\n');
    doc.cells.push({ kind: 'markup', language: 'markdown', source: '## New (2 hours)\n- [ ] x', outputs: [] });
    assert.deepEqual(cellStartLines(doc), [5, 7]);
    const o = buildOutline(doc);
    assert.equal(o.phases[0].line, 7);
    assert.equal(o.phases[0].budgetMinutes, 120);
    assert.equal(o.checklists[0].items[0].line, 8);
  });

  it('prefers the DR Strategy list over the same keys elsewhere', () => {
    const text = '# T\n\n## Notes\n\n- **RTO**: 2 days\n- **Primary Region**: us-east-1\n\n## DR Strategy\n\n- **RTO**: 4 hours\n- **Primary Region**: af-south-1\n';
    const o = buildOutline(parseRunbook(text));
    assert.equal(o.rto?.minutes, 240);
    assert.equal(o.regions.primary, 'af-south-1');
  });

  it('parses durations and plain text', () => {
    assert.equal(parseDuration('90m')?.minutes, 90);
    assert.equal(parseDuration('2 days')?.minutes, 2880);
    assert.equal(parseDuration('soon'), undefined);
    assert.equal(plainText('**Bold** and `code` and [link](http://x)'), 'Bold and code and link');
  });
});
