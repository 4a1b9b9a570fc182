/**
 * An execution view -> the session events the rest of the product folds over (record, trees, --json):
 * one execution per cell (its tasks' results as outputs, `--query`/`--output` applied here), the
 * Prerequisites approval as ticks by the approver, and the approvals themselves. Only the history is
 * read, so two responders get the same events.
 */
import type { AwsOutputFormat } from '../aws/command';
import { operationShapes, type Shape } from '../aws/schema';
import { sdkModuleNow } from '../aws/sdkModules';
import { redactSensitive } from '../aws/sensitive';
import { operationsOf, resolveService } from '../aws/translate';
import { looksSecret, secretNames } from '../incident/secrets';
import { awsResultOutput } from '../kernel/awsResult';
import { errorOutput } from '../kernel/outputs';
import type { CellOutput, RunbookOutline } from '../runbook/model';
import type { ExecutionEvent, SessionEvent } from '../session/events';
import type { MachineMeta } from './compile';
import type { ExecutionView, StateRun } from './history';
import { fromStepFunctions } from './params';

export interface Approval {
  state: string;
  kind: 'checklist' | 'approval' | 'local';
  approved: boolean;
  by: string;
  time: string;
  what: string;
}

function parse(text: string | undefined): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

function by(run: StateRun): string {
  const out = parse(run.output) as { by?: string } | undefined;
  if (out?.by) {
    return out.by;
  }
  return /by (\S+)/.exec(run.cause ?? '')?.[1]?.replace(/:$/, '') ?? 'unknown';
}

/** Who approved or rejected what, in order. */
export function approvals(view: ExecutionView): Approval[] {
  return view.runs
    .filter((r) => r.kind !== 'aws' && (r.status === 'succeeded' || r.status === 'failed'))
    .map((r) => ({
      state: r.state,
      kind: r.kind as Approval['kind'],
      approved: r.status === 'succeeded',
      by: by(r),
      time: r.ended ?? r.started,
      what: r.kind === 'checklist' ? 'Prerequisites checklist' : (r.info?.text ?? r.state),
    }));
}

/**
 * A task's answer as a local run shows it: Step Functions' PascalCase mapped back to the SDK's members through the
 * operation's model (so `--query` reads the names a local run has), every member the model marks sensitive redacted,
 * and one output with every rendering, the `--output` asked for first (kernel/awsResult.ts). An answer whose model
 * this build cannot read is withheld, not shown unredacted.
 */
function awsOutputs(run: StateRun): CellOutput[] {
  const info = run.info;
  let model: { sdkOp: string; output: Shape } | undefined;
  try {
    const mod = sdkModuleNow(resolveService(info?.service));
    const sdkOp = operationsOf(mod).get(info?.operation ?? '');
    model = sdkOp ? { sdkOp, output: operationShapes(mod[`${sdkOp}$`]).output } : undefined;
  } catch {
    model = undefined;
  }
  if (!model) {
    const what = `${info?.service ?? '?'} ${info?.operation ?? '?'}`;
    return [errorOutput({ name: 'AnswerWithheld', message: `The answer of ${what} is not shown: this build cannot read the operation's model to redact its secrets (see the execution's history in AWS).` })];
  }
  const data = redactSensitive(fromStepFunctions(parse(run.output), model.output, 'model'), model.output);
  const cmd = { commandName: `${model.sdkOp}Command`, globals: { query: info?.query, output: (info?.output ?? 'json') as AwsOutputFormat } };
  return [awsResultOutput(cmd, { data })];
}

function failureOutput(run: StateRun): CellOutput {
  const rejected = run.kind === 'approval' && run.status === 'failed';
  const message = rejected ? `not approved (${run.error ?? 'Rejected'}): ${run.cause ?? ''}; nothing was sent.` : (run.cause ?? run.error ?? 'Failed');
  return errorOutput({ name: run.error ?? 'Failed', message: message.trim() });
}

function localOutputs(run: StateRun): CellOutput[] {
  const out = parse(run.output) as { outputs?: CellOutput[] } | undefined;
  return out?.outputs ?? [];
}

