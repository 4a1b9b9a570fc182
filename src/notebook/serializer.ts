/**
 * The thin VS Code adapter over core/runbook: bytes <-> RunbookDocument <-> NotebookData.
 * Layout rides in metadata (`runbook.layout`); outputs are UTF-8 items; the ExecutionSummary rides in each output's
 * metadata (`runbookExecution`, written by the kernel) and in NotebookCellData.executionSummary.
 */
import * as vscode from 'vscode';
import { EXECUTION_METADATA_KEY, METADATA_KEY } from '../constants';
import { executionOf } from '../notebookDocument';
import type { CellOutput, ExecutionSummary, RunbookCell, RunbookDocument } from '../core/runbook/model';
import { toFenceLanguage, toLanguageId } from '../core/runbook/languages';
import { parseRunbook } from '../core/runbook/parse';
import { decodeRunbook } from '../core/runbook/readFile';
import { serializeRunbook } from '../core/runbook/serialize';

interface RunbookCellMetadata {
  layout?: unknown;
  /** The fence language as written in the file (`bash`), while the cell shows `shellscript`. */
  language?: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class RunbookSerializer implements vscode.NotebookSerializer {
  deserializeNotebook(content: Uint8Array, _token: vscode.CancellationToken): vscode.NotebookData {
    return toNotebookData(parseRunbook(decodeRunbook(content)));
  }

  serializeNotebook(data: vscode.NotebookData, _token: vscode.CancellationToken): Uint8Array {
    return encoder.encode(serializeRunbook(fromNotebookData(data)));
  }
}

export function toNotebookData(doc: RunbookDocument): vscode.NotebookData {
  const data = new vscode.NotebookData(doc.cells.map(toCellData));
  data.metadata = { [METADATA_KEY]: { layout: doc.layout } };
  return data;
}

export function fromNotebookData(data: vscode.NotebookData): RunbookDocument {
  const meta = data.metadata?.[METADATA_KEY] as { layout?: unknown } | undefined;
  return { cells: data.cells.map(fromCellData), layout: meta?.layout };
}

function toCellData(cell: RunbookCell): vscode.NotebookCellData {
  const code = cell.kind === 'code';
  const data = new vscode.NotebookCellData(
    code ? vscode.NotebookCellKind.Code : vscode.NotebookCellKind.Markup,
    cell.source,
    code ? toLanguageId(cell.language) : 'markdown',
  );
  const meta: RunbookCellMetadata = { layout: cell.layout, ...(code ? { language: cell.language } : {}) };
  data.metadata = { [METADATA_KEY]: meta };
  data.outputs = cell.outputs.map((o) => toOutput(o, cell.execution));
  if (cell.execution) {
    data.executionSummary = toExecutionSummary(cell.execution);
  }
  return data;
}

function toOutput(output: CellOutput, execution: ExecutionSummary | undefined): vscode.NotebookCellOutput {
  const items = output.items.map((it) => new vscode.NotebookCellOutputItem(encoder.encode(it.data), it.mime));
  return new vscode.NotebookCellOutput(items, execution ? { [EXECUTION_METADATA_KEY]: execution } : undefined);
}

export function toExecutionSummary(e: ExecutionSummary): vscode.NotebookCellExecutionSummary {
  const start = Date.parse(e.startTime);
  return {
    ...(e.executionOrder !== undefined ? { executionOrder: e.executionOrder } : {}),
    success: e.success,
    ...(Number.isFinite(start) ? { timing: { startTime: start, endTime: start + e.durationMs } } : {}),
  };
}

function fromCellData(c: vscode.NotebookCellData): RunbookCell {
  const meta = (c.metadata?.[METADATA_KEY] ?? {}) as RunbookCellMetadata;
  const code = c.kind === vscode.NotebookCellKind.Code;
  const outputs = (c.outputs ?? []).map((o) => ({ items: o.items.map((it) => ({ mime: it.mime, data: decoder.decode(it.data) })) }));
  const execution = executionOf(c);
  return {
    kind: code ? 'code' : 'markup',
    language: code ? toFenceLanguage(c.languageId, meta.language) : 'markdown',
    source: c.value,
    outputs,
    ...(execution ? { execution } : {}),
    ...(meta.layout !== undefined ? { layout: meta.layout } : {}),
  };
}

