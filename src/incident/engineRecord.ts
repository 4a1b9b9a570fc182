/**
 * "Save as Incident Record" for a runbook whose last run was on Step Functions: the record is built from the
 * execution's history by the same core function as `runbook attach ARN --record` (src/core/engine/recordOf.ts),
 * so the two files are byte for byte the same. The local session's record is written otherwise.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { NOTEBOOK_TYPE } from '../constants';
import { executionRecordInput } from '../core/engine/recordOf';
import { writeIncidentRecord } from '../core/incident/writer';
import type { ExtensionDeps } from '../deps';
import type { EngineRun } from '../engineRuns';

/**
 * The notebook's last run was on Step Functions: an execution followed here, started after its last local cell
 * run (cells run here as the execution's local steps are the execution's, not a local run).
 */
function lastEngineRun(deps: ExtensionDeps, nb: vscode.NotebookDocument): EngineRun | undefined {
  const run = deps.engineRuns.lookup(nb);
  if (!run) {
    return undefined;
  }
  const lastLocal = deps.sessions.get(nb).events.filter((e) => e.type === 'execution' && !(run.localStepsUntil && e.time <= run.localStepsUntil)).map((e) => e.time).sort().pop();
  return !lastLocal || !run.started || lastLocal < run.started ? run : undefined;
}

/** Writes the execution's record to `<incident folder>/<UTC start>-<name>.md`; undefined when the last run was local. */
export async function saveEngineRecord(deps: ExtensionDeps, nb: vscode.NotebookDocument): Promise<string | undefined> {
  const run = lastEngineRun(deps, nb);
  if (!run) {
    return undefined;
  }
  const folder = vscode.workspace.getWorkspaceFolder(nb.uri)?.uri.fsPath ?? path.dirname(nb.uri.fsPath);
  const input = await executionRecordInput(run.clients, run.executionArn);
  const written = await writeIncidentRecord(input, {
    folder: deps.settings().incident.folder,
    workspaceDir: folder,
    templatePath: nb.uri.scheme === 'file' ? nb.uri.fsPath : undefined,
  });
  deps.log.info(`incident record ${written.incidentId} of ${run.executionArn} written to ${written.path}`);
  void vscode.window.showInformationMessage(`Incident record of the Step Functions execution saved: ${path.relative(folder, written.path)}`, 'Open').then((choice) => {
    if (choice === 'Open') {
      void vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(written.path), NOTEBOOK_TYPE);
    }
  });
  return written.path;
}
