import * as vscode from 'vscode';
import { RunbookError } from '../core/errors';
import { markupCellBySource, readTaskItem, toggleTaskItem } from '../core/runbook/checklist';
import { utcNow } from '../core/session/session';
import type { SessionRegistry } from '../sessions';
import { findNotebook } from './notebookState';

export interface ToggleArgs {
  notebookUri: string;
  cellIndex: number;
  lineInCell: number;
  /** The state to set; absent flips it. */
  checked?: boolean;
}

export interface ToggleOutcome {
  checked: boolean;
  text: string;
  changed: boolean;
}

function toggleArgs(arg: unknown): ToggleArgs {
  const a = (arg ?? {}) as Partial<ToggleArgs>;
  if (typeof a.notebookUri !== 'string' || !Number.isInteger(a.cellIndex) || !Number.isInteger(a.lineInCell)) {
    throw new RunbookError('badArguments', 'runbooks.toggleChecklistItem expects { notebookUri, cellIndex, lineInCell, checked? }');
  }
  return { notebookUri: a.notebookUri, cellIndex: a.cellIndex as number, lineInCell: a.lineInCell as number, checked: typeof a.checked === 'boolean' ? a.checked : undefined };
}

function markupCell(args: ToggleArgs): { nb: vscode.NotebookDocument; cell: vscode.NotebookCell } {
  const nb = findNotebook(args.notebookUri);
  if (!nb) {
    throw new RunbookError('notebookNotOpen', `No open notebook ${args.notebookUri}`);
  }
  if (args.cellIndex < 0 || args.cellIndex >= nb.cellCount || nb.cellAt(args.cellIndex).kind !== vscode.NotebookCellKind.Markup) {
    throw new RunbookError('notMarkupCell', `Cell ${args.cellIndex} is not a markdown cell`);
  }
  return { nb, cell: nb.cellAt(args.cellIndex) };
}

/**
 * `runbooks.toggleChecklistItem`: edits one character of the markup cell (the box on that line) and records a
 * TickEvent (time, operator) in the notebook's session.
 */
export async function toggleChecklistItem(sessions: SessionRegistry, arg: unknown): Promise<ToggleOutcome> {
  const args = toggleArgs(arg);
  const { nb, cell } = markupCell(args);
  const source = cell.document.getText();
  const box = readTaskItem(source, args.lineInCell).boxOffset;
  const result = toggleTaskItem(source, args.lineInCell, args.checked);
  if (result.changed) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(cell.document.uri, new vscode.Range(args.lineInCell, box, args.lineInCell, box + 1), result.checked ? 'x' : ' ');
    // A text edit alone leaves the rendered markdown stale in VS Code 1.100 (seen in code-server); re-setting the
    // cell's unchanged metadata in the same edit makes the webview render the cell again.
    edit.set(nb.uri, [vscode.NotebookEdit.updateCellMetadata(cell.index, { ...cell.metadata })]);
    if (!(await vscode.workspace.applyEdit(edit))) {
      throw new RunbookError('editRejected', `Could not edit cell ${args.cellIndex}`);
    }
    const session = sessions.get(nb);
    session.emit({ type: 'tick', time: utcNow(), cellIndex: args.cellIndex, lineInCell: args.lineInCell, text: result.text, checked: result.checked, by: session.operator });
  }
  return { checked: result.checked, text: result.text, changed: result.changed };
}

/** `runbooks.revealPhase`: `{ notebookUri, cellIndex }` -> select and scroll that cell to the top. */
export async function revealCell(arg: unknown): Promise<void> {
  const a = (arg ?? {}) as { notebookUri?: unknown; cellIndex?: unknown };
  const nb = findNotebook(a.notebookUri);
  if (!nb || typeof a.cellIndex !== 'number' || a.cellIndex < 0 || a.cellIndex >= nb.cellCount) {
    throw new RunbookError('badArguments', 'runbooks.revealPhase expects { notebookUri, cellIndex } of an open notebook');
  }
  const editor = vscode.window.visibleNotebookEditors.find((e) => e.notebook === nb) ?? (await vscode.window.showNotebookDocument(nb));
  const range = new vscode.NotebookRange(a.cellIndex, a.cellIndex + 1);
  editor.selection = range;
  editor.revealRange(range, vscode.NotebookEditorRevealType.AtTop);
}

/** The markup cell a renderer click came from (by its text; the editor's selection settles duplicates). */
export function cellBySource(editor: vscode.NotebookEditor, source: string): number | undefined {
  const cells = editor.notebook.getCells().map((c) => ({ kind: c.kind === vscode.NotebookCellKind.Markup ? 'markup' : 'code', text: c.document.getText() }));
  const selected = editor.selections.flatMap((r) => Array.from({ length: r.end - r.start }, (_, i) => r.start + i));
  return markupCellBySource(cells, source, selected);
}
