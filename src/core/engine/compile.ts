/**
 * A runbook -> an Amazon States Language definition (docs/engine.md): the Prerequisites approval, then
 * each phase as a one-branch Parallel state (a named group with a Catch) whose tasks carry the phase's
 * time budget as TimeoutSeconds; the first failure is recorded (`$.failure`) and ends the execution failed.
 */
import { looksSecret, secretNames } from '../incident/secrets';
import { findPhase } from '../kernel/section';
import type { Phase, RunbookDocument, RunbookOutline } from '../runbook/model';
import { cellStartLines } from '../runbook/outline';
import { APPROVAL_RESOURCE, approvalQueueName, machineNameFor, sdkResource, stateName, type AslDefinition, type AslState } from './asl';
import { cellSteps, type NotCompiled, type PlannedStep, type StepInfo } from './steps';
import { cellHash } from './localGuard';

export const META_PREFIX = 'runbook-notebook/1 ';
export const SUCCEEDED_STATE = 'Runbook succeeded';
export const FAILED_STATE = 'Runbook failed';
export const PREREQUISITES_STATE = 'Approve Prerequisites';

export interface CompileOptions {
  /** The region the state machine runs in. */
  region: string;
  /** The runbook's path as it should appear (relative to the repository when possible). */
  runbookPath: string;
  /** The runbook's markdown, embedded so a second responder's record needs nothing else. */
  source: string;
  cwd: string;
  vars?: Readonly<Record<string, string>>;
  /** Phases by number or title (all phases with steps when empty). */
  phases?: (string | number)[];
  local?: boolean;
  /** The account of the approval queue; absent: read from the state machine's ARN at run time. */
  account?: string;
  gitCommit?: string;
  readFile?(path: string): Promise<Buffer>;
  /**
   * Variables declared secret beyond the runbook's own (`secrets:` in its frontmatter) and the names that look
   * secret: the editor's secret variables. A secret never goes into the definition or the execution's input.
   */
  secretNames?: Iterable<string>;
}

/** What the top-level Comment carries (after META_PREFIX). */
export interface MachineMeta {
  title?: string;
  path: string;
  gitCommit?: string;
  region: string;
  queueName: string;
  source: string;
}

export interface CompiledRunbook {
  machineName: string;
  queueName: string;
  definition: AslDefinition;
  /** State name -> what it stands for (also in each state's Comment). */
  states: Record<string, StepInfo & { phase: string }>;
  notCompiled: NotCompiled[];
  runtimeVariables: string[];
  approvals: number;
  /** The `aws-sdk` calls the machine makes, as service:Operation with their regions. */
  calls: { service: PlannedStep['sdkService']; operation: string; region: string }[];
}

function queueUrl(region: string, queue: string, account?: string): Record<string, string> {
  if (account) {
    return { QueueUrl: `https://sqs.${region}.amazonaws.com/${account}/${queue}` };
  }
  return { 'QueueUrl.$': `States.Format('https://sqs.${region}.amazonaws.com/{}/${queue}', States.ArrayGetItem(States.StringSplit($$.StateMachine.Id, ':'), 4))` };
}

function approvalState(body: Record<string, unknown>, queue: Record<string, string>, comment: string, timeout?: number): AslState {
  return {
    Type: 'Task',
    Comment: comment,
    Resource: APPROVAL_RESOURCE,
    Parameters: {
      ...queue,
      MessageBody: { ...body, 'token.$': '$$.Task.Token', 'execution.$': '$$.Execution.Id', 'state.$': '$$.State.Name' },
    },
    ...(timeout ? { TimeoutSeconds: timeout } : {}),
    ResultPath: null,
  };
}

function stepState(step: PlannedStep, machineRegion: string, queue: Record<string, string>, timeout?: number): AslState {
  const { info } = step;
  const comment = JSON.stringify(info);
  if (info.kind === 'approval') {
    const body = { kind: 'approval', service: info.service, operation: info.operation, region: info.region, command: info.text, request: step.parameters };
    return approvalState(body, queue, comment, timeout);
  }
  if (info.kind === 'local') {
    // The worker runs its own runbook's cell at this position only if its text still has this hash (localGuard.ts).
    return approvalState({ kind: 'local', cell: info.cell, line: info.line, source: info.text, sha256: cellHash(info.text) }, queue, comment, timeout);
  }
  return {
    Type: 'Task',
    Comment: comment,
    Resource: sdkResource(step.sdkService as NonNullable<PlannedStep['sdkService']>, step.sdkOperation as string, info.region, machineRegion),
    Parameters: step.parameters ?? {},
    ...(timeout ? { TimeoutSeconds: timeout } : {}),
    ResultPath: null,
  };
}

function stepName(info: StepInfo): string {
  const what = info.kind === 'local' ? `local cell ${info.cell}` : `${info.service} ${info.operation}`;
  const prefix = info.kind === 'approval' ? 'Approve ' : '';
  return stateName(`${prefix}${what} (cell ${info.cell}${info.kind === 'local' ? '' : `.${info.command + 1}`})`);
}

interface PhasePlan {
  phase: Phase;
  name: string;
  steps: PlannedStep[];
}

