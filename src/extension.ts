import * as vscode from 'vscode';
import { readSettings } from './config';
import type { ExtensionDeps } from './deps';
import { registerCheck } from './check/register';
import { registerEngineUi } from './engineUi/register';
import { EngineRuns } from './engineRuns';
import { createLog } from './log';
import { registerIncident } from './incident/register';
import { registerKernel } from './kernel/register';
import { registerNotebook } from './notebook/register';
import { ReadinessRegistry } from './readiness';
import { SessionRegistry } from './sessions';
import { registerTrees } from './tree/registerTrees';

/** The composition root: logger -> settings -> sessions -> surfaces. Nothing else happens here. */
export function activate(context: vscode.ExtensionContext): void {
  const sessions = new SessionRegistry();
  context.subscriptions.push(sessions);
  const log = createLog(context, () => sessions.secretValues(readSettings()));
  try {
    const readiness = new ReadinessRegistry();
    const engineRuns = new EngineRuns();
    context.subscriptions.push(readiness, engineRuns);
    const deps: ExtensionDeps = { context, log, settings: () => readSettings(), sessions, readiness, engineRuns };
    registerNotebook(deps);
    registerIncident(deps);
    registerEngineUi(deps, registerKernel(deps));
    registerTrees(deps);
    registerCheck(deps);
    log.info('Runbook Notebook activated');
  } catch (e) {
    log.error(e instanceof Error ? e : String(e));
    void vscode.window.showErrorMessage(`Runbook Notebook failed to start: ${e instanceof Error ? e.message : String(e)}`);
    throw e;
  }
}

export function deactivate(): void {}
