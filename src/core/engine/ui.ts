/**
 * What an editor needs to run a runbook on Step Functions and to answer its approvals: start (compile,
 * deploy, start an execution), the requests waiting for a human (answered through `answerApproval` in
 * follow.ts, as the CLI's are), and the execution as tree rows. No `vscode` here; src/engineUi maps these onto VS Code.
 */
import type { ConfirmSummary } from '../confirm/summary';
import { RunbookError } from '../errors';
import type { RunbookDocument, RunbookOutline } from '../runbook/model';
import type { TreeNodeModel } from '../tree/node';
import type { AslDefinition } from './asl';
import type { EngineClients } from './clients';
import { compileRunbook } from './compile';
import { defaultRoleArn, deployRunbook } from './deploy';
import { startExecution } from './follow';
import type { ExecutionView, StateRun } from './history';
import { localPlan } from './localStep';

export interface EngineStart {
  doc: RunbookDocument;
  outline: RunbookOutline;
  source: string;
  runbookPath: string;
  cwd: string;
  /** Phases by number or title; empty: the whole runbook. */
  phases?: (string | number)[];
  /** Values for the placeholders the execution reads from its input. */
  vars: Readonly<Record<string, string>>;
  /** Variables declared secret (the editor's settings and session): never compiled in, never in the input. */
  secretNames?: Iterable<string>;
  gitCommit?: string;
  /** `--local`: dig and shell cells become steps this editor runs (after the user's yes) and reports. */
  local?: boolean;
}

export interface StartedExecution {
  executionArn: string;
  stateMachineArn: string;
  queueUrl: string;
  /** The local steps compiled (state name -> cell index); empty without `local`. */
  localPlan: Map<string, number>;
}

/** Compiles with the caller's account, deploys (machine and approval queue) and starts an execution. */
export async function startOnEngine(c: EngineClients, s: EngineStart): Promise<StartedExecution> {
  const me = await c.identity();
  const compiled = await compileRunbook(s.doc, s.outline, { region: c.region, runbookPath: s.runbookPath, source: s.source, cwd: s.cwd, phases: s.phases, account: me.account, gitCommit: s.gitCommit, local: s.local, secretNames: s.secretNames });
  const missing = compiled.runtimeVariables.filter((n) => s.vars[n] === undefined);
  if (missing.length) {
    throw new RunbookError('usage', `The execution needs values for ${missing.map((n) => `<${n}>`).join(', ')}: set them (Runbooks: Set Variable or runbooks.variables).`);
  }
  const deployed = await deployRunbook(c, compiled, defaultRoleArn(me.account, compiled.machineName));
  const vars = Object.fromEntries(compiled.runtimeVariables.map((n) => [n, s.vars[n]]));
  const executionArn = await startExecution(c, deployed.stateMachineArn, { vars, startedBy: me.arn });
  return { executionArn, stateMachineArn: deployed.stateMachineArn, queueUrl: deployed.queueUrl, localPlan: localPlan(compiled) };
}

/** Approvals and checklists the execution waits on whose request (with its task token) is in the history. */
export function waitingApprovals(view: ExecutionView | undefined): StateRun[] {
  if (!view || view.status !== 'RUNNING') {
    return [];
  }
  return view.runs.filter((r) => r.status === 'waiting' && (r.kind === 'approval' || r.kind === 'checklist') && typeof r.message?.token === 'string');
}

/** One line saying what an approval lets happen. */
export function approvalTitle(run: StateRun): string {
  const m = run.message ?? {};
  if (run.kind === 'checklist') {
    return 'Prerequisites checklist';
  }
  return `${String(m.command ?? `${String(m.service)} ${String(m.operation)}`)} in ${String(m.region ?? '')}`.trim();
}

/** The change an approval carries: the command, its region and the request, or the checklist's items. */
export function approvalDetail(run: StateRun): string {
  const m = run.message ?? {};
  if (run.kind === 'checklist') {
    return ((m.items as string[] | undefined) ?? []).map((i) => `- [ ] ${i}`).join('\n');
  }
  return `${approvalTitle(run)}\nrequest: ${JSON.stringify(m.request ?? {}, null, 2)}`;
}

const STATUS_ICON: Record<string, [string, string?]> = {
  running: ['sync~spin'],
  waiting: ['bell', 'list.warningForeground'],
  succeeded: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
};

/** The key of a waiting approval's summary (a state may wait again in a later attempt). */
export function summaryKey(run: StateRun): string {
  return `${run.state}@${run.started}`;
}

/** A waiting approval's summary (src/core/engine/approvalSummary.ts) as the row's tooltip and child rows. */
function summaryRows(id: string, summary: ConfirmSummary | undefined): Pick<TreeNodeModel, 'tooltip' | 'children' | 'expanded'> {
  if (!summary) {
    return {};
  }
  const lines = [summary.message, ...summary.lines];
  return { tooltip: lines.join('\n'), expanded: true, children: lines.map((l, i) => ({ id: `${id}:summary:${i}`, label: l.trim(), contextValue: 'engineSummary' })) };
}

