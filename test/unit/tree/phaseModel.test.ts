import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { toggleTaskItem } from '../../../src/core/runbook/checklist';
import { COMMANDS } from '../../../src/constants';
import type { RunbookDocument } from '../../../src/core/runbook/model';
import { buildOutline } from '../../../src/core/runbook/outline';
import { parseRunbook } from '../../../src/core/runbook/parse';
import { checklistTree, uncheckedItems } from '../../../src/core/tree/checklistModel';
import { fixedClock, formatDuration, formatMinutes } from '../../../src/core/tree/node';
import { outlineWithState } from '../../../src/core/tree/outlineState';
import { type CellRun, computePhases, phaseTree, runsFromCells, runsFromEvents } from '../../../src/core/tree/phaseModel';
import { drOutline, drRecord, summary, T0 } from './fixtures';

const MIN = 60_000;
const URI = 'file:///w/runbooks/dr-runbook.md';

describe('phase model', () => {
  it('before anything ran: every phase not started, the clock not started', () => {
    const m = computePhases(drOutline(), new Map(), fixedClock(T0));
    assert.deepEqual(m.phases.map((p) => p.state), ['not-started', 'not-started', 'not-started', 'not-started']);
    assert.equal(m.clock.startMs, undefined);
    assert.equal(m.clock.rtoMinutes, 240);
    const [root] = phaseTree(m, URI, COMMANDS.revealPhase);
    assert.equal(root.label, 'Incident clock: not started');
    assert.equal(root.description, 'RTO 4h');
    assert.equal(root.children?.[0].description, 'not started · budget 15m');
  });

  it('the session start starts the clock when nothing ran yet', () => {
    const m = computePhases(drOutline(), new Map(), fixedClock(T0 + 5 * MIN), T0);
    assert.equal(m.clock.elapsedMs, 5 * MIN);
    assert.equal(phaseTree(m, URI, COMMANDS.revealPhase)[0].label, 'Incident clock: 5m 00s');
  });

  it('done, running (a cell in flight or some cells done), failed, with elapsed against the budget', () => {
    const runs = new Map<number, CellRun>([
      [2, { state: 'done', startMs: T0, endMs: T0 + 2 * MIN }],
      [4, { state: 'done', startMs: T0 + 3 * MIN, endMs: T0 + 4 * MIN }],
      [8, { state: 'failed', startMs: T0 + 10 * MIN, endMs: T0 + 11 * MIN }],
      [10, { state: 'running', startMs: T0 + 12 * MIN }],
    ]);
    const m = computePhases(drOutline(), runs, fixedClock(T0 + 20 * MIN));
    assert.deepEqual(m.phases.map((p) => [p.state, p.elapsedMs]), [
      ['done', 2 * MIN],
      ['running', 17 * MIN],
      ['running', 10 * MIN],
      ['not-started', undefined],
    ]);
    assert.equal(m.clock.startMs, T0);
    assert.equal(m.clock.elapsedMs, 20 * MIN);
    assert.equal(m.phases[1].cellsDone, 1);
    assert.equal(m.phases[1].cellsTotal, 2);
    runs.set(10, { state: 'done', startMs: T0 + 12 * MIN, endMs: T0 + 13 * MIN });
    assert.equal(computePhases(drOutline(), runs, fixedClock(T0 + 20 * MIN)).phases[2].state, 'failed');
  });

  it('warns once a phase is over its budget and once the clock is over the RTO', () => {
    const runs = new Map<number, CellRun>([[2, { state: 'running', startMs: T0 }]]);
    const within = computePhases(drOutline(), runs, fixedClock(T0 + 15 * MIN));
    assert.equal(within.phases[0].overBudget, false);
    const over = computePhases(drOutline(), runs, fixedClock(T0 + 15 * MIN + 1000));
    assert.equal(over.phases[0].overBudget, true);
    const node = phaseTree(over, URI, COMMANDS.revealPhase)[0].children?.[0];
    assert.equal(node?.icon, 'warning');
    assert.equal(node?.description, 'running · 15m 01s / 15m · over budget');
    const late = computePhases(drOutline(), runs, fixedClock(T0 + 241 * MIN));
    assert.equal(late.clock.overRto, true);
    assert.equal(phaseTree(late, URI, COMMANDS.revealPhase)[0].description, 'RTO 4h (100%) · RTO exceeded');
  });

  it('phase nodes carry what runbooks.runPhase and runbooks.revealPhase need', () => {
    const [root] = phaseTree(computePhases(drOutline(), new Map(), fixedClock(T0)), URI, COMMANDS.revealPhase);
    const p3 = root.children?.[2];
    assert.equal(p3?.contextValue, 'phase');
    assert.equal(p3?.notebookUri, URI);
    assert.equal(p3?.phaseTitle, 'Phase 3: DNS Failover');
    assert.deepEqual(p3?.command?.arguments, [{ notebookUri: URI, cellIndex: 7, phaseTitle: 'Phase 3: DNS Failover' }]);
    assert.equal(p3?.id, 'phase:7');
    const titled = drOutline();
    titled.phases[0].title = 'Phase 1: Assessment (15 minutes)';
    const [row] = phaseTree(computePhases(titled, new Map(), fixedClock(T0)), URI, COMMANDS.revealPhase)[0].children ?? [];
    assert.equal(row.label, 'Phase 1: Assessment', 'the budget shows in the description, not twice');
    assert.equal(row.phaseTitle, 'Phase 1: Assessment (15 minutes)');
  });

  it('reads runs from persisted summaries and from session events (the later event wins)', () => {
    const fromCells = runsFromCells(drRecord({ 2: summary(0, 1000), 4: summary(5000, 500, false) }).cells);
    assert.deepEqual([...fromCells.entries()], [
      [2, { state: 'done', startMs: T0, endMs: T0 + 1000 }],
      [4, { state: 'failed', startMs: T0 + 5000, endMs: T0 + 5500 }],
    ]);
    const ev = (offset: number, success: boolean) => ({ type: 'execution' as const, time: '', cellIndex: 2, source: '', outputs: [], execution: summary(offset, 10, success) });
    const fromEvents = runsFromEvents([ev(0, false), ev(1000, true)]);
    assert.equal(fromEvents.get(2)?.state, 'done');
  });
});

