/**
 * Following an execution: its history polled into an ExecutionView, and (for the process that runs it)
 * the approval queue answered: approvals and checklists by a decider (shown the request as the execution's
 * history has it, never the message's text: approvalGuard.ts), `local` cells by a worker (localGuard.ts). The
 * approver's identity goes into the task's success payload, so it lands in the history and the record.
 * An approval the queue never brings (its message deleted or lost) is asked from the history after a grace.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { checkApprovalRequest, requestOf } from './approvalGuard';
import type { AslDefinition } from './asl';
import type { EngineClients } from './clients';
import { machineMeta, type MachineMeta } from './compile';
import { executionView, type ExecutionView, type StateRun } from './history';
import type { CellOutput } from '../runbook/model';
import { quoteUntrusted } from '../untrustedText';

export interface MachineOfExecution {
  definition: AslDefinition;
  meta: MachineMeta;
  stateMachineArn: string;
}

/** The compiled definition behind an execution (its Comment carries the runbook). */
export async function machineOf(c: EngineClients, executionArn: string): Promise<MachineOfExecution> {
  const sfn = await import('@aws-sdk/client-sfn');
  const stateMachineArn = executionArn.replace(':execution:', ':stateMachine:').split(':').slice(0, 7).join(':');
  const sm = await c.sfn.send(new sfn.DescribeStateMachineCommand({ stateMachineArn }));
  const definition = JSON.parse(sm.definition ?? '{}') as AslDefinition;
  const meta = machineMeta(definition);
  if (!meta) {
    throw new Error(`${stateMachineArn} was not compiled from a runbook (no runbook-notebook metadata in its Comment).`);
  }
  return { definition, meta, stateMachineArn };
}

export async function fullHistory(c: EngineClients, executionArn: string, signal?: AbortSignal): Promise<HistoryEvent[]> {
  const sfn = await import('@aws-sdk/client-sfn');
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await c.sfn.send(new sfn.GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000, includeExecutionData: true }), { abortSignal: signal });
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

/** What the queue asks: an approval of a change, the Prerequisites checklist, or a local cell to run. */
export interface QueueRequest {
  kind: 'approval' | 'checklist' | 'local';
  execution: string;
  state: string;
  token: string;
  body: Record<string, unknown>;
}

/** A local step's result (src/core/engine/localStep.ts runs it). */
export interface LocalResult {
  success: boolean;
  outputs: CellOutput[];
  error?: string;
  /** A message no state of this execution sent: its token is not answered. */
  refused?: boolean;
}

export interface Decision {
  approved: boolean;
  reason?: string;
}

export interface FollowHandlers {
  /** Every new view (after each poll that brought events). */
  onView?(view: ExecutionView, events: readonly HistoryEvent[]): void;
  /** Answers approvals and checklists; absent: this follower leaves the queue alone. */
  decide?(request: QueueRequest): Promise<Decision>;
  /** Runs a `local` cell and reports its result. */
  runLocal?(request: QueueRequest): Promise<LocalResult>;
  /** One line for an approval or checklist message refused (approvalGuard.ts): it was not answered. */
  refused?(line: string): void;
  /** One line when an approval is asked from the history because no queue message brought it. */
  notice?(line: string): void;
}

export interface FollowOptions {
  pollMs?: number;
  signal?: AbortSignal;
  queueUrl?: string;
  /**
   * How long an approval or checklist may wait in the history with no queue message bringing it before the decider
   * is asked from the history itself (the message deleted or lost); 10 s unless set.
   */
  historyGraceMs?: number;
}

/** Approves (the approver's ARN in the payload) or rejects a waiting request; returns the approver. */
export async function answerApproval(c: EngineClients, run: StateRun, approved: boolean, reason?: string): Promise<string> {
  const sfn = await import('@aws-sdk/client-sfn');
  const token = String(run.message?.token ?? '');
  const who = (await c.identity()).arn;
  if (approved) {
    await c.sfn.send(new sfn.SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ approved: true, by: who }) }));
  } else {
    await c.sfn.send(new sfn.SendTaskFailureCommand({ taskToken: token, error: 'Rejected', cause: `rejected by ${who}${reason ? `: ${reason}` : ''}` }));
  }
  return who;
}