function runNode(run: StateRun, notebookUri: string, summaries: ReadonlyMap<string, ConfirmSummary>): TreeNodeModel {
  const [icon, iconColor] = STATUS_ICON[run.status] ?? ['circle-outline'];
  const approval = waitingApprovals({ status: 'RUNNING', runs: [run] } as ExecutionView).length > 0;
  const id = `engine:${notebookUri}:${run.state}:${run.started}`;
  return {
    id,
    label: run.state,
    description: approval ? `waiting for approval` : run.status,
    tooltip: approval ? approvalDetail(run) : (run.error ? `${run.error}: ${run.cause ?? ''}` : undefined),
    icon,
    iconColor,
    contextValue: approval ? 'engineApproval' : 'engineState',
    notebookUri,
    engineState: run.state,
    cellIndex: run.info?.cell,
    ...(approval ? summaryRows(id, summaries.get(summaryKey(run))) : {}),
  };
}

function branchStates(definition: AslDefinition, phaseState: string): Set<string> {
  const s = (definition.States as Record<string, { Branches?: { States: Record<string, unknown> }[] }>)[phaseState];
  return new Set(Object.keys(s?.Branches?.[0]?.States ?? {}));
}

type GroupStatus = 'running' | 'waiting' | 'succeeded' | 'failed';

function groupStatus(p: ExecutionView['phases'][number], runs: StateRun[]): GroupStatus {
  return p.failed ? 'failed' : p.ended ? 'succeeded' : runs.some((r) => r.status === 'waiting') ? 'waiting' : 'running';
}

/** Each phase the execution entered, by the runbook's heading title (from the group's Comment): its state. */
export function enginePhaseStates(view: ExecutionView, definition: AslDefinition): Map<string, GroupStatus> {
  const out = new Map<string, GroupStatus>();
  for (const p of view.phases) {
    const comment = (definition.States as Record<string, { Comment?: string }>)[p.state]?.Comment ?? '{}';
    let title = p.state;
    try {
      title = String((JSON.parse(comment) as { phase?: string }).phase ?? p.state);
    } catch {
      // a group without our Comment keeps its state name
    }
    const states = branchStates(definition, p.state);
    out.set(title, groupStatus(p, view.runs.filter((r) => states.has(r.state))));
  }
  return out;
}

const GROUP_LABEL: Record<GroupStatus, string> = { running: 'running', waiting: 'waiting for approval', succeeded: 'succeeded', failed: 'failed' };

/** The Phases view's rows (src/core/tree/phaseModel.ts) with each phase's state in the followed execution. */
export function withEngineStates(nodes: TreeNodeModel[], view: ExecutionView, definition: AslDefinition): TreeNodeModel[] {
  const states = enginePhaseStates(view, definition);
  const mark = (n: TreeNodeModel): TreeNodeModel => {
    const status = n.contextValue === 'phase' && n.phaseTitle !== undefined ? states.get(n.phaseTitle) : undefined;
    const children = n.children?.map(mark);
    if (!status) {
      return children ? { ...n, children } : n;
    }
    const [icon, iconColor] = STATUS_ICON[status];
    const what = `Step Functions: ${GROUP_LABEL[status]}`;
    return { ...n, icon, iconColor, description: `${what} · ${n.description ?? ''}`, tooltip: `${n.tooltip ?? n.label}\n${what} (${view.name})`, ...(children ? { children } : {}) };
  };
  return nodes.map(mark);
}

/** The execution as rows: its status, then each phase group with its states; approvals can be answered. */
export function engineTree(view: ExecutionView, definition: AslDefinition, notebookUri: string, summaries: ReadonlyMap<string, ConfirmSummary> = new Map()): TreeNodeModel[] {
  const phaseRows = view.phases.map((p): TreeNodeModel => {
    const states = branchStates(definition, p.state);
    const runs = view.runs.filter((r) => states.has(r.state));
    const status = groupStatus(p, runs);
    const [icon, iconColor] = STATUS_ICON[status];
    return { id: `engine:${notebookUri}:phase:${p.state}`, label: p.state, description: status, icon, iconColor, contextValue: 'enginePhase', expanded: true, notebookUri, children: runs.map((r) => runNode(r, notebookUri, summaries)) };
  });
  const top = view.runs.filter((r) => !view.phases.some((p) => branchStates(definition, p.state).has(r.state))).map((r) => runNode(r, notebookUri, summaries));
  return [{
    id: `engine:${notebookUri}:execution`,
    label: `Step Functions: ${view.status}`,
    description: view.name,
    tooltip: `${view.executionArn}${view.error ? `\n${view.error}: ${view.cause ?? ''}` : ''}`,
    icon: view.status === 'RUNNING' ? 'sync~spin' : view.status === 'SUCCEEDED' ? 'pass' : 'error',
    contextValue: 'engineExecution',
    expanded: true,
    notebookUri,
    children: [...top, ...phaseRows],
  }];
}
