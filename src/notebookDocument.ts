/**
 * An open runbook notebook as the core's RunbookDocument, and the cell mapping the serializer shares
 * (NotebookCellData on save maps the same way, with the same metadata keys: docs/serializer.md).
 * Used by the kernel, the trees and the incident surface. The other direction, a restored document put back into
 * the notebook, is incident/applyRestored.ts.
 */
import * as vscode from 'vscode';
import { EXECUTION_METADATA_KEY, METADATA_KEY } from './constants';
import { toFenceLanguage } from './core/runbook/languages';
import type { CellOutput, ExecutionSummary, RunbookCell, RunbookDocument } from './core/runbook/model';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** What the serializer keeps in each cell's metadata under `runbook`; everyone else passes it through. */
export interface CellMeta {
  layout?: unknown;
  /** The fence language as written in the file (`bash`), while the cell shows `shellscript`. */
  language?: string;
  /**
   * The execution read from the file. Outputs carry it in their metadata; this copy keeps it for a block that holds
   * an execution and no outputs, as long as VS Code's summary of the cell is still the one made from it.
   */
  execution?: ExecutionSummary;
}

function cellMeta(metadata: Readonly<Record<string, unknown>> | undefined): CellMeta {
  return (metadata?.[METADATA_KEY] ?? {}) as CellMeta;
}

/** The fence language a code cell was read from (kept in its metadata), else one derived from its language id. */
export function cellLanguage(cell: vscode.NotebookCell): string {
  if (cell.kind === vscode.NotebookCellKind.Markup) {
    return 'markdown';
  }
  return toFenceLanguage(cell.document.languageId, cellMeta(cell.metadata).language);
}

/** One core output item as VS Code's: the same MIME type (core/runbook/model.ts `MIME` uses VS Code's strings), the same text. */
export function toOutputItem(mime: string, data: string): vscode.NotebookCellOutputItem {
  return new vscode.NotebookCellOutputItem(encoder.encode(data), mime);
}

/**
 * The one mapping of a core output to VS Code's, for the kernel, the serializer and a restore alike: each item's
 * text as it is (so a saved output keeps its bytes), the execution in the output's metadata (`runbookExecution`).
 */
export function toNotebookOutput(output: CellOutput, execution?: ExecutionSummary): vscode.NotebookCellOutput {
  const items = output.items.map((it) => toOutputItem(it.mime, it.data));
  return new vscode.NotebookCellOutput(items, execution ? { [EXECUTION_METADATA_KEY]: execution } : undefined);
}

/** VS Code's summary of an execution: order, success and timing (when the start time parses). */
export function toExecutionSummary(e: ExecutionSummary): vscode.NotebookCellExecutionSummary {
  const start = Date.parse(e.startTime);
  return {
    ...(e.executionOrder !== undefined ? { executionOrder: e.executionOrder } : {}),
    success: e.success,
    ...(Number.isFinite(start) ? { timing: { startTime: start, endTime: start + e.durationMs } } : {}),
  };
}

function sameSummary(a: vscode.NotebookCellExecutionSummary, b: vscode.NotebookCellExecutionSummary | undefined): boolean {
  return (
    !!b &&
    a.success === b.success &&
    a.executionOrder === b.executionOrder &&
    a.timing?.startTime === b.timing?.startTime &&
    a.timing?.endTime === b.timing?.endTime
  );
}

interface CellLike {
  outputs?: readonly vscode.NotebookCellOutput[];
  executionSummary?: vscode.NotebookCellExecutionSummary;
  metadata?: Readonly<Record<string, unknown>>;
}

/**
 * The kernel's summary from an output's metadata, else the one read from the file (while the cell has not run
 * since and its outputs were not cleared), else one rebuilt from VS Code's executionSummary (of an open cell, or of
 * NotebookCellData on save).
 */
function executionOf(cell: CellLike): ExecutionSummary | undefined {
  for (const o of cell.outputs ?? []) {
    const e = o.metadata?.[EXECUTION_METADATA_KEY] as ExecutionSummary | undefined;
    if (e && typeof e.startTime === 'string') {
      return e;
    }
  }
  const s = cell.executionSummary;
  const kept = cellMeta(cell.metadata).execution;
  if (kept && typeof kept.startTime === 'string' && sameSummary(toExecutionSummary(kept), s)) {
    return kept;
  }
  if (!s?.timing) {
    return undefined;
  }
  return {
    startTime: new Date(s.timing.startTime).toISOString(),
    durationMs: Math.max(0, s.timing.endTime - s.timing.startTime),
    success: s.success ?? false,
    ...(s.executionOrder !== undefined ? { executionOrder: s.executionOrder } : {}),
  };
}

/** A cell as the editor has it (NotebookCell) or hands it to the serializer (NotebookCellData), in one shape. */
export interface CellView extends CellLike {
  kind: vscode.NotebookCellKind;
  languageId: string;
  source: string;
}

function outputsOf(outputs: readonly vscode.NotebookCellOutput[] | undefined): CellOutput[] {
  return (outputs ?? []).map((o) => ({ items: o.items.map((it) => ({ mime: it.mime, data: decoder.decode(it.data) })) }));
}

/** The core's cell for a cell view; `withOutputs: false` skips decoding outputs. */
export function runbookCell(c: CellView, withOutputs = true): RunbookCell {
  const meta = cellMeta(c.metadata);
  const code = c.kind === vscode.NotebookCellKind.Code;
  const execution = code ? executionOf(c) : undefined;
  return {
    kind: code ? 'code' : 'markup',
    language: code ? toFenceLanguage(c.languageId, meta.language) : 'markdown',
    source: c.source,
    outputs: withOutputs ? outputsOf(c.outputs) : [],
    ...(execution ? { execution } : {}),
    ...(meta.layout !== undefined ? { layout: meta.layout } : {}),
  };
}

function viewOf(cell: vscode.NotebookCell): CellView {
  return {
    kind: cell.kind,
    languageId: cell.document.languageId,
    source: cell.document.getText(),
    outputs: cell.outputs,
    executionSummary: cell.executionSummary,
    metadata: cell.metadata,
  };
}

/**
 * The notebook as it is in the editor (unsaved edits included). `outputs: false` skips decoding outputs, for
 * callers that only need the structure (outline, trees).
 */
export function documentOf(notebook: vscode.NotebookDocument, opts: { outputs?: boolean } = {}): RunbookDocument {
  const meta = notebook.metadata?.[METADATA_KEY] as { layout?: unknown } | undefined;
  return { cells: notebook.getCells().map((c) => runbookCell(viewOf(c), opts.outputs ?? true)), layout: meta?.layout };
}