/**
 * Answers `run` with the decision, unless another approver (VS Code, another follower) answered it while this one
 * was deciding, or it timed out: Step Functions then refuses the token, and if the history no longer waits on it,
 * that is one line and the follower goes on (the view shows what became of the state). Any other failure is thrown.
 */
async function answerOnce(c: EngineClients, run: StateRun, d: Decision, h: FollowHandlers, reread: () => Promise<ExecutionView>): Promise<void> {
  try {
    await answerApproval(c, run, d.approved, d.reason);
  } catch (e) {
    const token = run.message?.token;
    if ((await reread()).runs.some((r) => r.status === 'waiting' && r.message?.token === token)) {
      throw e;
    }
    h.notice?.(`${quoteUntrusted(run.state)} no longer waited when this answer came (answered elsewhere, or timed out); this ${d.approved ? 'approval' : 'rejection'} did not count`);
  }
}

/** Reports a local step's result to the execution (its output, or the failure), run by `who`. */
export async function reportLocalStep(c: EngineClients, req: QueueRequest, r: LocalResult, who: string): Promise<void> {
  if (r.refused) {
    return;
  }
  const sfn = await import('@aws-sdk/client-sfn');
  if (r.success) {
    await c.sfn.send(new sfn.SendTaskSuccessCommand({ taskToken: req.token, output: JSON.stringify({ by: who, outputs: r.outputs }) }));
  } else {
    await c.sfn.send(new sfn.SendTaskFailureCommand({ taskToken: req.token, error: 'CellFailed', cause: `${r.error ?? 'the cell failed'} (run by ${who})`.slice(0, 32_000) }));
  }
}

/** The execution's history as the follower last read it, and a fresh read (a state may be newer than the last poll). */
export interface HistoryViews {
  current: ExecutionView;
  reread(): Promise<ExecutionView>;
  /** Task tokens this follower answered: a message for one of them (a late or repeated delivery) is only deleted. */
  answered?: Set<string>;
}

/** What became of a queue message: answered, refused (not answered; deleted), done (deleted: answered before), or left. */
type Handled = 'answered' | 'refused' | 'done' | 'left';

async function decideApproval(req: QueueRequest, c: EngineClients, h: FollowHandlers, views: HistoryViews): Promise<Handled> {
  if (views.answered?.has(req.token)) {
    return 'done';
  }
  let check = checkApprovalRequest(req, views.current);
  if (check.verdict !== 'answer') {
    views.current = await views.reread();
    check = checkApprovalRequest(req, views.current);
  }
  if (check.verdict !== 'answer') {
    if (check.verdict === 'refuse') {
      h.refused?.(check.line);
    }
    return check.verdict === 'refuse' ? 'refused' : 'left';
  }
  // The decider sees, and a yes answers, the request Step Functions scheduled, never the message's text.
  const d = await (h.decide as NonNullable<FollowHandlers['decide']>)(check.request);
  await answerOnce(c, check.run, d, h, views.reread);
  views.answered?.add(check.request.token);
  return 'answered';
}

async function answer(c: EngineClients, req: QueueRequest, h: FollowHandlers, views: HistoryViews): Promise<Handled> {
  const who = async () => (await c.identity()).arn;
  if (req.kind === 'local') {
    if (!h.runLocal) {
      return 'left';
    }
    await reportLocalStep(c, req, await h.runLocal(req), await who());
    return 'answered';
  }
  if (!h.decide) {
    return 'left';
  }
  return decideApproval(req, c, h, views);
}

function parseBody(text: string | undefined): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(text ?? '') as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Receives this execution's requests from the queue and answers them (approvals and checklists only as the
 * history has them: approvalGuard.ts); others' stay for their followers. Returns how many it answered or refused.
 */
