import * as vscode from 'vscode';
import type { CellInput } from '../core/kernel/context';
import { cellLanguage } from '../notebookDocument';

export function toCellInput(cell: vscode.NotebookCell, executionOrder?: number): CellInput {
  return { source: cell.document.getText(), language: cellLanguage(cell), index: cell.index, executionOrder };
}
