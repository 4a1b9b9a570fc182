import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildOutline } from '../../../src/core/runbook/outline';
import { parseRunbook } from '../../../src/core/runbook/parse';
import { serializeRunbook } from '../../../src/core/runbook/serialize';
import type { SessionEvent } from '../../../src/core/session/events';
import { RECORD_CLOSE, RECORD_OPEN, buildIncidentRecord, compactUtc, incidentFacts } from '../../../src/core/incident/record';
import { replayEvents, replayEventsDetailed } from '../../../src/core/incident/replay';

const RUNBOOK = path.join(__dirname, '../../../runbooks/dr-runbook.md');

function fixture(): { text: string; events: SessionEvent[] } {
  const text = fs.readFileSync(RUNBOOK, 'utf8');
  const doc = parseRunbook(text);
  const outline = buildOutline(doc);
  const code = outline.phases.flatMap((p) => p.cellIndexes);
  const prereq = outline.checklists[0].items[0];
  const events: SessionEvent[] = [
    { type: 'session-start', time: '2026-11-29T03:10:00.000Z', sessionId: '1a2b3c4d-0000-4000-8000-000000000000', runbookPath: RUNBOOK, operator: 'jane', host: 'oncall-laptop', gitCommit: '9da1c65' },
    { type: 'identity', time: '2026-11-29T03:10:01.000Z', account: '123456789012', arn: 'arn:aws:sts::123456789012:user/moto', region: 'af-south-1' },
    { type: 'tick', time: '2026-11-29T03:10:30.000Z', cellIndex: prereq.cellIndex, lineInCell: prereq.lineInCell, text: prereq.text, checked: true, by: 'jane' },
    { type: 'variable', time: '2026-11-29T03:11:00.000Z', name: 'CLUSTER', value: 'prod-cluster', secret: false, source: 'frontmatter' },
    { type: 'variable', time: '2026-11-29T03:11:00.000Z', name: 'DB_PASS', secret: true, source: 'prompt' },
    ...code.slice(0, 2).map(
      (cellIndex, i): SessionEvent => ({
        type: 'execution',
        time: `2026-11-29T03:1${2 + i}:10.000Z`,
        cellIndex,
        source: doc.cells[cellIndex].source,
        execution: { startTime: `2026-11-29T03:1${2 + i}:00.000Z`, durationMs: 1200, success: i === 0, exitCode: i, ranBy: 'jane', region: 'af-south-1', account: '123456789012', runner: 'sdk' },
        outputs: [{ items: [{ mime: 'text/plain', data: `output of cell ${cellIndex} with AKIAIOSFODNN7EXAMPLE and hunter2secret\n` }] }],
      }),
    ),
  ];
  return { text, events };
}

function record(events: SessionEvent[], text: string): string {
  const doc = parseRunbook(text);
  return buildIncidentRecord({ document: doc, events, outline: buildOutline(doc), runbookPath: 'runbooks/dr-runbook.md', now: '2026-11-29T04:00:00.000Z', secrets: ['hunter2secret'] });
}

