/**
 * Runbooks: Run on Step Functions in VS Code (docs/engine.md): start or reattach to an execution, fill the
 * cells with its results, show its states and waiting approvals in the Step Functions view, and answer
 * them with the approver's AWS identity. Logic is in src/core/engine; this maps it onto VS Code.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { registerCommands } from '../commands';
import { COMMANDS, CONFIG_SECTION, ENGINE_EXECUTIONS_KEY, ENGINE_LOCAL_SETTING, VIEWS } from '../constants';
import { AwsClientPool } from '../core/aws/clients';
import { engineClients, type EngineClients } from '../core/engine/clients';
import { answerApproval } from '../core/engine/follow';
import { approvalTitle, engineTree, startOnEngine, summaryKey, waitingApprovals } from '../core/engine/ui';
import { secretNames } from '../core/incident/secrets';
import { gitCommitOf } from '../core/incident/writer';
import { buildOutline } from '../core/runbook/outline';
import { parseRunbook } from '../core/runbook/parse';
import { serializeRunbook } from '../core/runbook/serialize';
import type { TreeNodeModel } from '../core/tree/node';
import type { CellOutput, ExecutionSummary } from '../core/runbook/model';
import type { ExtensionDeps } from '../deps';
import { documentOf } from '../notebookDocument';
import { isRunbookNotebook } from '../sessions';
import { ModelTreeProvider } from '../modelTreeProvider';
import { askApproval, summarize } from './approvals';
import { EngineFollower, type FollowerSink } from './follower';
import { askLocalStep, localStepCell, runLocalStepHere, type LocalCellRunner } from './localSteps';
import { waitingLocalSteps } from '../core/engine/localStep';
import { escapeUntrusted } from '../core/untrustedText';
import type { EngineRun } from '../engineRuns';

const UNTRUSTED = 'This workspace is not trusted: nothing runs on Step Functions. Trust the workspace to run it.';

function notebookOf(arg: unknown): vscode.NotebookDocument | undefined {
  const uri = (arg as { notebookUri?: unknown } | undefined)?.notebookUri;
  const nb = typeof uri === 'string' ? vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === uri || n.uri.fsPath === uri) : vscode.window.activeNotebookEditor?.notebook;
  return isRunbookNotebook(nb) ? nb : undefined;
}

function requireTrust(): void {
  if (!vscode.workspace.isTrusted) {
    throw new Error(UNTRUSTED);
  }
}

/** Where an execution's results go, and where its local steps run: the kernel's controller (handed in by extension.ts). */
export interface CellResultSink extends LocalCellRunner {
  showResult(notebook: vscode.NotebookDocument, cellIndex: number, outputs: CellOutput[], execution: ExecutionSummary): Promise<void>;
}

/** Starts, follows and answers executions; one follower per notebook. */
class EngineUi implements FollowerSink, vscode.Disposable {
  readonly tree = new ModelTreeProvider();
  private readonly followers = new Map<string, EngineFollower>();

  constructor(private readonly deps: ExtensionDeps, private readonly controller: CellResultSink) {}

  private async clients(region: string): Promise<EngineClients> {
    const settings = this.deps.settings().aws;
    const pool = new AwsClientPool(settings, process.env, this.deps.log);
    const c = await engineClients(region, settings, pool);
    return { ...c, dispose: () => { c.dispose(); pool.dispose(); } };
  }