describe('checklist model', () => {
  it('groups items under their heading with boxes and counts', () => {
    const nodes = checklistTree(drOutline(), URI, COMMANDS.revealPhase);
    assert.deepEqual(nodes.map((n) => [n.label, n.description]), [['Prerequisites', '1/2'], ['Post-Incident', '0/1']]);
    const items = nodes[0].children ?? [];
    assert.deepEqual(items.map((i) => [i.label, i.checked, i.cellIndex, i.lineInCell]), [
      ['AWS CLI configured with appropriate credentials', false, 0, 14],
      ['Access to both primary and DR regions', true, 0, 15],
    ]);
    assert.equal(items[0].id, 'item:0:14');
  });

  it('lists unticked prerequisites (not the failback ones)', () => {
    const outline = drOutline();
    outline.checklists.push({ section: 'Prerequisites for Failback', items: [{ text: 'Primary region restored', checked: false, line: 99, cellIndex: 11, lineInCell: 0 }] });
    assert.deepEqual(uncheckedItems(outline).map((i) => i.text), ['AWS CLI configured with appropriate credentials']);
  });
});

describe('outlineWithState', () => {
  const seedText = readFileSync(path.join(__dirname, '../../../runbooks/dr-runbook.md'), 'utf8');

  /** The seed runbook saved after a run: executions on its code cells, one box ticked, a record summary in front. */
  function savedRecord(): RunbookDocument {
    const doc = parseRunbook(seedText);
    const outline = buildOutline(doc);
    const [p1, p2, p3] = outline.phases;
    doc.cells[p1.cellIndexes[0]].execution = summary(0, 60_000);
    doc.cells[p2.cellIndexes[0]].execution = summary(2 * MIN, 1000);
    doc.cells[p2.cellIndexes[1]].execution = summary(3 * MIN, 1000);
    doc.cells[p3.cellIndexes[0]].execution = summary(5 * MIN, 500, false);
    const item = outline.checklists[0].items[1];
    const cell = doc.cells[item.cellIndex];
    cell.source = toggleTaskItem(cell.source, item.lineInCell).source;
    const prelude = ['# Incident record', '## Timeline\n\n| Time | What |\n|---|---|\n| 03:00 | ran |'].map((source) => ({ kind: 'markup' as const, language: 'markdown', source, outputs: [] }));
    return { cells: [...prelude, ...doc.cells] };
  }

  it('adds phase states from a record\'s executions and the boxes ticked in it, though the record\'s cells are shifted', () => {
    const o = outlineWithState(buildOutline(parseRunbook(seedText)), savedRecord());
    assert.deepEqual(o.phases.map((p) => [p.state, p.elapsedMs, p.cellsDone, p.cellsTotal]), [
      ['done', MIN, 1, 1],
      ['done', MIN + 1000, 2, 2],
      ['failed', 500, 0, 2],
      ['not-started', undefined, 0, 0],
    ]);
    assert.deepEqual(o.checklists.map((c) => [c.section, c.done, c.total]), [['Prerequisites', 1, 4], ['Prerequisites for Failback', 0, 3], ['Post-Incident', 0, 3]]);
    assert.equal(o.checklists[0].items[1].checked, true);
    assert.equal(o.clock.elapsedMs, 5 * MIN + 500);
    assert.equal(o.regions.primary, 'af-south-1');
  });

  it('a record without executions or ticks reads all not started', () => {
    const o = outlineWithState(buildOutline(parseRunbook(seedText)), parseRunbook(seedText));
    assert.ok(o.phases.every((p) => p.state === 'not-started'));
    assert.equal(o.clock.startMs, undefined);
  });
});

describe('durations', () => {
  it('formats', () => {
    assert.equal(formatDuration(0), '0s');
    assert.equal(formatDuration(65_000), '1m 05s');
    assert.equal(formatDuration(3_900_000), '1h 05m');
    assert.equal(formatMinutes(240), '4h');
    assert.equal(formatMinutes(90), '1h 30m');
    assert.equal(formatMinutes(15), '15m');
  });
});
