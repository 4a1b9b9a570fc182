import * as path from 'node:path';
import * as vscode from 'vscode';
import { registerCommands } from '../commands';
import { COMMANDS, DIAGNOSTIC_SOURCE } from '../constants';
import { AwsClientPool } from '../core/aws/clients';
import type { Finding } from '../core/check/finding';
import { liveChecks } from '../core/check/live';
import type { ExtensionDeps } from '../deps';
import { isRunbookNotebook } from '../sessions';
import { FIXES, RunbookDiagnostics, toRange } from './diagnostics';

/** Quick fixes for the findings that have one obvious fix (closest name, a missing --region). */
class CheckQuickFixes implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    return context.diagnostics.flatMap((d) => {
      const fix = d.source === DIAGNOSTIC_SOURCE ? FIXES.get(d) : undefined;
      if (!fix) {
        return [];
      }
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(document.uri, toRange(fix.range), fix.newText);
      action.diagnostics = [d];
      action.isPreferred = true;
      return [action];
    });
  }
}

/** Runbooks: Check Runbook: the static checks plus the live ones (read-only), shown as diagnostics. */
async function checkRunbook(deps: ExtensionDeps, diagnostics: RunbookDiagnostics, arg: unknown): Promise<Finding[] | undefined> {
  const uri = typeof arg === 'string' ? arg : (arg as { notebookUri?: string } | undefined)?.notebookUri;
  const nb = uri ? vscode.workspace.notebookDocuments.find((d) => d.uri.toString() === uri) : vscode.window.activeNotebookEditor?.notebook;
  if (!isRunbookNotebook(nb)) {
    throw new Error('Check Runbook: open a runbook notebook first.');
  }
  if (!vscode.workspace.isTrusted) {
    throw new Error('Check Runbook makes AWS calls: trust the workspace first (the static findings are shown already).');
  }
  const report = await diagnostics.check(nb);
  const settings = deps.settings();
  const pool = new AwsClientPool(settings.aws, process.env, deps.log);
  try {
    const deadlineMs = settings.aws.connectTimeoutMs + settings.aws.requestTimeoutMs;
    const file = nb.uri.fsPath || path.basename(nb.uri.path);
    const live = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Checking the runbook against AWS (read-only)…' }, () =>
      liveChecks(report, { file, pool, profile: settings.aws.profile || undefined, deadlineMs, defaultRegion: settings.aws.defaultRegion || undefined }),
    );
    const findings = [...report.findings, ...live.findings];
    diagnostics.show(nb, findings, true);
    const bad = findings.filter((f) => f.severity !== 'info').length;
    void vscode.window.showInformationMessage(`Runbook check: ${bad === 0 ? 'ready' : `${bad} finding(s)`} (live checks took ${live.ms} ms). See the Problems view.`);
    return findings;
  } finally {
    pool.dispose();
  }
}

/** Diagnostics while editing, their quick fixes, and the Check Runbook command. */
export function registerCheck(deps: ExtensionDeps): void {
  const diagnostics = new RunbookDiagnostics(deps);
  deps.context.subscriptions.push(
    diagnostics,
    vscode.languages.registerCodeActionsProvider({ scheme: 'vscode-notebook-cell' }, new CheckQuickFixes(), { providedCodeActionKinds: CheckQuickFixes.kinds }),
  );
  registerCommands(deps, { [COMMANDS.checkRunbook]: (arg: unknown) => checkRunbook(deps, diagnostics, arg) });
}