/** The runs of one cell in order -> its execution (undefined while none of its tasks finished). */
function cellExecution(cell: number, runs: StateRun[], view: ExecutionView, meta: MachineMeta): ExecutionEvent | undefined {
  const done = runs.filter((r) => r.status === 'succeeded' || r.status === 'failed');
  if (done.length === 0) {
    return undefined;
  }
  const failed = done.find((r) => r.status === 'failed');
  const finished = !!failed || runs.every((r) => r.status === 'succeeded') && done.length === runs.length;
  if (!finished && view.status === 'RUNNING') {
    return undefined;
  }
  const outputs: CellOutput[] = [];
  for (const r of done) {
    if (r.status === 'failed') {
      outputs.push(failureOutput(r));
    } else if (r.kind === 'aws') {
      outputs.push(...awsOutputs(r));
    } else if (r.kind === 'local') {
      outputs.push(...localOutputs(r));
    }
  }
  const start = runs[0].started;
  const end = done[done.length - 1].ended ?? start;
  const account = view.executionArn.split(':')[4];
  const region = runs.find((r) => r.kind === 'aws')?.info?.region ?? meta.region;
  const src = runs.find((r) => r.info)?.info;
  return {
    type: 'execution',
    time: end,
    cellIndex: cell,
    source: src?.kind === 'local' ? src.text : '',
    execution: {
      startTime: start,
      durationMs: Math.max(0, Date.parse(end) - Date.parse(start)),
      success: !failed,
      ranBy: String(view.input.startedBy ?? 'stepfunctions'),
      host: `stepfunctions:${meta.region}`,
      account,
      arn: view.roleArn,
      region,
      runner: 'stepfunctions',
    },
    outputs,
  };
}

/** The session events of an execution: start, identity, variables, ticks, one execution per cell, end. */
export function executionEvents(view: ExecutionView, meta: MachineMeta, outline: RunbookOutline, sources: readonly string[]): SessionEvent[] {
  const events: SessionEvent[] = [];
  const start = view.started;
  events.push({ type: 'session-start', time: start, sessionId: view.name, runbookPath: meta.path, operator: String(view.input.startedBy ?? 'unknown'), host: `stepfunctions:${meta.region}`, ...(meta.gitCommit ? { gitCommit: meta.gitCommit } : {}) });
  events.push({ type: 'identity', time: start, account: view.executionArn.split(':')[4] ?? '', arn: view.roleArn ?? 'unknown', region: meta.region });
  const vars = (view.input.vars ?? {}) as Record<string, unknown>;
  const declared = secretNames({ outline });
  for (const name of Object.keys(vars).sort()) {
    // A secret never goes into an execution's input (compile.ts); one that did (a machine compiled elsewhere) is recorded by name only.
    const secret = looksSecret(name) || declared.has(name);
    events.push({ type: 'variable', time: start, name, ...(secret ? {} : { value: String(vars[name]) }), secret, source: 'cli' });
  }
  const checklist = view.runs.find((r) => r.kind === 'checklist' && r.status === 'succeeded');
  if (checklist) {
    const who = by(checklist);
    for (const item of outline.checklists.filter((c) => /^prerequisites$/i.test(c.section.trim())).flatMap((c) => c.items)) {
      events.push({ type: 'tick', time: checklist.ended ?? start, cellIndex: item.cellIndex, lineInCell: item.lineInCell, text: item.text, checked: true, by: who });
    }
  }
  const byCell = new Map<number, StateRun[]>();
  for (const r of view.runs) {
    if (r.info) {
      byCell.set(r.info.cell, [...(byCell.get(r.info.cell) ?? []), r]);
    }
  }
  for (const [cell, runs] of byCell) {
    const ex = cellExecution(cell, runs, view, meta);
    if (ex) {
      events.push({ ...ex, source: ex.source || (sources[cell] ?? '') });
    }
  }
  if (view.stopped) {
    events.push({ type: 'session-end', time: view.stopped });
  }
  return events;
}