  async run(arg: unknown): Promise<string> {
    requireTrust();
    const nb = notebookOf(arg);
    if (!nb) {
      throw new Error('Open a runbook notebook first.');
    }
    const phaseTitle = (arg as { phaseTitle?: unknown } | undefined)?.phaseTitle;
    // The markdown without outputs, parsed as the follower will parse it from the machine's Comment.
    const source = serializeRunbook(documentOf(nb, { outputs: false }));
    const doc = parseRunbook(source);
    const outline = buildOutline(doc);
    const region = outline.regions.dr ?? this.deps.settings().regions.dr;
    if (!region) {
      throw new Error('The runbook names no DR region: set runbooks.regions.dr.');
    }
    const file = nb.uri.fsPath;
    const session = this.deps.sessions.get(nb);
    const vars = { ...this.deps.settings().variables, ...outline.variables, ...Object.fromEntries(session.variables) };
    const clients = await this.clients(region);
    const folder = vscode.workspace.getWorkspaceFolder(nb.uri)?.uri.fsPath ?? path.dirname(file);
    const gitCommit = await gitCommitOf(file);
    const started = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Starting on Step Functions in ${region}…` }, () => startOnEngine(clients, {
      doc, outline, source, runbookPath: path.relative(folder, file).replace(/\\/g, '/'), cwd: path.dirname(file),
      phases: typeof phaseTitle === 'string' || typeof phaseTitle === 'number' ? [phaseTitle] : undefined, vars, gitCommit,
      secretNames: secretNames({ settings: this.deps.settings(), session, outline }),
      local: vscode.workspace.getConfiguration(CONFIG_SECTION, nb.uri).get<boolean>(ENGINE_LOCAL_SETTING, false),
    })).then(undefined, (e: unknown) => { clients.dispose(); throw e; });
    await this.follow(nb, started.executionArn, clients, started.localPlan);
    return started.executionArn;
  }

  async follow(nb: vscode.NotebookDocument, executionArn: string, clients?: EngineClients, localPlan?: ReadonlyMap<string, number>): Promise<void> {
    this.followers.get(nb.uri.toString())?.dispose();
    const f = new EngineFollower(nb, executionArn, clients ?? (await this.clients(executionArn.split(':')[3])), this.deps.log);
    f.localPlan = localPlan;
    this.followers.set(nb.uri.toString(), f);
    await this.remember(nb, executionArn);
    void f.run(this);
  }

  /** A closed runbook stops being followed; its execution stays remembered for the reopen. */
  forget(nb: vscode.NotebookDocument): void {
    this.followers.get(nb.uri.toString())?.dispose();
    this.followers.delete(nb.uri.toString());
    this.onChange();
  }

  /** Reopened (or open at start) runbook whose execution was running: follow it again. */
  async reattach(nb: vscode.NotebookDocument): Promise<void> {
    const arn = this.deps.context.workspaceState.get<Record<string, string>>(ENGINE_EXECUTIONS_KEY, {})[nb.uri.toString()];
    if (arn && vscode.workspace.isTrusted && isRunbookNotebook(nb) && !this.followers.has(nb.uri.toString())) {
      await this.follow(nb, arn);
    }
  }

  private async remember(nb: vscode.NotebookDocument, arn: string | undefined): Promise<void> {
    const all = { ...this.deps.context.workspaceState.get<Record<string, string>>(ENGINE_EXECUTIONS_KEY, {}) };
    if (arn) {
      all[nb.uri.toString()] = arn;
    } else {
      delete all[nb.uri.toString()];
    }
    await this.deps.context.workspaceState.update(ENGINE_EXECUTIONS_KEY, all);
  }

  async onCells(nb: vscode.NotebookDocument, executions: Parameters<FollowerSink['onCells']>[1]): Promise<void> {
    for (const e of executions) {
      await this.controller.showResult(nb, e.cellIndex, e.outputs, e.execution);
    }
  }

  /** Each new waiting approval: its summary (the row's children), then the notification with Review / Reject. */
  onWaiting(nb: vscode.NotebookDocument, f: EngineFollower, waiting: Parameters<FollowerSink['onWaiting']>[2]): void {
    this.onWaitingLocal(nb, f, waiting);
    for (const run of waitingApprovals(f.progress?.view).filter((r) => waiting.includes(r))) {
      void summarize(this.deps, f, run).then(async (summary) => {
        f.summaries.set(summaryKey(run), summary);
        this.onChange();
        const approved = await askApproval(summary);
        if (approved !== undefined) {
          await vscode.commands.executeCommand(approved ? COMMANDS.approveEngine : COMMANDS.rejectEngine, { notebookUri: nb.uri.toString(), engineState: run.state });
        }
      }).catch((e: unknown) => this.deps.log.error(`approval ${escapeUntrusted(run.state)}: ${String(e)}`));
    }
  }

  /** Each new waiting local step of this window's plan: Run / Reject naming the cell, its line and text; dismissed sends nothing. */
  private onWaitingLocal(nb: vscode.NotebookDocument, f: EngineFollower, waiting: Parameters<FollowerSink['onWaiting']>[2]): void {
    for (const run of waitingLocalSteps(f.progress?.view).filter((r) => waiting.includes(r))) {
      const cell = localStepCell(f, run);
      if (!cell) {
        this.deps.log.warn(`${escapeUntrusted(run.state)}: a local step of an execution not started from this window; it runs where it was started`);
        continue;
      }
      void askLocalStep(cell).then(async (yes) => {
        if (yes !== undefined) {
          await vscode.commands.executeCommand(yes ? COMMANDS.runEngineLocal : COMMANDS.rejectEngine, { notebookUri: nb.uri.toString(), engineState: run.state });
        }
      }).catch((e: unknown) => this.deps.log.error(`local step ${escapeUntrusted(run.state)}: ${String(e)}`));
    }
  }

  /** Runs a waiting local step here (the user's Run) and reports it to the execution; true when the cell succeeded. */
  async runLocal(arg: unknown): Promise<boolean> {
    requireTrust();
    const node = arg as TreeNodeModel | undefined;
    const f = node?.notebookUri ? this.followers.get(node.notebookUri) : undefined;
    const run = waitingLocalSteps(f?.progress?.view).find((r) => r.state === node?.engineState);
    if (!f || !run) {
      throw new Error('Nothing waits for that local step any more.');
    }
    const r = await runLocalStepHere(f, run, this.controller, this.deps.log);
    void (r.success ? vscode.window.showInformationMessage(`Ran ${run.state} here; the execution has its output`) : vscode.window.showWarningMessage(`${run.state} failed: ${r.error ?? ''}`));
    return r.success;
  }

  onChange(): void {
    const nb = vscode.window.activeNotebookEditor?.notebook;
    const f = (nb && this.followers.get(nb.uri.toString())) ?? [...this.followers.values()].pop();
    const view = f?.progress?.view;
    this.tree.set(f && view && f.progress ? engineTree(view, f.progress.machine.definition, f.notebook.uri.toString(), f.summaries) : []);
    this.deps.engineRuns.fire();
  }

  onEnd(nb: vscode.NotebookDocument, f: EngineFollower): void {
    const status = f.progress?.view?.status;
    if (status && status !== 'RUNNING') {
      void this.remember(nb, undefined);
      const msg = `Step Functions execution ${status}${f.progress?.view?.error ? `: ${f.progress.view.error}` : ''}`;
      void (status === 'SUCCEEDED' ? vscode.window.showInformationMessage(msg) : vscode.window.showWarningMessage(msg));
    }
  }

  async answer(arg: unknown, approved: boolean): Promise<string> {
    requireTrust();
    const node = arg as TreeNodeModel | undefined;
    const f = node?.notebookUri ? this.followers.get(node.notebookUri) : undefined;
    const run = [...waitingApprovals(f?.progress?.view), ...(approved ? [] : waitingLocalSteps(f?.progress?.view))].find((r) => r.state === node?.engineState);
    if (!f || !run) {
      throw new Error('Nothing waits for that approval any more.');
    }
    const who = await answerApproval(f.clients, run, approved, approved ? undefined : 'rejected in VS Code');
    void vscode.window.showInformationMessage(`${approved ? 'Approved' : 'Rejected'} ${approvalTitle(run)} as ${who}`);
    return who;
  }

  /** The execution followed for a notebook (running or ended), for the record. */
  engineRun(nb: vscode.NotebookDocument): EngineRun | undefined {
    const f = this.followers.get(nb.uri.toString());
    return f && { executionArn: f.executionArn, started: f.progress?.view?.started || undefined, clients: f.clients, view: f.progress?.view, definition: f.progress?.machine.definition, localStepsUntil: f.localStepsUntil };
  }

  state(): unknown {
    const remembered = this.deps.context.workspaceState.get<Record<string, string>>(ENGINE_EXECUTIONS_KEY, {});
    return JSON.parse(JSON.stringify({ nodes: this.tree.nodes, remembered, executions: [...this.followers.values()].map((f) => ({ notebookUri: f.notebook.uri.toString(), executionArn: f.executionArn, status: f.progress?.view?.status, error: f.error })) })) as unknown;
  }

  dispose(): void {
    this.followers.forEach((f) => f.dispose());
    this.tree.dispose();
  }
}

/** The Step Functions view and its commands; reattaches to running executions of open runbooks. */
export function registerEngineUi(deps: ExtensionDeps, controller: CellResultSink): void {
  const ui = new EngineUi(deps, controller);
  deps.context.subscriptions.push(ui, vscode.window.createTreeView(VIEWS.engine, { treeDataProvider: ui.tree }), deps.engineRuns.setLookup((nb) => ui.engineRun(nb)));
  registerCommands(deps, {
    [COMMANDS.runOnStepFunctions]: (arg?: unknown) => ui.run(arg),
    [COMMANDS.approveEngine]: (arg?: unknown) => ui.answer(arg, true),
    [COMMANDS.rejectEngine]: (arg?: unknown) => ui.answer(arg, false),
    [COMMANDS.runEngineLocal]: (arg?: unknown) => ui.runLocal(arg),
    [COMMANDS.getEngineState]: () => ui.state(),
  });
  const reattach = (nb: vscode.NotebookDocument): void => void ui.reattach(nb).catch((e: unknown) => deps.log.error(String(e)));
  vscode.workspace.notebookDocuments.forEach(reattach);
  deps.context.subscriptions.push(vscode.workspace.onDidOpenNotebookDocument(reattach), vscode.workspace.onDidCloseNotebookDocument((nb) => ui.forget(nb)), vscode.workspace.onDidGrantWorkspaceTrust(() => vscode.workspace.notebookDocuments.forEach(reattach)));
  vscode.window.onDidChangeActiveNotebookEditor(() => ui.onChange(), undefined, deps.context.subscriptions);
}
