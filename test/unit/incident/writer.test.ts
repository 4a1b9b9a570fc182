import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { restore } from '../../../src/cli/restore';
import type { CliIO } from '../../../src/cli/io';
import { RunbookError } from '../../../src/core/errors';
import { attachJournal } from '../../../src/core/incident/journal';
import { incidentFileName, restoreSession, writeIncidentRecord } from '../../../src/core/incident/writer';
import { buildOutline } from '../../../src/core/runbook/outline';
import { parseRunbook } from '../../../src/core/runbook/parse';
import { serializeRunbook } from '../../../src/core/runbook/serialize';
import { RunbookSession } from '../../../src/core/session/session';

const SEED = path.join(__dirname, '../../../runbooks/dr-runbook.md');

function captureIO(cwd: string): CliIO & { out: string; err: string } {
  const io = { out: '', err: '', cwd, env: {}, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}

describe('incident writer and restore', () => {
  let dir: string;
  let runbook: string;
  let template: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-'));
    runbook = path.join(dir, 'dr-runbook.md');
    template = fs.readFileSync(SEED, 'utf8');
    fs.writeFileSync(runbook, template);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A session that ran the first two code cells, journaled, then "crashed" (never ended). */
  function crashedSession(): { session: RunbookSession; journal: string; cells: number[] } {
    const doc = parseRunbook(template);
    const cells = buildOutline(doc).phases.flatMap((p) => p.cellIndexes).slice(0, 2);
    const session = new RunbookSession(runbook, 'jane', 'laptop', 'crash-1');
    const j = attachJournal(session);
    cells.forEach((cellIndex, i) =>
      session.emit({
        type: 'execution',
        time: `2026-11-29T03:1${i}:01.000Z`,
        cellIndex,
        source: doc.cells[cellIndex].source,
        execution: { startTime: `2026-11-29T03:1${i}:00.000Z`, durationMs: 900, success: true, exitCode: 0 },
        outputs: [{ items: [{ mime: 'application/vnd.code.notebook.stdout', data: `result ${cellIndex}\n` }] }],
      }),
    );
    j.dispose();
    return { session, journal: j.path, cells };
  }

  it('names records by UTC start and runbook, writes atomically and never over the template', async () => {
    assert.equal(incidentFileName('2026-11-29T03:12:45.120Z', '/x/dr-runbook.md'), '20261129T031245Z-dr-runbook.md');
    const { session } = crashedSession();
    const doc = parseRunbook(template);
    const input = { document: doc, events: session.events, outline: buildOutline(doc), runbookPath: 'dr-runbook.md', now: new Date() };
    const written = await writeIncidentRecord(input, { workspaceDir: dir, templatePath: runbook });
    assert.equal(path.dirname(written.path), path.join(dir, 'incidents'));
    assert.match(path.basename(written.path), /^\d{8}T\d{6}Z-dr-runbook\.md$/);
    assert.equal(fs.readFileSync(written.path, 'utf8'), written.text);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'incidents')), [path.basename(written.path)], 'no temp file left');
    assert.equal(fs.readFileSync(runbook, 'utf8'), template);
    await assert.rejects(writeIncidentRecord(input, { outPath: runbook, templatePath: runbook }), (e) => RunbookError.is(e, 'wouldOverwriteRunbook'));
  });

  it('restores the executed document from the newest unfinished journal', async () => {
    const { cells, journal } = crashedSession();
    const r = await restoreSession(runbook);
    assert.equal(r.journalPath, journal);
    for (const i of cells) {
      assert.equal(r.document.cells[i].outputs[0].items[0].data, `result ${i}\n`);
    }
    const saved = serializeRunbook(r.document);
    assert.deepEqual(parseRunbook(saved).cells.map((c) => c.outputs), r.document.cells.map((c) => c.outputs));
    await assert.rejects(restoreSession(path.join(dir, 'other-runbook.md')), (e) => RunbookError.is(e, 'noJournal'));
  });

  it('`runbook restore FILE` prints the session and `--record` writes the incident record', async () => {
    const { cells } = crashedSession();
    const io = captureIO(dir);
    assert.equal(await restore(['dr-runbook.md'], io), 0, io.err);
    assert.match(io.out, /session crash-1 \(not ended\)/);
    assert.match(io.out, /executions: 2; ticks: 0/);
    assert.match(io.out, new RegExp(`cell ${cells[0]} \\[Phase 1: Assessment \\(15 minutes\\)\\]: ok \\(exit 0\\), 900 ms at 2026-11-29 03:10:00Z`));
    const io2 = captureIO(dir);
    assert.equal(await restore(['dr-runbook.md', '--record', 'out/rec.md'], io2), 0, io2.err);
    const rec = fs.readFileSync(path.join(dir, 'out/rec.md'), 'utf8');
    assert.ok(rec.includes('| Operator | jane |'));
    const reparsed = parseRunbook(rec);
    assert.equal(serializeRunbook(reparsed), rec);
    const outs = reparsed.cells.filter((c) => c.outputs.length).map((c) => c.outputs[0].items[0].data);
    assert.deepEqual(outs, cells.map((i) => `result ${i}\n`));
    assert.equal(fs.readFileSync(runbook, 'utf8'), template);
  });

  it('`runbook restore` calls a session saved once and then run on (crashed after) not ended', async () => {
    const doc = parseRunbook(template);
    const [first, second] = buildOutline(doc).phases.flatMap((p) => p.cellIndexes);
    const session = new RunbookSession(runbook, 'jane', 'laptop', 'saved-then-crashed');
    const j = attachJournal(session);
    const run = (cellIndex: number, minute: number) =>
      session.emit({
        type: 'execution',
        time: `2026-11-29T03:${minute}:01.000Z`,
        cellIndex,
        source: doc.cells[cellIndex].source,
        execution: { startTime: `2026-11-29T03:${minute}:00.000Z`, durationMs: 900, success: true, exitCode: 0 },
        outputs: [{ items: [{ mime: 'application/vnd.code.notebook.stdout', data: `result ${cellIndex}\n` }] }],
      });
    run(first, 10);
    j.end(); // the notebook was saved
    run(second, 11);
    j.dispose(); // then the editor died
    const io = captureIO(dir);
    assert.equal(await restore(['dr-runbook.md'], io), 0, io.err);
    assert.match(io.out, /session saved-then-crashed \(not ended\)/);
    assert.match(io.out, /executions: 2;/);
  });

  it('`runbook restore` reports usage errors and a missing journal', async () => {
    const io = captureIO(dir);
    assert.equal(await restore([], io), 2);
    assert.match(io.err, /FILE is missing/);
    const io2 = captureIO(dir);
    assert.equal(await restore(['dr-runbook.md'], io2), 1);
    assert.match(io2.err, /no unfinished session/);
    const io3 = captureIO(dir);
    assert.equal(await restore(['dr-runbook.md', '--bogus'], io3), 2);
    const io4 = captureIO(dir);
    assert.equal(await restore(['dr-runbook.md', '--journal', 'missing.jsonl'], io4), 1, 'a journal that cannot be read is a failure, not a usage error');
    assert.match(io4.err, /cannot read journal/);
    assert.doesNotMatch(io4.err, /usage:/);
  });
});
