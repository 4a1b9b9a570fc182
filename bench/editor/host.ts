/**
 * The editor bench, inside code-server's real extension host (loaded like the integration suite, through the
 * workbench payload; bench/editor/run.ts drives it). Each measure is wall-clock ms of what the engineer waits
 * for, beside a reference taken in the same window. Writes `{ rows: HostRow[] }` to RUNBOOK_BENCH_RESULTS.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { createServer, type Socket } from 'node:net';
import * as path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { parseRunbook } from '../../src/core/runbook/parse';
import { SERIALIZER_TIMINGS, type SerializerTimings } from '../../src/notebook/serializer';

const EXTENSION_ID = 'runbook-notebook.runbook-notebook';
const CONTROLLER_ID = 'runbook-kernel';

export interface HostRow {
  input: string;
  name: string;
  ms: number;
  /** The reference row's name this one is compared with (same input). */
  reference?: string;
}

const rows: HostRow[] = [];

/** The garbage collector's pauses in this extension host (start and duration, ms), to tell them from our code's. */
const gcPauses: { start: number; ms: number }[] = [];
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gcPauses.push({ start: e.startTime, ms: e.duration });
  }
});
gcObserver.observe({ entryTypes: ['gc'] });

/** Pauses of the garbage collector that began inside [start, start + ms), summed, and how many. */
async function gcWithin(start: number, ms: number): Promise<{ ms: number; count: number }> {
  // Entries arrive after the fact: let the observer's callback run first.
  await new Promise((r) => setTimeout(r, 50));
  const inside = gcPauses.filter((g) => g.start >= start && g.start < start + ms);
  return { ms: inside.reduce((n, g) => n + g.ms, 0), count: inside.length };
}

async function timed<T>(input: string, name: string, fn: () => Thenable<T> | Promise<T>, reference?: string): Promise<T> {
  const t0 = performance.now();
  const out = await fn();
  rows.push({ input, name, ms: performance.now() - t0, reference });
  return out;
}

/** The machine's busy share (0-1) over `ms`, from every CPU's times. */
async function busyShare(ms: number): Promise<number> {
  const sum = (): { idle: number; total: number } =>
    os.cpus().reduce((a, c) => ({ idle: a.idle + c.times.idle, total: a.total + c.times.user + c.times.nice + c.times.sys + c.times.irq + c.times.idle }), { idle: 0, total: 0 });
  const a = sum();
  await new Promise((r) => setTimeout(r, ms));
  const b = sum();
  const total = b.total - a.total;
  return total > 0 ? 1 - (b.idle - a.idle) / total : 0;
}

/**
 * Waits until the window's work from the step before has settled (the machine under 25% busy over a quarter second,
 * at most 3 s), so a row does not pay for the previous one: a 1 MB text editor tokenizes in the background after
 * it opens, and on two cores that ran into the notebook's open timed next. Returns the ms waited.
 */
async function settle(): Promise<number> {
  const t0 = performance.now();
  while (performance.now() - t0 < 3_000 && (await busyShare(250)) > 0.25) {
    // keep waiting
  }
  return performance.now() - t0;
}

async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 60_000, everyMs = 10): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await probe();
    if (v !== undefined && v !== false) {
      return v;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`editor bench: timed out waiting for ${what}`);
}

function workspace(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    throw new Error('editor bench: no workspace folder');
  }
  return folder.uri.fsPath;
}

/** Activation of our extension beside a built-in one that is not active yet. */
async function activation(): Promise<void> {
  const ours = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ours) {
    throw new Error(`editor bench: ${EXTENSION_ID} is not loaded`);
  }
  if (ours.isActive) {
    rows.push({ input: 'activation', name: 'runbook-notebook was active before the bench began: not measured', ms: Number.NaN });
    return;
  }
  const builtin = ['vscode.emmet', 'vscode.npm', 'vscode.configuration-editing', 'vscode.extension-editing', 'vscode.merge-conflict']
    .map((id) => vscode.extensions.getExtension(id))
    .find((e) => e && !e.isActive);
  if (builtin) {
    await timed('activation', `built-in ${builtin.id} (reference)`, () => builtin.activate());
  }
  await timed('activation', 'runbook-notebook', () => ours.activate(), builtin ? `built-in ${builtin.id} (reference)` : undefined);
}

