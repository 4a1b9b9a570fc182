import * as vscode from 'vscode';
import { COMMANDS, METADATA_KEY, NOTEBOOK_TYPE_ANY, NOTEBOOK_TYPES } from '../constants';
import { registerCommands } from '../commands';
import type { ExtensionDeps } from '../deps';
import { RunbookSerializer } from './serializer';

/**
 * Registers the serializer for both runbook notebook types, and `runbooks.openAsRunbook`.
 * Outputs are persisted (the output block), so they are not transient; the layout metadata never changes while
 * editing, and is not transient either, so it reaches serializeNotebook on every save.
 */
export function registerNotebook(deps: ExtensionDeps): void {
  const serializer = new RunbookSerializer();
  const options: vscode.NotebookDocumentContentOptions = { transientOutputs: false, transientCellMetadata: { [METADATA_KEY]: false } };
  for (const type of NOTEBOOK_TYPES) {
    deps.context.subscriptions.push(vscode.workspace.registerNotebookSerializer(type, serializer, options));
  }
  registerCommands(deps, { [COMMANDS.openAsRunbook]: (uri?: vscode.Uri) => openAsRunbook(deps, uri) });
}

/** Reopens a markdown file (the explorer selection, else the active editor's) as a runbook notebook. */
async function openAsRunbook(deps: ExtensionDeps, uri?: vscode.Uri): Promise<void> {
  const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
  if (!target) {
    void vscode.window.showWarningMessage('Open or select a markdown file first.');
    return;
  }
  try {
    await vscode.commands.executeCommand('vscode.openWith', target, NOTEBOOK_TYPE_ANY);
  } catch (e) {
    deps.log.error(e instanceof Error ? e : String(e));
    void vscode.window.showErrorMessage(`Could not open ${target.fsPath} as a runbook: ${e instanceof Error ? e.message : String(e)}`);
  }
}
