import * as path from 'node:path';
import * as vscode from 'vscode';
import { registerCommands } from '../commands';
import { COMMANDS, NOTEBOOK_TYPE } from '../constants';
import { errorMessage } from '../core/errors';
import { sessionRecordInput } from '../core/incident/sessionRecord';
import { writeIncidentRecord } from '../core/incident/writer';
import type { ExtensionDeps } from '../deps';
import { saveEngineRecord } from './engineRecord';
import { isRunbookNotebook } from '../sessions';
import { documentOf } from '../notebookDocument';
import { NotebookJournals } from './notebookJournals';
import { offerRestore, restoreCommand } from './restoreFlow';
import { SaveGuard } from './saveGuard';

/** `runbooks.saveIncidentRecord`: the active runbook, as run in this session, to `<incident folder>/<UTC start>-<name>.md`. */
async function saveIncidentRecord(deps: ExtensionDeps): Promise<string | undefined> {
  const notebook = vscode.window.activeNotebookEditor?.notebook ?? vscode.workspace.notebookDocuments.find(isRunbookNotebook);
  if (!isRunbookNotebook(notebook)) {
    void vscode.window.showWarningMessage('Open a runbook notebook first.');
    return undefined;
  }
  // Last run on Step Functions: the execution's record, as `runbook attach ARN --record` writes it.
  const fromEngine = await saveEngineRecord(deps, notebook);
  if (fromEngine) {
    return fromEngine;
  }
  const settings = deps.settings();
  const folder = vscode.workspace.getWorkspaceFolder(notebook.uri)?.uri.fsPath ?? path.dirname(notebook.uri.fsPath);
  const onDisk = notebook.uri.scheme === 'file';
  const input = await sessionRecordInput({
    document: documentOf(notebook),
    session: deps.sessions.get(notebook),
    settings,
    runbookFile: onDisk ? notebook.uri.fsPath : notebook.uri.toString(),
    onDisk,
    baseDir: folder,
  });
  const written = await writeIncidentRecord(input, { folder: settings.incident.folder, workspaceDir: folder, templatePath: onDisk ? notebook.uri.fsPath : undefined });
  deps.log.info(`incident record ${written.incidentId} written to ${written.path}`);
  void vscode.window.showInformationMessage(`Incident record saved: ${path.relative(folder, written.path)}`, 'Open').then((choice) => {
    if (choice === 'Open') {
      void vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(written.path), NOTEBOOK_TYPE);
    }
  });
  return written.path;
}

/**
 * The incident surface: a crash-safe journal for every session, "Save as Incident Record", restore of an
 * unfinished session (offered when a runbook opens, and as a command), and the changed-on-disk check on save.
 */
export function registerIncident(deps: ExtensionDeps): void {
  const journals = new NotebookJournals(deps);
  const guard = new SaveGuard(deps);
  deps.context.subscriptions.push(journals, guard);
  registerCommands(deps, {
    [COMMANDS.saveIncidentRecord]: () => saveIncidentRecord(deps),
    [COMMANDS.restoreSession]: () => restoreCommand(deps, journals),
  });
  const offer = (nb: vscode.NotebookDocument): void => {
    offerRestore(deps, journals, nb).catch((e: unknown) => deps.log.error(`restore offer: ${errorMessage(e)}`));
  };
  deps.context.subscriptions.push(vscode.workspace.onDidOpenNotebookDocument(offer));
  vscode.workspace.notebookDocuments.forEach(offer);
}
