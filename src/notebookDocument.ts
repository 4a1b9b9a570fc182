/**
 * An open runbook notebook as the core's RunbookDocument. Shared by the kernel, the trees and the incident
 * surface (the serializer maps NotebookData the same way, with the same metadata keys: docs/format.md).
 */
import * as vscode from 'vscode';
import { EXECUTION_METADATA_KEY, METADATA_KEY } from './constants';
import { toFenceLanguage } from './core/runbook/languages';
import type { ExecutionSummary, RunbookCell, RunbookDocument } from './core/runbook/model';

const decoder = new TextDecoder();

interface CellMeta {
  layout?: unknown;
  language?: string;
}

/** The fence language a code cell was read from (kept in its metadata), else one derived from its language id. */
export function cellLanguage(cell: vscode.NotebookCell): string {
  if (cell.kind === vscode.NotebookCellKind.Markup) {
    return 'markdown';
  }
  const meta = (cell.metadata?.[METADATA_KEY] ?? {}) as CellMeta;
  return toFenceLanguage(cell.document.languageId, meta.language);
}

/**
 * The kernel's summary from an output's metadata, else one rebuilt from VS Code's executionSummary
 * (of an open cell, or of NotebookCellData on save).
 */
export function executionOf(cell: { outputs?: readonly vscode.NotebookCellOutput[]; executionSummary?: vscode.NotebookCellExecutionSummary }): ExecutionSummary | undefined {
  for (const o of cell.outputs ?? []) {
    const e = o.metadata?.[EXECUTION_METADATA_KEY] as ExecutionSummary | undefined;
    if (e && typeof e.startTime === 'string') {
      return e;
    }
  }
  const s = cell.executionSummary;
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

function cellOf(cell: vscode.NotebookCell, withOutputs: boolean): RunbookCell {
  const meta = (cell.metadata?.[METADATA_KEY] ?? {}) as CellMeta;
  const code = cell.kind === vscode.NotebookCellKind.Code;
  const execution = code ? executionOf(cell) : undefined;
  return {
    kind: code ? 'code' : 'markup',
    language: cellLanguage(cell),
    source: cell.document.getText(),
    outputs: withOutputs ? cell.outputs.map((o) => ({ items: o.items.map((it) => ({ mime: it.mime, data: decoder.decode(it.data) })) })) : [],
    ...(execution ? { execution } : {}),
    ...(meta.layout !== undefined ? { layout: meta.layout } : {}),
  };
}

/**
 * The notebook as it is in the editor (unsaved edits included). `outputs: false` skips decoding outputs, for
 * callers that only need the structure (outline, trees).
 */
export function documentOf(notebook: vscode.NotebookDocument, opts: { outputs?: boolean } = {}): RunbookDocument {
  const meta = notebook.metadata?.[METADATA_KEY] as { layout?: unknown } | undefined;
  return { cells: notebook.getCells().map((c) => cellOf(c, opts.outputs ?? true)), layout: meta?.layout };
}