/** Run -> first AWS output in this fresh window: client load, identity, call. */
async function firstAwsOutput(): Promise<void> {
  const doc = await vscode.workspace.openNotebookDocument(vscode.Uri.file(path.join(workspace(), 'runbooks', 'dr-runbook.md')));
  const editor = await vscode.window.showNotebookDocument(doc);
  await vscode.commands.executeCommand('notebook.selectKernel', { id: CONTROLLER_ID, extension: EXTENSION_ID });
  const cell = doc.getCells().find((c) => c.document.getText().includes('aws ecs describe-clusters'));
  if (!cell) {
    throw new Error('editor bench: no ecs cell in the seed runbook');
  }
  await timed('first AWS cell, fresh window', 'run -> first AWS output', async () => {
    void vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: cell.index, end: cell.index + 1 }], document: editor.notebook.uri });
    await until('the first AWS output', () => cell.outputs.some((o) => o.items.some((i) => i.mime === 'application/json')));
  }, 'aws CLI cold call (reference)');
  await until('the cell to finish', () => cell.executionSummary?.success !== undefined);
  await timed('second AWS cell, same window', 'run -> AWS output (warm)', async () => {
    const before = cell.executionSummary?.executionOrder;
    void vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: cell.index, end: cell.index + 1 }], document: editor.notebook.uri });
    await until('the second run', () => cell.executionSummary?.executionOrder !== before && cell.outputs.some((o) => o.items.some((i) => i.mime === 'application/json')));
  }, 'aws CLI cold call (reference)');
}

/** A 1 MB runbook: open as a notebook beside as plain text; one cell edited; saved. */
async function bigRunbook(file: string): Promise<void> {
  const input = `1 MB runbook (${(fs.statSync(file).size / 1048576).toFixed(2)} MB)`;
  const text = path.join(path.dirname(file), 'big-as-text.txt');
  fs.copyFileSync(file, text);
  await settle();
  await timed(input, 'open as plain text (reference)', async () => vscode.window.showTextDocument(await vscode.workspace.openTextDocument(text)));
  await settle();
  const doc = await timed(input, 'open as notebook (document)', () => vscode.workspace.openNotebookDocument(vscode.Uri.file(file)), 'open as plain text (reference)');
  await ours(input, 'open');
  await settle();
  await timed(input, 'show notebook', () => vscode.window.showNotebookDocument(doc), 'open as plain text (reference)');
  const cell = doc.getCells().find((c) => c.kind === vscode.NotebookCellKind.Code);
  if (!cell) {
    throw new Error('editor bench: the big runbook has no code cell');
  }
  const textDoc = vscode.window.activeTextEditor?.document ?? (await vscode.workspace.openTextDocument(text));
  const editText = new vscode.WorkspaceEdit();
  editText.insert(textDoc.uri, new vscode.Position(0, 0), '# edited\n');
  await settle();
  await timed(input, 'edit text (reference)', () => vscode.workspace.applyEdit(editText));
  const edit = new vscode.WorkspaceEdit();
  edit.replace(cell.document.uri, new vscode.Range(0, 0, 0, 0), '# edited\n');
  await settle();
  await timed(input, 'edit one cell', () => vscode.workspace.applyEdit(edit), 'edit text (reference)');
  await settle();
  await timed(input, 'save text (reference)', () => textDoc.save());
  await settle();
  await timed(input, 'save notebook', () => doc.save(), 'save text (reference)');
  await ours(input, 'save');
  // The same size again, now that the extension host has compiled our code (a second runbook opened in this window).
  const second = path.join(path.dirname(file), 'big-runbook-2.md');
  fs.copyFileSync(file, second);
  await settle();
  await timed(input, 'open a second 1 MB runbook (document)', () => vscode.workspace.openNotebookDocument(vscode.Uri.file(second)), 'open as plain text (reference)');
  await ours(input, 'open');
  // The core's parse alone, called here three times (the third is timed): what this host does with warm code.
  const source = fs.readFileSync(file, 'utf8');
  parseRunbook(source);
  parseRunbook(source);
  await settle();
  await timed(input, '  core parse alone in this host (3rd of 3 calls)', async () => parseRunbook(source), 'open a second 1 MB runbook (document)');
}

/**
 * Our share of the row before: what our serializer spent inside VS Code's open or save, step by step, and how much of
 * it the garbage collector paused the extension host (its heap holds the whole window's state, not only ours).
 */
async function ours(input: string, what: 'open' | 'save'): Promise<void> {
  const t = (globalThis as Record<symbol, unknown>)[SERIALIZER_TIMINGS] as SerializerTimings | undefined;
  const reference = rows[rows.length - 1].name;
  const fmt = (ms: number): string => ms.toFixed(1);
  const step = what === 'open' ? t?.open : t?.save;
  if (!t || !step) {
    throw new Error(`editor bench: our serializer reported no ${what} (was it ours that opened the file?)`);
  }
  const gc = await gcWithin(step.start, step.total);
  const paused = `, GC ${fmt(gc.ms)} in ${gc.count} pause${gc.count === 1 ? '' : 's'}`;
  if (what === 'open' && t.open) {
    const o = t.open;
    rows.push({ input, name: `  ours: deserializeNotebook (decode ${fmt(o.decode)}, parse ${fmt(o.parse)} of which markdown-it ${fmt(o.markdownIt)}, NotebookData ${fmt(o.notebookData)}${paused}; process CPU ${fmt(o.cpu)})`, ms: o.total, reference });
  } else if (what === 'save' && t.save) {
    const s = t.save;
    rows.push({ input, name: `  ours: serializeNotebook (from NotebookData ${fmt(s.fromNotebookData)}, serialize ${fmt(s.serialize)}, encode ${fmt(s.encode)}${paused})`, ms: s.total, reference });
  }
  delete t[what];
}

