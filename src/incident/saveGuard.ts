import * as path from 'node:path';
import * as vscode from 'vscode';
import { type DiskSnapshot, changedOnDisk, snapshotFile } from '../core/incident/diskSnapshot';
import { COMMANDS } from '../constants';
import { errorMessage } from '../core/errors';
import type { ExtensionDeps } from '../deps';
import { isRunbookNotebook } from '../sessions';

const SAVE_RECORD = 'Save Incident Record Instead';

/**
 * "Changed on disk since it was opened" for runbook notebooks. VS Code's own file working copy already refuses
 * to write over a file modified since it was read (seen in code-server 4.100.3: "File Modified Since", then
 * its Overwrite / Compare choice), and a save participant cannot cancel a save. So this guard, which compares
 * content hashes (remembered on open, after each save, and whenever the notebook is clean again), adds a notice
 * next to VS Code's question: keep your outputs as an incident record, without touching the runbook.
 */
export class SaveGuard implements vscode.Disposable {
  private readonly snapshots = new Map<string, DiskSnapshot | undefined>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly deps: ExtensionDeps) {
    vscode.workspace.onDidOpenNotebookDocument((nb) => this.remember(nb), undefined, this.disposables);
    vscode.workspace.onDidSaveNotebookDocument((nb) => this.remember(nb), undefined, this.disposables);
    // A clean notebook that changes was reloaded from disk (or reverted): it matches the file again.
    vscode.workspace.onDidChangeNotebookDocument((e) => !e.notebook.isDirty && this.remember(e.notebook), undefined, this.disposables);
    vscode.workspace.onDidCloseNotebookDocument((nb) => this.snapshots.delete(nb.uri.toString()), undefined, this.disposables);
    vscode.workspace.onWillSaveNotebookDocument((e) => this.check(e), undefined, this.disposables);
    vscode.workspace.notebookDocuments.forEach((nb) => this.remember(nb));
  }

  private remember(nb: vscode.NotebookDocument): void {
    if (isRunbookNotebook(nb) && nb.uri.scheme === 'file') {
      this.snapshots.set(nb.uri.toString(), snapshotFile(nb.uri.fsPath));
    }
  }

  private check(e: vscode.NotebookDocumentWillSaveEvent): void {
    const nb = e.notebook;
    const key = nb.uri.toString();
    if (!this.snapshots.has(key)) {
      return;
    }
    if (!nb.isDirty) {
      this.remember(nb);
      return;
    }
    if (!changedOnDisk(nb.uri.fsPath, this.snapshots.get(key))) {
      return;
    }
    this.deps.log.warn(`${nb.uri.fsPath} changed on disk since it was opened`);
    this.notify(nb).catch((err: unknown) => this.deps.log.error(`save guard: ${errorMessage(err)}`));
  }

  private async notify(nb: vscode.NotebookDocument): Promise<void> {
    const name = path.basename(nb.uri.fsPath);
    const choice = await vscode.window.showWarningMessage(
      `${name} changed on disk since it was opened: saving would overwrite someone else's change. Keep your outputs as an incident record instead, without touching the runbook?`,
      SAVE_RECORD,
    );
    if (choice === SAVE_RECORD) {
      await vscode.commands.executeCommand(COMMANDS.saveIncidentRecord);
    }
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
