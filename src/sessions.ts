import * as vscode from 'vscode';
import { NOTEBOOK_TYPES } from './constants';
import { secretValues } from './core/incident/secrets';
import { RunbookSession } from './core/session/session';
import type { Settings } from './core/settings';

/** One RunbookSession per open runbook notebook; shared by the kernel, the trees and the record. */
export class SessionRegistry implements vscode.Disposable {
  private readonly sessions = new Map<string, RunbookSession>();
  private readonly created = new vscode.EventEmitter<{ notebook: vscode.NotebookDocument; session: RunbookSession }>();
  readonly onDidCreateSession = this.created.event;
  private readonly disposables: vscode.Disposable[] = [this.created];

  constructor() {
    vscode.workspace.onDidCloseNotebookDocument((nb) => this.sessions.delete(nb.uri.toString()), undefined, this.disposables);
  }

  get(notebook: vscode.NotebookDocument): RunbookSession {
    const key = notebook.uri.toString();
    let session = this.sessions.get(key);
    if (!session) {
      session = new RunbookSession(notebook.uri.fsPath);
      this.sessions.set(key, session);
      this.created.fire({ notebook, session });
    }
    return session;
  }

  /** Values that must never be logged: every session's secret variables and the secret ones in settings. */
  secretValues(settings: Settings): string[] {
    const sessions = [...this.sessions.values()];
    return [...new Set((sessions.length > 0 ? sessions : [undefined]).flatMap((session) => secretValues({ session, settings })))];
  }

  peek(notebook: vscode.NotebookDocument): RunbookSession | undefined {
    return this.sessions.get(notebook.uri.toString());
  }

  dispose(): void {
    this.sessions.clear();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

export function isRunbookNotebook(nb: vscode.NotebookDocument | undefined): nb is vscode.NotebookDocument {
  return !!nb && (NOTEBOOK_TYPES as readonly string[]).includes(nb.notebookType);
}
