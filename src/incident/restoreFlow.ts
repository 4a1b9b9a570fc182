import * as path from 'node:path';
import * as vscode from 'vscode';
import { JournalWriter, readJournal } from '../core/incident/journal';
import { replayEvents } from '../core/incident/replay';
import { findUnfinishedSessions, type UnfinishedSession } from '../core/incident/unfinished';
import { utcText } from '../core/incident/recordTables';
import type { ExtensionDeps } from '../deps';
import { isRunbookNotebook } from '../sessions';
import { documentOf } from '../notebookDocument';
import { applyRestored } from './applyRestored';
import { type NotebookJournals, journalBaseDir } from './notebookJournals';

/** Unfinished sessions of this notebook's runbook, except the one it is running now. */
export function unfinishedFor(deps: ExtensionDeps, journals: NotebookJournals, notebook: vscode.NotebookDocument): UnfinishedSession[] {
  if (notebook.uri.scheme !== 'file' && notebook.uri.scheme !== 'untitled') {
    return [];
  }
  const own = journals.journalOf(notebook)?.path;
  return findUnfinishedSessions(notebook.uri.fsPath, journalBaseDir(deps, notebook)).filter((s) => s.journalPath !== own);
}

function describe(s: UnfinishedSession): string {
  const running = s.running.length ? `; ${s.running.join('; ')}` : '';
  return `${s.executions} execution(s), ${s.ticks} tick(s) by ${s.operator ?? 'unknown'}, last at ${utcText(s.lastTime)}${running}`;
}

/** Marks a journal as taken care of (restored or discarded) so it is not offered again. */
function closeJournal(file: string): void {
  const w = new JournalWriter(file);
  try {
    w.append({ type: 'session-end', time: new Date().toISOString() });
  } finally {
    w.dispose();
  }
}

/**
 * Applies a journal to the open notebook: outputs and summaries on their cells, boxes ticked. Its events join the
 * notebook's session (so the trees and a later incident record see them), and the old journal is closed.
 */
export async function restoreInto(deps: ExtensionDeps, notebook: vscode.NotebookDocument, journalPath: string): Promise<number> {
  const events = readJournal(journalPath);
  const before = documentOf(notebook);
  const changed = await applyRestored(notebook, before, replayEvents(before, events));
  const session = deps.sessions.get(notebook);
  for (const e of events) {
    if (e.type !== 'session-end') {
      session.emit(e);
    }
  }
  closeJournal(journalPath);
  deps.log.info(`restored ${changed} cell(s) of ${notebook.uri.fsPath} from ${journalPath}`);
  return changed;
}

/** On opening a runbook: offer to restore its newest unfinished session. */
export async function offerRestore(deps: ExtensionDeps, journals: NotebookJournals, notebook: vscode.NotebookDocument): Promise<void> {
  if (!isRunbookNotebook(notebook)) {
    return;
  }
  const [newest] = unfinishedFor(deps, journals, notebook);
  if (!newest) {
    return;
  }
  const name = path.basename(notebook.uri.fsPath);
  const choice = await vscode.window.showInformationMessage(
    `${name} has an unfinished session (${describe(newest)}). Restore its outputs?`,
    'Restore',
    'Discard',
  );
  if (choice === 'Restore') {
    const n = await restoreInto(deps, notebook, newest.journalPath);
    void vscode.window.showInformationMessage(`Restored ${n} cell(s) of ${name}. Save to keep them in the file.`);
  } else if (choice === 'Discard') {
    closeJournal(newest.journalPath);
  }
}

/** `runbooks.restoreSession`: pick one of the active runbook's unfinished sessions and restore it. */
export async function restoreCommand(deps: ExtensionDeps, journals: NotebookJournals): Promise<void> {
  const notebook = vscode.window.activeNotebookEditor?.notebook;
  if (!isRunbookNotebook(notebook)) {
    void vscode.window.showWarningMessage('Open a runbook notebook first.');
    return;
  }
  const found = unfinishedFor(deps, journals, notebook);
  if (found.length === 0) {
    void vscode.window.showInformationMessage('This runbook has no unfinished session to restore.');
    return;
  }
  const pick =
    found.length === 1
      ? found[0]
      : (await vscode.window.showQuickPick(found.map((s) => ({ label: `${utcText(s.startTime)} ${s.operator ?? ''}`, description: describe(s), session: s })), { placeHolder: 'Session to restore' }))?.session;
  if (pick) {
    const n = await restoreInto(deps, notebook, pick.journalPath);
    void vscode.window.showInformationMessage(`Restored ${n} cell(s). Save to keep them in the file.`);
  }
}
