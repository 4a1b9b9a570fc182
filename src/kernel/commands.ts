import * as vscode from 'vscode';
import { MIME, type Phase } from '../core/runbook/model';
import { findReferences } from '../core/kernel/placeholders';
import { findPhase, phaseCells } from '../core/kernel/section';
import { secretNames } from '../core/incident/secrets';
import { defaultRegion, setSessionVariable } from '../core/kernel/variables';
import { isRunbookNotebook } from '../sessions';
import type { RunbookController } from './controller';
import type { NotebookKernels } from './notebookKernels';
import type { IdentityStatusBar } from './statusBar';

export interface KernelCommandDeps {
  controller: RunbookController;
  kernels: NotebookKernels;
  statusBar: IdentityStatusBar;
}

function notebookFor(arg: unknown): vscode.NotebookDocument | undefined {
  const uri = (arg as { notebookUri?: unknown } | undefined)?.notebookUri;
  if (typeof uri === 'string') {
    return vscode.workspace.notebookDocuments.find((nb) => nb.uri.toString() === uri || nb.uri.fsPath === uri);
  }
  const cellNotebook = (arg as { notebook?: vscode.NotebookDocument } | undefined)?.notebook;
  const nb = cellNotebook ?? vscode.window.activeNotebookEditor?.notebook;
  return isRunbookNotebook(nb) ? nb : undefined;
}

function requireNotebook(arg: unknown): vscode.NotebookDocument {
  const nb = notebookFor(arg);
  if (!nb) {
    throw new Error('Open a runbook notebook first.');
  }
  return nb;
}

async function pickPhase(phases: Phase[], arg: unknown): Promise<Phase | undefined> {
  const cellIndex = (arg as { index?: unknown } | undefined)?.index;
  if (typeof cellIndex === 'number') {
    return phases.find((p) => p.headingCell === cellIndex) ?? phases.find((p) => p.cellIndexes.includes(cellIndex));
  }
  const picked = await vscode.window.showQuickPick(
    phases.map((p) => ({ label: p.title, description: `${p.cellIndexes.length} cell(s)${p.budgetMinutes ? ` · ${p.budgetMinutes} min` : ''}`, phase: p })),
    { title: 'Run a phase (stops at the first failure)' },
  );
  return picked?.phase;
}

/** Whether the cell's last run ended because the engineer cancelled a change (a `notConfirmed` error output). */
function cancelledByEngineer(cell: vscode.NotebookCell): boolean {
  return cell.outputs.some((o) => o.items.some((i) => i.mime === MIME.error && new TextDecoder().decode(i.data).includes('"notConfirmed"')));
}

/** `runbooks.runPhase`: `{ notebookUri, phaseTitle }`, a markdown cell (its section), or a QuickPick. */
export function runPhase(d: KernelCommandDeps) {
  return async (arg?: unknown): Promise<boolean> => {
    if (!vscode.workspace.isTrusted) {
      throw new Error('This workspace is not trusted: runbook cells do not run. Trust the workspace to run them.');
    }
    const notebook = requireNotebook(arg);
    const outline = d.kernels.outlineOf(notebook);
    const title = (arg as { phaseTitle?: unknown } | undefined)?.phaseTitle;
    const phase = typeof title === 'string' || typeof title === 'number' ? findPhase(outline, title) : await pickPhase(outline.phases, arg);
    if (!phase) {
      return false;
    }
    const cells = phaseCells(outline, phase).map((i) => notebook.cellAt(i));
    const ok = await d.controller.execute(cells, notebook);
    if (!ok) {
      const cancelled = cells.find(cancelledByEngineer);
      void vscode.window.showWarningMessage(
        cancelled ? `${phase.title}: cancelled by the engineer at cell ${cancelled.index}; nothing after it ran.` : `${phase.title}: stopped at the first failing cell.`,
      );
    }
    return ok;
  };
}

function placeholderNames(notebook: vscode.NotebookDocument): string[] {
  const names = new Set<string>();
  for (const cell of notebook.getCells()) {
    if (cell.kind === vscode.NotebookCellKind.Code) {
      findReferences(cell.document.getText()).filter((r) => r.form !== 'dollar').forEach((r) => names.add(r.name));
    }
  }
  return [...names].sort();
}

/** `runbooks.setVariable`: `{ notebookUri, name, value }`, or asks for both. */
export function setVariable(d: KernelCommandDeps) {
  return async (arg?: unknown): Promise<void> => {
    const notebook = requireNotebook(arg);
    const ctx = d.kernels.contextFor(notebook, new AbortController().signal, () => {});
    const given = arg as { name?: unknown; value?: unknown } | undefined;
    let name = typeof given?.name === 'string' ? given.name : undefined;
    if (!name) {
      const items = placeholderNames(notebook).map((n) => ({ label: n, description: ctx.session.variables.has(n) ? 'set' : '' }));
      const picked = await vscode.window.showQuickPick([...items, { label: 'Another name…', description: '' }], { title: 'Set a runbook variable' });
      name = picked?.label === 'Another name…' ? await vscode.window.showInputBox({ title: 'Variable name', validateInput: (v) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(v) ? undefined : 'A name like TG_ARN') }) : picked?.label;
    }
    if (!name) {
      return;
    }
    const secret = secretNames(ctx).has(name);
    const value = typeof given?.value === 'string' ? given.value : await vscode.window.showInputBox({ title: `Value for ${name}`, password: secret, ignoreFocusOut: true });
    if (value !== undefined) {
      setSessionVariable(ctx, name, value, 'session', secret);
    }
  };
}

export function clearVariables(d: KernelCommandDeps) {
  return (arg?: unknown): void => {
    const notebook = requireNotebook(arg);
    const session = d.kernels.contextFor(notebook, new AbortController().signal, () => {}).session;
    session.variables.clear();
    session.secrets.clear();
    void vscode.window.showInformationMessage('Runbook variables cleared for this session: the next cells ask again.');
  };
}

/** `runbooks.showIdentity`: the identity cells use (asks STS in the default region when none is known yet). */
export function showIdentity(d: KernelCommandDeps) {
  return async (arg?: unknown): Promise<void> => {
    let shown = d.statusBar.identity;
    if (!shown) {
      if (!vscode.workspace.isTrusted) {
        throw new Error('This workspace is not trusted: no AWS call is made. Trust the workspace to ask AWS who you are.');
      }
      const notebook = requireNotebook(arg);
      const ctx = d.kernels.contextFor(notebook, new AbortController().signal, () => {});
      const region = defaultRegion(ctx);
      const id = await ctx.pool.identity({ region });
      shown = { account: id.account, arn: id.arn, region };
      d.statusBar.show(shown);
    }
    void vscode.window.showInformationMessage(`AWS account ${shown.account}, ${shown.arn}, region ${shown.region}`, { modal: false });
  };
}
