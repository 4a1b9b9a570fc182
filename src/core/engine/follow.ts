/**
 * Following an execution: its history polled into an ExecutionView, and (for the process that runs it)
 * the approval queue answered: approvals and checklists by a decider, `local` cells by a worker. The
 * approver's identity goes into the task's success payload, so it lands in the history and the record.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
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

async function answer(c: EngineClients, req: QueueRequest, h: FollowHandlers): Promise<void> {
  const sfn = await import('@aws-sdk/client-sfn');
  const who = (await c.identity()).arn;
  if (req.kind === 'local' && h.runLocal) {
    await reportLocalStep(c, req, await h.runLocal(req), who);
    return;
  }
  const d = await (h.decide as NonNullable<FollowHandlers['decide']>)(req);
  if (d.approved) {
    await c.sfn.send(new sfn.SendTaskSuccessCommand({ taskToken: req.token, output: JSON.stringify({ approved: true, by: who }) }));
  } else {
    await c.sfn.send(new sfn.SendTaskFailureCommand({ taskToken: req.token, error: 'Rejected', cause: `rejected by ${who}${d.reason ? `: ${d.reason}` : ''}` }));
  }
}

/** Receives this execution's requests from the queue and answers them; others' stay for their followers. */
export async function serveQueue(c: EngineClients, queueUrl: string, executionArn: string, h: FollowHandlers): Promise<number> {
  const sqs = await import('@aws-sdk/client-sqs');
  const got = await c.sqs.send(new sqs.ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 5, WaitTimeSeconds: 0 }));
  let answered = 0;
  for (const m of got.Messages ?? []) {
    const body = JSON.parse(m.Body ?? '{}') as Record<string, unknown>;
    if (body.execution !== executionArn) {
      continue;
    }
    const req: QueueRequest = { kind: body.kind as QueueRequest['kind'], execution: executionArn, state: String(body.state ?? ''), token: String(body.token ?? ''), body };
    await answer(c, req, h);
    await c.sqs.send(new sqs.DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
    answered++;
  }
  return answered;
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
      if ((await serveQueue(c, opts.queueUrl, executionArn, h)) > 0) {
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