export async function serveQueue(c: EngineClients, queueUrl: string, executionArn: string, h: FollowHandlers, views: HistoryViews): Promise<number> {
  const sqs = await import('@aws-sdk/client-sqs');
  const got = await c.sqs.send(new sqs.ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 5, WaitTimeSeconds: 0 }));
  let handled = 0;
  for (const m of got.Messages ?? []) {
    const body = parseBody(m.Body);
    if (body?.execution !== executionArn) {
      continue;
    }
    const req: QueueRequest = { kind: body.kind as QueueRequest['kind'], execution: executionArn, state: String(body.state ?? ''), token: String(body.token ?? ''), body };
    if ((await answer(c, req, h, views)) === 'left') {
      continue;
    }
    await c.sqs.send(new sqs.DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
    handled++;
  }
  return handled;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
  });
}

/**
 * Approvals and checklists of `view` that have waited `graceMs` or more (since this follower first saw them waiting)
 * without being answered here: their queue message never came. `since` keeps the first sighting per task token.
 */
function unbroughtApprovals(view: ExecutionView, since: Map<string, number>, answered: Set<string>, graceMs: number, now: number): StateRun[] {
  const out: StateRun[] = [];
  for (const run of view.runs) {
    const token = run.message?.token;
    if (run.status !== 'waiting' || (run.kind !== 'approval' && run.kind !== 'checklist') || typeof token !== 'string' || answered.has(token)) {
      continue;
    }
    const first = since.get(token) ?? now;
    since.set(token, first);
    if (now - first >= graceMs) {
      out.push(run);
    }
  }
  return out;
}

/** Polls the execution until it ends (or the signal aborts); answers the queue when handlers are given. */
export async function followExecution(c: EngineClients, executionArn: string, machine: MachineOfExecution, h: FollowHandlers, opts: FollowOptions = {}): Promise<{ view: ExecutionView; events: HistoryEvent[] }> {
  let seen = -1;
  const answered = new Set<string>();
  const waitingSince = new Map<string, number>();
  const graceMs = opts.historyGraceMs ?? 10_000;
  const grace = graceMs >= 1000 ? `${Math.round(graceMs / 1000)} s` : `${graceMs} ms`;
  const reread = async (): Promise<ExecutionView> => executionView(executionArn, machine.definition, await fullHistory(c, executionArn, opts.signal));
  for (;;) {
    const events = await fullHistory(c, executionArn, opts.signal);
    const view = executionView(executionArn, machine.definition, events);
    if (events.length !== seen) {
      seen = events.length;
      h.onView?.(view, events);
    }
    if (view.status !== 'RUNNING' || opts.signal?.aborted) {
      return { view, events };
    }
    const waiting = view.runs.some((r) => r.status === 'waiting');
    if (waiting && opts.queueUrl && (h.decide || h.runLocal)) {
      const views: HistoryViews = { current: view, reread, answered };
      if ((await serveQueue(c, opts.queueUrl, executionArn, h, views)) > 0) {
        continue;
      }
    }
    const [unbrought] = h.decide ? unbroughtApprovals(view, waitingSince, answered, graceMs, Date.now()) : [];
    if (unbrought) {
      // The history is what a decision is shown from anyway (approvalGuard.ts): the message was only the nudge.
      const what = unbrought.kind === 'checklist' ? 'the checklist' : 'the approval';
      h.notice?.(`no queue message brought ${what} of ${quoteUntrusted(unbrought.state)} within ${grace}: asking from the execution's history`);
      const d = await (h.decide as NonNullable<FollowHandlers['decide']>)(requestOf(unbrought, executionArn));
      await answerOnce(c, unbrought, d, h, reread);
      answered.add(String(unbrought.message?.token));
      continue;
    }
    await sleep(opts.pollMs ?? 500, opts.signal);
  }
}

/** Starts an execution named after the runbook and the UTC start (moto names unnamed ones "None"). */
export async function startExecution(c: EngineClients, stateMachineArn: string, input: Record<string, unknown>, now = new Date()): Promise<string> {
  const sfn = await import('@aws-sdk/client-sfn');
  const stamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  const name = `${stamp}-${Math.random().toString(36).slice(2, 8)}`;
  const out = await c.sfn.send(new sfn.StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
  return out.executionArn ?? '';
}
