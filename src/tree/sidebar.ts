import * as vscode from 'vscode';
import { onSettingsChange } from '../config';
import { COMMANDS } from '../constants';
import { AwsClientPool } from '../core/aws/clients';
import { DisposableStore } from '../core/disposable';
import { evaluateHealth } from '../core/health/evaluate';
import { HealthMonitor } from '../core/health/monitor';
import type { HealthReport } from '../core/health/types';
import { targetsFromDocument, withOverrides } from '../core/health/targets';
import { buildOutline } from '../core/runbook/outline';
import type { Settings } from '../core/settings';
import { checklistTree } from '../core/tree/checklistModel';
import { healthTree, readinessNode, type HealthViewState } from '../core/tree/healthTree';
import { SYSTEM_CLOCK, type TreeNodeModel } from '../core/tree/node';
import { computePhases, phaseTree } from '../core/tree/phaseModel';
import { withEngineStates } from '../core/engine/ui';
import type { ExtensionDeps } from '../deps';
import { isRunbookNotebook } from '../sessions';
import { ModelTreeProvider } from '../modelTreeProvider';
import { documentOf } from '../notebookDocument';
import { RunTracker } from './notebookState';

export interface SidebarState {
  notebookUri?: string;
  phases: TreeNodeModel[];
  checklists: TreeNodeModel[];
  regionHealth: TreeNodeModel[];
  health: HealthViewState;
}

const TICK_MS = 1000;
const UNTRUSTED = 'Region Health does not run in an untrusted workspace: trust it to check the regions.';

/** Follows the active runbook notebook and feeds the three trees from the pure models. */
export class Sidebar implements vscode.Disposable {
  readonly phases = new ModelTreeProvider();
  readonly checklists = new ModelTreeProvider();
  readonly health = new ModelTreeProvider();
  private readonly store = new DisposableStore();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly runs = new RunTracker();
  private readonly monitor: HealthMonitor;
  private current: vscode.NotebookDocument | undefined;
  private pool: { key: string; pool: AwsClientPool } | undefined;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private pending: ReturnType<typeof setTimeout> | undefined;
  private phasesVisible = true;
  private trusted = vscode.workspace.isTrusted;

  constructor(private readonly deps: ExtensionDeps) {
    // No runbook: the views stay empty so their welcome text shows.
    const showHealth = (v: HealthViewState): void => this.health.set(this.current ? [...healthTree(v), ...this.readinessRows()] : []);
    this.monitor = new HealthMonitor(() => this.noRunbook(), showHealth, deps.settings().health.intervalSeconds);
    this.store.add(this.monitor);
    this.subscriptions.push(this.phases, this.checklists, this.health);
    vscode.window.onDidChangeActiveNotebookEditor(() => this.follow(), this, this.subscriptions);
    vscode.window.onDidChangeVisibleNotebookEditors(() => this.follow(), this, this.subscriptions);
    vscode.workspace.onDidCloseNotebookDocument(() => this.follow(), this, this.subscriptions);
    vscode.workspace.onDidChangeNotebookDocument((e) => this.onDocumentChange(e), this, this.subscriptions);
    vscode.workspace.onDidGrantWorkspaceTrust(() => this.follow(), this, this.subscriptions);
    deps.engineRuns.onDidChange(() => this.schedule(), this, this.subscriptions);
    onSettingsChange(() => this.monitor.setInterval(this.deps.settings().health.intervalSeconds), this.subscriptions);
    deps.sessions.onDidCreateSession(({ session }) => this.store.add(session.onEvent(() => this.schedule())), this, this.subscriptions);
    deps.readiness.onDidChange((uri) => uri === this.current?.uri.toString() && showHealth(this.monitor.state), this, this.subscriptions);
    this.follow();
  }

  private readinessRows(): TreeNodeModel[] {
    const r = this.current ? this.deps.readiness.get(this.current.uri) : undefined;
    // Untrusted, the view only says why nothing is checked (the Problems view still has the static findings).
    return r && this.trusted ? [readinessNode(r, COMMANDS.checkRunbook)] : [];
  }

  get notebook(): vscode.NotebookDocument | undefined {
    return this.current;
  }

  refreshHealth(): Promise<void> {
    // Untrusted: the view already says why nothing is checked.
    return this.trusted ? this.monitor.refresh() : Promise.resolve();
  }

