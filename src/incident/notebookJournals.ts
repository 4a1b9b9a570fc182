import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage } from '../core/errors';
import { type AttachedJournal, attachJournal } from '../core/incident/journal';
import type { ExtensionDeps } from '../deps';

/**
 * Where a notebook's journals live: `.runbook/` next to a runbook on disk; the extension's storage for any
 * other scheme (untitled, remote file systems).
 */
export function journalBaseDir(deps: ExtensionDeps, notebook: vscode.NotebookDocument): string | undefined {
  if (notebook.uri.scheme === 'file') {
    return undefined;
  }
  return path.join((deps.context.storageUri ?? deps.context.globalStorageUri).fsPath, 'journals');
}

/**
 * One journal per session the registry creates. A save (or closing a saved notebook) appends a session-end:
 * what came before is in the file; later executions reopen the session for restore.
 */
export class NotebookJournals implements vscode.Disposable {
  private readonly journals = new Map<string, AttachedJournal>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly deps: ExtensionDeps) {
    deps.sessions.onDidCreateSession(({ notebook, session }) => this.attach(notebook, session), undefined, this.disposables);
    vscode.workspace.onDidSaveNotebookDocument((nb) => this.journals.get(nb.uri.toString())?.end(), undefined, this.disposables);
    vscode.workspace.onDidCloseNotebookDocument((nb) => this.close(nb), undefined, this.disposables);
  }

  private attach(notebook: vscode.NotebookDocument, session: Parameters<typeof attachJournal>[0]): void {
    const key = notebook.uri.toString();
    this.journals.get(key)?.dispose();
    try {
      const journal = attachJournal(session, {
        baseDir: journalBaseDir(this.deps, notebook),
        settings: this.deps.settings,
        logger: this.deps.log,
      });
      this.journals.set(key, journal);
      this.deps.log.info(`journal for ${notebook.uri.fsPath}: ${journal.path}`);
    } catch (e) {
      this.deps.log.error(`cannot journal ${notebook.uri.fsPath}: ${errorMessage(e)}`);
    }
  }

  private close(notebook: vscode.NotebookDocument): void {
    const key = notebook.uri.toString();
    const journal = this.journals.get(key);
    if (!journal) {
      return;
    }
    if (!notebook.isDirty) {
      journal.end();
    }
    journal.dispose();
    this.journals.delete(key);
  }

  journalOf(notebook: vscode.NotebookDocument): AttachedJournal | undefined {
    return this.journals.get(notebook.uri.toString());
  }

  dispose(): void {
    for (const j of this.journals.values()) {
      j.dispose();
    }
    this.journals.clear();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