describe('incident record', () => {
  it('has the header, the timeline, phases, variables, then the executed runbook', () => {
    const { text, events } = fixture();
    const md = record(events, text);
    assert.ok(md.startsWith(RECORD_OPEN));
    for (const needle of [
      '| Incident | dr-runbook-20261129T031000Z-1a2b3c4d |',
      '| Start (UTC) | 2026-11-29 03:10:00Z |',
      '| End (UTC) | 2026-11-29 04:00:00Z (session not ended; time of this record) |',
      '| Operator | jane |',
      '| Host | oncall-laptop |',
      '| AWS account | 123456789012 |',
      '| AWS identity | arn:aws:sts::123456789012:user/moto |',
      '| Git commit | 9da1c65 |',
      '## Timeline',
      '| 2026-11-29 03:12:00Z | 1.2 s |',
      'FAILED (exit 1)',
      'ticked (Prerequisites): AWS CLI configured with appropriate credentials',
      '| Phase 1: Assessment (15 minutes) | 15 min | 1.2 s | done, within budget |',
      '| Phase 3: DNS Failover (15 minutes) | 15 min |  | not run |',
      '| CLUSTER | prod-cluster | frontmatter |',
      '| DB_PASS | [REDACTED] | prompt |',
      RECORD_CLOSE,
      '# Disaster Recovery Runbook',
      '- [x] AWS CLI configured with appropriate credentials',
    ]) {
      assert.ok(md.includes(needle), `missing ${needle}`);
    }
    assert.match(md, /RTO 4 hours: elapsed 50 min 0 s, \*\*within RTO\*\*/);
    assert.ok(!md.includes('AKIAIOSFODNN7EXAMPLE') && !md.includes('hunter2secret'));
  });

  it('is itself a runbook: round-trips byte for byte and keeps the outputs on their code cells', () => {
    const { text, events } = fixture();
    const md = record(events, text);
    const reparsed = parseRunbook(md);
    assert.equal(serializeRunbook(reparsed), md);
    const withOutputs = reparsed.cells.filter((c) => c.kind === 'code' && c.outputs.length > 0);
    assert.equal(withOutputs.length, 2);
    assert.equal(withOutputs[0].execution?.startTime, '2026-11-29T03:12:00.000Z');
    assert.match(withOutputs[0].outputs[0].items[0].data, /^output of cell \d+ with \[REDACTED\] and \[REDACTED\]\n$/);
    const header = reparsed.cells.slice(0, reparsed.cells.findIndex((c) => c.source.includes(RECORD_CLOSE)) + 1);
    assert.ok(header.every((c) => c.kind === 'markup'), 'the header is markdown cells only');
    assert.equal(buildOutline(reparsed).phases.length, buildOutline(parseRunbook(text)).phases.length);
  });

  it('keeps frontmatter first and CRLF line endings', () => {
    const text = '---\r\nrto: 1h\r\n---\r\n# R\r\n\r\n```bash\r\necho hi\r\n```\r\n';
    const doc = parseRunbook(text);
    const events: SessionEvent[] = [
      { type: 'execution', time: '2026-11-29T03:12:00.000Z', cellIndex: 1, source: 'echo hi', execution: { startTime: '2026-11-29T03:12:00.000Z', durationMs: 5, success: true, exitCode: 0 }, outputs: [{ items: [{ mime: 'application/vnd.code.notebook.stdout', data: 'hi\n' }] }] },
    ];
    const md = buildIncidentRecord({ document: doc, events, outline: buildOutline(doc), runbookPath: 'r.md', now: new Date('2026-11-29T03:13:00Z') });
    assert.ok(md.startsWith('---\r\nrto: 1h\r\n---\r\n<!-- runbook:incident-record '));
    assert.ok(!/(?<!\r)\n/.test(md), 'every line break is CRLF');
    const re = parseRunbook(md);
    assert.equal(serializeRunbook(re), md);
    assert.equal(buildOutline(re).rto?.minutes, 60);
    assert.deepEqual(re.cells.find((c) => c.kind === 'code')?.outputs, events[0].type === 'execution' ? events[0].outputs : []);
  });

  it('redacts the header tables before they cut and escape their text', () => {
    const doc = parseRunbook('# R\n\n```bash\necho hi\n```\n\n- [ ] box\n');
    const secret = 'pa|ss<w>rd`9';
    // The timeline keeps 80 characters of the first line: the key id straddles that cut.
    const source = `${'x'.repeat(70)} AKIAIOSFODNN7EXAMPLE --pass '${secret}'`;
    const events: SessionEvent[] = [
      { type: 'execution', time: '2026-11-29T03:12:00.000Z', cellIndex: 1, source, execution: { startTime: '2026-11-29T03:12:00.000Z', durationMs: 5, success: true }, outputs: [] },
      { type: 'tick', time: '2026-11-29T03:13:00.000Z', cellIndex: 2, lineInCell: 0, text: `box ${secret}`, checked: true, by: 'jane' },
      { type: 'variable', time: '2026-11-29T03:11:00.000Z', name: 'NOTE', value: `uses ${secret}`, secret: false, source: 'session' },
    ];
    const md = buildIncidentRecord({ document: doc, events, outline: buildOutline(doc), runbookPath: 'r.md', now: '2026-11-29T04:00:00.000Z', secrets: [secret] });
    const header = md.slice(0, md.indexOf(RECORD_CLOSE));
    for (const leak of ['AKIAIOSF', 'pa\\|ss', '&lt;w&gt;rd', 'rd\\`9']) {
      assert.ok(!header.includes(leak), `${leak} leaked:\n${header}`);
    }
    assert.match(header, /ticked \(R\): box \[REDACTED\]/);
    assert.match(header, /\| NOTE \| uses \[REDACTED\] \| session \|/);
  });

  it('derives facts without a session-start and makes filesystem-safe times', () => {
    assert.equal(compactUtc('2026-11-29T03:12:45.120Z'), '20261129T031245Z');
    const f = incidentFacts({ events: [], runbookPath: 'x.md', now: '2026-11-29T03:12:45.120Z' });
    assert.equal(f.incidentId, 'x-20261129T031245Z');
    assert.equal(f.operator, 'unknown');
  });
});