function phaseState(plan: PhasePlan, opts: CompileOptions, queue: Record<string, string>, next: string, out: CompiledRunbook): AslState {
  const timeout = plan.phase.budgetMinutes ? Math.round(plan.phase.budgetMinutes * 60) : undefined;
  const names = plan.steps.map((s) => stepName(s.info));
  const states: Record<string, AslState> = {};
  plan.steps.forEach((s, i) => {
    const state = stepState(s, opts.region, queue, timeout);
    states[names[i]] = { ...state, ...(i + 1 < names.length ? { Next: names[i + 1] } : { End: true }) };
    out.states[names[i]] = { ...s.info, phase: plan.phase.title };
  });
  return {
    Type: 'Parallel',
    Comment: JSON.stringify({ phase: plan.phase.title, budgetMinutes: plan.phase.budgetMinutes ?? null }),
    Branches: [{ StartAt: names[0], States: states }],
    ResultPath: null,
    Next: next,
    Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: FAILED_STATE }],
  };
}

function selectedPhases(outline: RunbookOutline, which: (string | number)[] | undefined): Phase[] {
  if (!which || which.length === 0) {
    return outline.phases;
  }
  const chosen = new Set(which.map((w) => findPhase(outline, w)));
  return outline.phases.filter((p) => chosen.has(p));
}

async function planPhases(doc: RunbookDocument, outline: RunbookOutline, opts: CompileOptions, out: CompiledRunbook): Promise<PhasePlan[]> {
  const starts = cellStartLines(doc);
  const fmRegion = typeof outline.frontmatter.region === 'string' ? outline.frontmatter.region : '';
  const declared = new Set([...secretNames({ outline }), ...(opts.secretNames ?? [])]);
  const isSecret = (name: string): boolean => looksSecret(name) || declared.has(name);
  // A secret's value is never compiled in: the steps that use one are refused (steps.ts), so they never read it.
  const vars = Object.fromEntries(Object.entries({ ...outline.variables, ...(opts.vars ?? {}) }).filter(([name]) => !isSecret(name)));
  const stepOpts = { cwd: opts.cwd, vars, isSecret, defaultRegion: fmRegion || opts.region, local: opts.local ?? false, readFile: opts.readFile };
  const runtime = new Set<string>();
  const plans: PhasePlan[] = [];
  for (const phase of selectedPhases(outline, opts.phases)) {
    const steps: PlannedStep[] = [];
    for (const cell of phase.cellIndexes) {
      // cellStartLines gives a code cell's opening fence; its source starts on the next line.
      const r = await cellSteps(doc, cell, (starts[cell] ?? 0) + 1, stepOpts);
      steps.push(...r.steps);
      out.notCompiled.push(...r.notCompiled);
      r.runtimeVariables.forEach((v) => runtime.add(v));
    }
    if (steps.length > 0) {
      plans.push({ phase, name: stateName(phase.title), steps });
    }
  }
  out.runtimeVariables = [...runtime].sort();
  return plans;
}

function prerequisites(outline: RunbookOutline): string[] {
  return outline.checklists.filter((c) => /^prerequisites$/i.test(c.section.trim())).flatMap((c) => c.items.map((i) => i.text));
}

/** Compiles a runbook (see the module comment); steps that cannot run are in `notCompiled`. */
export async function compileRunbook(doc: RunbookDocument, outline: RunbookOutline, opts: CompileOptions): Promise<CompiledRunbook> {
  const machineName = machineNameFor(opts.runbookPath);
  const queueName = approvalQueueName(machineName);
  const queue = queueUrl(opts.region, queueName, opts.account);
  const out: CompiledRunbook = { machineName, queueName, definition: { Comment: '', StartAt: '', States: {} }, states: {}, notCompiled: [], runtimeVariables: [], approvals: 0, calls: [] };
  const plans = await planPhases(doc, outline, opts, out);
  const states: Record<string, AslState> = {};
  const items = prerequisites(outline);
  const first = plans[0]?.name ?? SUCCEEDED_STATE;
  if (items.length > 0 && plans.length > 0) {
    const comment = JSON.stringify({ kind: 'checklist', items });
    states[PREREQUISITES_STATE] = { ...approvalState({ kind: 'checklist', title: 'Prerequisites', items }, queue, comment), Next: first };
  }
  plans.forEach((p, i) => {
    states[p.name] = phaseState(p, opts, queue, plans[i + 1]?.name ?? SUCCEEDED_STATE, out);
  });
  states[SUCCEEDED_STATE] = { Type: 'Succeed' };
  states[FAILED_STATE] = { Type: 'Fail', Error: 'RunbookStepFailed', CausePath: "States.Format('{}: {}', $.failure.Error, $.failure.Cause)" };
  const meta: MachineMeta = { title: outline.title, path: opts.runbookPath, gitCommit: opts.gitCommit, region: opts.region, queueName, source: opts.source };
  out.definition = {
    Comment: `${META_PREFIX}${JSON.stringify(meta)}`,
    StartAt: states[PREREQUISITES_STATE] ? PREREQUISITES_STATE : first,
    ...(outline.rto ? { TimeoutSeconds: Math.round(outline.rto.minutes * 60) } : {}),
    States: states,
  };
  const all = plans.flatMap((p) => p.steps);
  out.approvals = all.filter((s) => s.info.kind === 'approval').length + (states[PREREQUISITES_STATE] ? 1 : 0);
  out.calls = all.filter((s) => s.info.kind === 'aws').map((s) => ({ service: s.sdkService, operation: s.sdkOperation as string, region: s.info.region as string }));
  return out;
}

/** The metadata a compiled definition carries, or undefined for a machine we did not compile. */
export function machineMeta(definition: AslDefinition | string): MachineMeta | undefined {
  const d = typeof definition === 'string' ? (JSON.parse(definition) as AslDefinition) : definition;
  return d.Comment?.startsWith(META_PREFIX) ? (JSON.parse(d.Comment.slice(META_PREFIX.length)) as MachineMeta) : undefined;
}
