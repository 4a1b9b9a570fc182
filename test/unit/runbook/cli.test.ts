import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import { RunbookError } from '../../../src/core/errors';
import { toggleTaskItem } from '../../../src/core/runbook/checklist';
import { buildOutline } from '../../../src/core/runbook/outline';
import { parseRunbook } from '../../../src/core/runbook/parse';
import { readRunbookFile } from '../../../src/core/runbook/readFile';
import { serializeRunbook } from '../../../src/core/runbook/serialize';
import { FIXTURES, ROOT } from './helpers';

async function run(args: string[], cwd = ROOT): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd, env: {} };
  const code = await main(args, io);
  return { code, out, err };
}

describe('runbook fmt / cells / outline', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'runbook-cli-'));
    writeFileSync(join(dir, 'binary.md'), Buffer.from([0x23, 0x20, 0x00, 0x01]));
    writeFileSync(join(dir, 'latin1.md'), Buffer.from([0x23, 0x20, 0xe9, 0x0a]));
    writeFileSync(join(dir, 'big.md'), Buffer.alloc(10 * 1024 * 1024 + 1, 0x61));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('fmt --check exits 0 when every file round-trips', async () => {
    const r = await run(['fmt', '--check', 'runbooks/dr-runbook.md', join(FIXTURES, 'with-outputs.md'), join(FIXTURES, 'crlf.md')]);
    assert.deepEqual(r, { code: 0, out: '', err: '' });
  });

  it('fmt prints the serialization', async () => {
    const r = await run(['fmt', join(FIXTURES, 'bom.md')]);
    assert.equal(r.code, 0);
    assert.equal(r.out, '\uFEFF# BOM runbook\n\n```bash\necho bom\n```\n');
  });

  it('fmt gives exit 2 and one stderr line for each unreadable file', async () => {
    const r = await run(['fmt', '--check', 'missing.md', dir, join(dir, 'binary.md'), join(dir, 'latin1.md'), join(dir, 'big.md')]);
    assert.equal(r.code, 2);
    const lines = r.err.trimEnd().split('\n');
    assert.equal(lines.length, 5);
    assert.match(lines[0], /missing\.md: no such file/);
    assert.match(lines[1], /is a directory/);
    assert.match(lines[2], /binary file/);
    assert.match(lines[3], /not UTF-8 text/);
    assert.match(lines[4], /too large/);
  });

  it('fmt without files is a usage error', async () => {
    assert.equal((await run(['fmt'])).code, 2);
  });

  it('cells prints kind, language, source, outputs and metadata as JSON', async () => {
    const r = await run(['cells', join(FIXTURES, 'with-outputs.md')]);
    assert.equal(r.code, 0);
    const cells = JSON.parse(r.out) as { kind: string; language: string; outputs: unknown[]; metadata: { info?: string }; execution?: { exitCode?: number } }[];
    const code = cells.filter((c) => c.kind === 'code');
    assert.equal(code.length, 3);
    assert.equal(code[1].outputs.length, 2);
    assert.equal(code[1].execution?.exitCode, 3);
    assert.equal(code[0].metadata.info, 'bash');
  });

  it('cells and outline give exit 2 for a missing file', async () => {
    for (const cmd of ['cells', 'outline']) {
      const r = await run([cmd, 'nope.md']);
      assert.equal(r.code, 2);
      assert.equal(r.err.split('\n').filter(Boolean).length, 1);
    }
  });

  it('outline prints regions, RTO/RPO, phases and checklists', async () => {
    const r = await run(['outline', 'runbooks/dr-runbook.md']);
    assert.equal(r.code, 0);
    const o = JSON.parse(r.out) as { regions: unknown; rto: { minutes: number }; phases: unknown[]; checklists: unknown[] };
    assert.deepEqual(o.regions, { primary: 'af-south-1', dr: 'eu-west-1' });
    assert.equal(o.rto.minutes, 240);
    assert.equal(o.phases.length, 4);
    assert.equal(o.checklists.length, 3);
  });

  it('readRunbookFile throws typed errors', async () => {
    await assert.rejects(readRunbookFile(join(dir, 'nope.md')), (e) => RunbookError.is(e, 'notFound'));
    await assert.rejects(readRunbookFile(dir), (e) => RunbookError.is(e, 'isDirectory'));
    await assert.rejects(readRunbookFile(join(dir, 'binary.md')), (e) => RunbookError.is(e, 'binary'));
    await assert.rejects(readRunbookFile(join(dir, 'big.md')), (e) => RunbookError.is(e, 'tooLarge'));
    // A FIFO without a writer would block the read forever: refused before it is opened.
    execFileSync('mkfifo', [join(dir, 'fifo.md')]);
    await assert.rejects(readRunbookFile(join(dir, 'fifo.md')), (e) => RunbookError.is(e, 'notAFile'));
    const r = await run(['fmt', '--check', join(dir, 'fifo.md')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /^runbook fmt: .*fifo\.md: not a regular file\n$/);
    assert.equal((await readRunbookFile(join(FIXTURES, 'bom.md'))).charCodeAt(0), 0xfeff);
  });

  it('outline --record gives each phase and checklist item its state from a saved record', async () => {
    const doc = parseRunbook(await readRunbookFile(join(ROOT, 'runbooks/dr-runbook.md')));
    const outline = buildOutline(doc);
    const [phase1] = outline.phases;
    const cell = doc.cells[phase1.cellIndexes[0]];
    cell.outputs = [{ items: [{ mime: 'application/vnd.code.notebook.stdout', data: 'ok\n' }] }];
    cell.execution = { startTime: '2026-11-29T03:00:00.000Z', durationMs: 1200, success: true, ranBy: 'jane' };
    const item = outline.checklists[0].items[0];
    const markup = doc.cells[item.cellIndex];
    markup.source = toggleTaskItem(markup.source, item.lineInCell, true).source;
    const record = join(dir, 'record.md');
    writeFileSync(record, serializeRunbook(doc));

    const r = await run(['outline', 'runbooks/dr-runbook.md', '--record', record]);
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out) as { phases: { title: string; state: string }[]; checklists: { section: string; done: number; items: { checked: boolean }[] }[] };
    assert.deepEqual(out.phases.map((p) => p.state), ['done', 'not-started', 'not-started', 'not-started']);
    assert.equal(out.checklists[0].section, 'Prerequisites');
    assert.equal(out.checklists[0].done, 1);
    assert.equal(out.checklists[0].items[0].checked, true);
  });

  it('outline --record without a file is a usage error', async () => {
    const r = await run(['outline', 'runbooks/dr-runbook.md', '--record']);
    assert.equal(r.code, 2);
    assert.match(r.err, /usage: runbook outline FILE \[--record RECORD\.md\]/);
  });
});