describe('replayEvents', () => {
  it('puts outputs on code cells and ticks boxes, later events winning, without touching the input', () => {
    const { text, events } = fixture();
    const doc = parseRunbook(text);
    const before = JSON.stringify(doc);
    const untick = events.find((e) => e.type === 'tick');
    const executed = replayEvents(doc, [...events, { ...untick!, checked: false, time: '2026-11-29T03:30:00.000Z' } as SessionEvent]);
    assert.equal(JSON.stringify(doc), before);
    assert.equal(executed.cells.filter((c) => c.outputs.length).length, 2);
    assert.ok(!executed.cells.some((c) => c.source.includes('- [x] AWS CLI')));
  });

  it('puts a shifted execution on the nearest cell with its source when that source appears twice', () => {
    // The session ran `echo check` as cell 4; cells were inserted above it since, so it is cell 6 now (cell 1 has the same source).
    const doc = parseRunbook('# A\n\n```bash\necho check\n```\n\n```bash\necho new1\n```\n\n```bash\necho new2\n```\n\n```bash\necho mid\n```\n\n```bash\necho other\n```\n\n```bash\necho check\n```\n');
    assert.deepEqual(doc.cells.flatMap((c, i) => (c.source === 'echo check' ? [i] : [])), [1, 6]);
    const r = replayEventsDetailed(doc, [
      { type: 'execution', time: 't', cellIndex: 4, source: 'echo check', execution: { startTime: 't', durationMs: 1, success: true }, outputs: [{ items: [{ mime: 'text/plain', data: 'checked' }] }] },
    ]);
    assert.deepEqual(r.document.cells.flatMap((c, i) => (c.outputs.length ? [i] : [])), [6]);
    assert.equal(r.unplaced.length, 0);
  });

  it('finds a moved cell by its source and reports events that fit nowhere', () => {
    const doc = parseRunbook('# A\n\n```bash\necho one\n```\n\n```bash\necho two\n```\n');
    const exec = (cellIndex: number, source: string): SessionEvent => ({
      type: 'execution', time: 't', cellIndex, source, execution: { startTime: 't', durationMs: 1, success: true }, outputs: [{ items: [{ mime: 'text/plain', data: source }] }],
    });
    const r = replayEventsDetailed(doc, [exec(1, 'echo two'), exec(9, 'gone'), { type: 'tick', time: 't', cellIndex: 0, lineInCell: 0, text: 'x', checked: true, by: 'j' }]);
    assert.equal(r.document.cells[2].outputs[0].items[0].data, 'echo two');
    assert.equal(r.document.cells[1].outputs.length, 0);
    assert.equal(r.unplaced.length, 2);
  });
});
