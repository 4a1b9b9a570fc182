/** A restored RunbookDocument put back into the open notebook (the other direction is ../notebookDocument.ts). */
import * as vscode from 'vscode';
import type { RunbookCell, RunbookDocument } from '../core/runbook/model';
import { toExecutionSummary, toNotebookOutput } from '../notebookDocument';

/** The cell data that replaces `cell` with the restored `restored` (same kind, language and metadata). */
function cellData(cell: vscode.NotebookCell, restored: RunbookCell): vscode.NotebookCellData {
  const data = new vscode.NotebookCellData(cell.kind, restored.source, cell.document.languageId);
  data.metadata = cell.metadata;
  data.outputs = restored.outputs.map((o) => toNotebookOutput(o, restored.execution));
  if (restored.execution) {
    data.executionSummary = toExecutionSummary(restored.execution);
  }
  return data;
}

/**
 * Puts the restored document's changed cells (the replay gives new objects only for those) into the notebook,
 * one undoable edit. Returns how many cells changed.
 */
export async function applyRestored(notebook: vscode.NotebookDocument, before: RunbookDocument, restored: RunbookDocument): Promise<number> {
  const edits: vscode.NotebookEdit[] = [];
  restored.cells.forEach((cell, i) => {
    if (cell !== before.cells[i] && i < notebook.cellCount) {
      edits.push(vscode.NotebookEdit.replaceCells(new vscode.NotebookRange(i, i + 1), [cellData(notebook.cellAt(i), cell)]));
    }
  });
  if (edits.length === 0) {
    return 0;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.set(notebook.uri, edits);
  await vscode.workspace.applyEdit(edit);
  return edits.length;
}
