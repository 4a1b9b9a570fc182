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
import { parseRunbook } from '../core/runbook/parse';
import { decodeRunbook } from '../core/runbook/readFile';
import { serializeRunbook } from '../core/runbook/serialize';

const encoder = new TextEncoder();

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