/** Save as Incident Record of a notebook holding 10 MB of outputs, beside writing 10 MB to disk. */
async function bigRecord(file: string): Promise<void> {
  const input = `record with ${(fs.statSync(file).size / 1048576).toFixed(1)} MB of outputs`;
  const bytes = fs.readFileSync(file);
  const copy = vscode.Uri.file(path.join(workspace(), 'write-reference.bin'));
  await timed(input, 'write the same bytes (reference)', () => vscode.workspace.fs.writeFile(copy, bytes));
  const doc = await vscode.workspace.openNotebookDocument(vscode.Uri.file(file));
  await vscode.window.showNotebookDocument(doc);
  const incidents = path.join(workspace(), 'incidents');
  const before = new Set(fs.existsSync(incidents) ? fs.readdirSync(incidents) : []);
  await timed(input, 'Save as Incident Record', async () => {
    await vscode.commands.executeCommand('runbooks.saveIncidentRecord');
    await until('the record file', () => fs.existsSync(incidents) && fs.readdirSync(incidents).some((f) => !before.has(f)));
  }, 'write the same bytes (reference)');
}

interface HealthState {
  health: { refreshing: boolean; report?: { partial?: boolean; regions: { region: string; checks: { state: string }[]; pending?: string[] }[] } };
}

async function healthState(): Promise<HealthState> {
  const s = await vscode.commands.executeCommand<HealthState>('runbooks.getSidebarState');
  if (!s) {
    throw new Error('editor bench: runbooks.getSidebarState returned nothing');
  }
  return s;
}

/** A refresh with both regions up, then with the primary black-holed (a port that never answers, in this host). */
async function regionHealth(): Promise<void> {
  const doc = await vscode.workspace.openNotebookDocument(vscode.Uri.file(path.join(workspace(), 'runbooks', 'dr-runbook.md')));
  await vscode.window.showNotebookDocument(doc);
  await vscode.commands.executeCommand('runbooks.refreshHealth');
  await timed('Region Health, both regions up', 'refresh', () => vscode.commands.executeCommand('runbooks.refreshHealth'));
  const sockets = new Set<Socket>();
  const hole = createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
  });
  await new Promise<void>((r) => hole.listen(0, '127.0.0.1', r));
  const port = (hole.address() as { port: number }).port;
  const config = vscode.workspace.getConfiguration('runbooks');
  const primary = config.get<string>('regions.primary') ?? 'af-south-1';
  await config.update('aws.regionEndpoints', { [primary]: `http://127.0.0.1:${port}` }, vscode.ConfigurationTarget.Global);
  try {
    const input = `Region Health, ${primary} black-holed`;
    const t0 = performance.now();
    const done = vscode.commands.executeCommand('runbooks.refreshHealth');
    // A partial report of this refresh (the last one's stays on view until the first answer comes).
    await until('the DR checks', async () => {
      const report = (await healthState()).health.report;
      const dr = report?.regions.find((r) => r.region !== primary);
      return !!report?.partial && !!dr && dr.checks.length >= 3;
    }, 60_000, 20);
    rows.push({ input, name: 'DR region\'s checks shown', ms: performance.now() - t0, reference: 'refresh, both up (reference)' });
    await until('the primary read unreachable', async () => {
      const p = (await healthState()).health.report?.regions.find((r) => r.region === primary);
      return !!p && p.checks.some((c) => c.state === 'unreachable');
    }, 60_000, 20);
    rows.push({ input, name: `${primary} reads unreachable`, ms: performance.now() - t0, reference: 'refresh, both up (reference)' });
    await done;
    rows.push({ input, name: 'refresh done', ms: performance.now() - t0, reference: 'refresh, both up (reference)' });
  } finally {
    await config.update('aws.regionEndpoints', undefined, vscode.ConfigurationTarget.Global);
    sockets.forEach((s) => s.destroy());
    hole.close();
  }
  const up = rows.find((r) => r.input === 'Region Health, both regions up');
  if (up) {
    rows.push({ ...up, input: `Region Health, ${primary} black-holed`, name: 'refresh, both up (reference)', reference: undefined });
  }
}

export async function run(): Promise<void> {
  const out = process.env.RUNBOOK_BENCH_RESULTS;
  const big = process.env.RUNBOOK_BENCH_BIG_RUNBOOK;
  const record = process.env.RUNBOOK_BENCH_BIG_RECORD;
  if (!out || !big || !record) {
    throw new Error('editor bench: RUNBOOK_BENCH_RESULTS, RUNBOOK_BENCH_BIG_RUNBOOK and RUNBOOK_BENCH_BIG_RECORD must be set');
  }
  const write = (error?: string): void => fs.writeFileSync(out, JSON.stringify({ rows, error }));
  try {
    await activation();
    await firstAwsOutput();
    await bigRunbook(big);
    await bigRecord(record);
    await regionHealth();
    write();
  } catch (e) {
    write(e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e));
    throw e;
  } finally {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor').then(undefined, () => undefined);
  }
}
