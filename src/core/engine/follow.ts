/**
 * Following an execution: its history polled into an ExecutionView, and (for the process that runs it)
 * the approval queue answered: approvals and checklists by a decider (shown the request as the execution's
 * history has it, never the message's text: approvalGuard.ts), `local` cells by a worker (localGuard.ts). The
 * approver's identity goes into the task's success payload, so it lands in the history and the record.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { checkApprovalRequest } from './approvalGuard';
import type { AslDefinition } from './asl';
import type { EngineClients } from './clients';
import { machineMeta, type MachineMeta } from './compile';
import { executionView, type ExecutionView } from './history';
import type { CellOutput } from '../runbook/model';

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
}

export interface FollowOptions {
  pollMs?: number;
  signal?: AbortSignal;
  queueUrl?: string;
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
}

/** What became of a queue message: answered, refused (not answered; deleted), or left on the queue. */
type Handled = 'answered' | 'refused' | 'left';

async function decideApproval(c: EngineClients, req: QueueRequest, h: FollowHandlers, views: HistoryViews, who: () => Promise<string>): Promise<Handled> {
  const sfn = await import('@aws-sdk/client-sfn');
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
  const real = check.request;
  const d = await (h.decide as NonNullable<FollowHandlers['decide']>)(real);
  if (d.approved) {
    await c.sfn.send(new sfn.SendTaskSuccessCommand({ taskToken: real.token, output: JSON.stringify({ approved: true, by: await who() }) }));
  } else {
    await c.sfn.send(new sfn.SendTaskFailureCommand({ taskToken: real.token, error: 'Rejected', cause: `rejected by ${await who()}${d.reason ? `: ${d.reason}` : ''}` }));
  }
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
  return decideApproval(c, req, h, views, who);
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

/** Polls the execution until it ends (or the signal aborts); answers the queue when handlers are given. */
export async function followExecution(c: EngineClients, executionArn: string, machine: MachineOfExecution, h: FollowHandlers, opts: FollowOptions = {}): Promise<{ view: ExecutionView; events: HistoryEvent[] }> {
  let seen = -1;
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
      const views: HistoryViews = { current: view, reread: async () => executionView(executionArn, machine.definition, await fullHistory(c, executionArn, opts.signal)) };
      if ((await serveQueue(c, opts.queueUrl, executionArn, h, views)) > 0) {
        continue;
      }
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
