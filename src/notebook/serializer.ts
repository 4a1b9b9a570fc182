/**
 * The thin VS Code adapter over core/runbook: bytes <-> RunbookDocument <-> NotebookData.
 * Layout rides in metadata (`runbook.layout`); outputs are UTF-8 items; the ExecutionSummary rides in each output's
 * metadata (`runbookExecution`, written by the kernel), in the cell's metadata as read (`runbook.execution`) and in
 * NotebookCellData.executionSummary.
 */
import * as vscode from 'vscode';
import { METADATA_KEY } from '../constants';
import { type CellMeta, runbookCell, toExecutionSummary, toNotebookOutput } from '../notebookDocument';
import type { RunbookCell, RunbookDocument } from '../core/runbook/model';
import { toLanguageId } from '../core/runbook/languages';
import { blockParser, parseRunbook } from '../core/runbook/parse';
import { decodeRunbook } from '../core/runbook/readFile';
import { serializeRunbook } from '../core/runbook/serialize';

const encoder = new TextEncoder();

/** Milliseconds of the serializer's last open and save, step by step: what the editor bench reports as our share. */
export interface SerializerTimings {
  /**
   * `markdownIt`: the part of `parse` spent in markdown-it's block pass. `start`: `performance.now()` when the step
   * began, so the bench can tell the garbage collector's pauses inside it (the extension host's heap is shared).
   * `cpu`: the extension host process's CPU over the open (every thread: V8's compiler and collector too), beside
   * `total`, its wall time: far less CPU than wall time means the host waited for a core.
   */
  open?: { start: number; bytes: number; decode: number; parse: number; markdownIt: number; notebookData: number; total: number; cpu: number };
  save?: { start: number; cells: number; fromNotebookData: number; serialize: number; encode: number; total: number };
}

/** The bench reads them (same extension host) under this registered symbol: no command, no setting, nothing shown. */
export const SERIALIZER_TIMINGS = Symbol.for('runbook-notebook.serializerTimings');

export class RunbookSerializer implements vscode.NotebookSerializer {
  private readonly timings: SerializerTimings = {};

  constructor() {
    (globalThis as Record<symbol, unknown>)[SERIALIZER_TIMINGS] = this.timings;
  }

  deserializeNotebook(content: Uint8Array, _token: vscode.CancellationToken): vscode.NotebookData {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const text = decodeRunbook(content);
    const t1 = performance.now();
    let markdownIt = 0;
    const doc = parseRunbook(text, {
      blockPass: (t) => {
        const start = performance.now();
        const tokens = blockParser().parse(t, {});
        markdownIt += performance.now() - start;
        return tokens;
      },
    });
    const t2 = performance.now();
    const data = toNotebookData(doc);
    const t3 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    this.timings.open = { start: t0, bytes: content.byteLength, decode: t1 - t0, parse: t2 - t1, markdownIt, notebookData: t3 - t2, total: t3 - t0, cpu: (cpu.user + cpu.system) / 1000 };
    return data;
  }

  serializeNotebook(data: vscode.NotebookData, _token: vscode.CancellationToken): Uint8Array {
    const t0 = performance.now();
    const doc = fromNotebookData(data);
    const t1 = performance.now();
    const text = serializeRunbook(doc);
    const t2 = performance.now();
    const bytes = encoder.encode(text);
    const t3 = performance.now();
    this.timings.save = { start: t0, cells: data.cells.length, fromNotebookData: t1 - t0, serialize: t2 - t1, encode: t3 - t2, total: t3 - t0 };
    return bytes;
  }
}

export function toNotebookData(doc: RunbookDocument): vscode.NotebookData {
  const data = new vscode.NotebookData(doc.cells.map(toCellData));
  data.metadata = { [METADATA_KEY]: { layout: doc.layout } };
  return data;
}

export function fromNotebookData(data: vscode.NotebookData): RunbookDocument {
  const meta = data.metadata?.[METADATA_KEY] as { layout?: unknown } | undefined;
  return {
    cells: data.cells.map((c) =>
      runbookCell({ kind: c.kind, languageId: c.languageId, source: c.value, outputs: c.outputs, executionSummary: c.executionSummary, metadata: c.metadata }),
    ),
    layout: meta?.layout,
  };
}

function toCellData(cell: RunbookCell): vscode.NotebookCellData {
  const code = cell.kind === 'code';
  const data = new vscode.NotebookCellData(
    code ? vscode.NotebookCellKind.Code : vscode.NotebookCellKind.Markup,
    cell.source,
    code ? toLanguageId(cell.language) : 'markdown',
  );
  const meta: CellMeta = { layout: cell.layout, ...(code ? { language: cell.language } : {}), ...(cell.execution ? { execution: cell.execution } : {}) };
  data.metadata = { [METADATA_KEY]: meta };
  data.outputs = cell.outputs.map((o) => toNotebookOutput(o, cell.execution));
  if (cell.execution) {
    data.executionSummary = toExecutionSummary(cell.execution);
  }
  return data;
}