  state(): SidebarState {
    return {
      notebookUri: this.current?.uri.toString(),
      phases: this.phases.nodes,
      checklists: this.checklists.nodes,
      regionHealth: this.health.nodes,
      health: this.monitor.state,
    };
  }

  /** The incident clock ticks only while the Phases view is visible. */
  setPhasesVisible(visible: boolean): void {
    this.phasesVisible = visible;
    this.update();
  }

  /** Recomputes the Phases and Checklists models now (commands call it after an edit). */
  update(): void {
    clearTimeout(this.pending);
    this.pending = undefined;
    const nb = this.current;
    if (!nb) {
      this.phases.set([]);
      this.checklists.set([]);
      this.setTicking(false);
      return;
    }
    const outline = buildOutline(documentOf(nb, { outputs: false }));
    const now = SYSTEM_CLOCK.now();
    const start = this.deps.sessions.peek(nb)?.events.find((e) => e.type === 'session-start')?.time;
    const model = computePhases(outline, this.runs.runs(nb, now), SYSTEM_CLOCK, start ? Date.parse(start) : undefined);
    // While an execution on Step Functions is followed for this runbook, each phase shows its state there.
    const engine = this.deps.engineRuns.lookup(nb);
    const rows = phaseTree(model, nb.uri.toString(), COMMANDS.revealPhase);
    this.phases.set(engine?.view && engine.definition ? withEngineStates(rows, engine.view, engine.definition) : rows);
    this.checklists.set(checklistTree(outline, nb.uri.toString(), COMMANDS.revealPhase));
    this.setTicking(this.phasesVisible && model.clock.startMs !== undefined);
  }

  dispose(): void {
    clearTimeout(this.pending);
    clearInterval(this.ticker);
    this.pool?.pool.dispose();
    this.store.dispose();
    vscode.Disposable.from(...this.subscriptions).dispose();
  }

  private follow(): void {
    const active = vscode.window.activeNotebookEditor?.notebook;
    const visible = vscode.window.visibleNotebookEditors.map((e) => e.notebook).filter(isRunbookNotebook);
    const next = isRunbookNotebook(active) ? active : visible.find((nb) => nb === this.current) ?? visible[0];
    const trusted = vscode.workspace.isTrusted;
    if (next !== this.current || trusted !== this.trusted) {
      this.current = next;
      this.trusted = trusted;
      // Untrusted, the workspace's settings (endpoints, profile, DNS servers) must not steer signed AWS calls.
      if (next && !trusted) {
        this.monitor.reset(() => Promise.reject(new Error(UNTRUSTED)), UNTRUSTED);
      } else {
        this.monitor.reset(next ? (signal, onProgress) => this.checkHealth(next, signal, onProgress) : () => this.noRunbook());
      }
      this.update();
    }
    this.monitor.setActive(trusted && visible.length > 0);
  }

  private onDocumentChange(e: vscode.NotebookDocumentChangeEvent): void {
    if (e.notebook !== this.current) {
      return;
    }
    const now = Date.now();
    for (const c of e.cellChanges) {
      if (c.executionSummary) {
        this.runs.observe(c.cell, now);
      }
    }
    this.schedule();
  }

  /** Coalesces bursts of edits and events into one update. */
  private schedule(): void {
    this.pending ??= setTimeout(() => this.update(), 50);
  }

  private setTicking(on: boolean): void {
    if (on && !this.ticker) {
      this.ticker = setInterval(() => this.update(), TICK_MS);
    } else if (!on && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  private poolFor(settings: Settings): AwsClientPool {
    const key = JSON.stringify(settings.aws);
    if (this.pool?.key !== key) {
      this.pool?.pool.dispose();
      this.pool = { key, pool: new AwsClientPool(settings.aws, process.env, this.deps.log) };
    }
    return this.pool.pool;
  }

  private checkHealth(nb: vscode.NotebookDocument, signal: AbortSignal, onProgress: (partial: HealthReport) => void): Promise<HealthReport> {
    const doc = documentOf(nb, { outputs: false });
    const outline = buildOutline(doc);
    const settings = this.deps.settings();
    const targets = withOverrides(targetsFromDocument(doc), outline.frontmatter);
    return evaluateHealth({ outline, targets, settings, pool: this.poolFor(settings), logger: this.deps.log, signal, onProgress });
  }

  private noRunbook(): Promise<HealthReport> {
    return Promise.reject(new Error('no runbook notebook is open'));
  }
}
