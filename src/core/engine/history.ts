/**
 * An execution's history (GetExecutionHistory) -> what each state did, mapped back to the runbook's
 * cells through the states' Comments. Pure: the same history gives the same steps on every machine.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { AslDefinition } from './asl';
import type { StepInfo } from './steps';

export type StepStatus = 'running' | 'waiting' | 'succeeded' | 'failed';

/** One Task state of the execution, as far as the history goes. */
export interface StateRun {
  state: string;
  info?: StepInfo;
  kind: 'aws' | 'approval' | 'local' | 'checklist';
  status: StepStatus;
  started: string;
  ended?: string;
  /** The task's result (JSON text), before ResultPath drops it. */
  output?: string;
  error?: string;
  cause?: string;
  /** What the request to the approver carried (approval/local/checklist), once sent. */
  message?: Record<string, unknown>;
}

export interface ExecutionView {
  executionArn: string;
  name: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  started: string;
  stopped?: string;
  roleArn?: string;
  input: Record<string, unknown>;
  error?: string;
  cause?: string;
  runs: StateRun[];
  /** Phase group states entered, in order, with their end when they ended. */
  phases: { state: string; started: string; ended?: string; failed: boolean }[];
}

/**
 * The run the execution waits in for a request: in state `state`, of kind `kind`, waiting, whose message as
 * Step Functions scheduled it (the TaskScheduled event, written from the definition) carries `token`. A queue
 * message is only a nudge: this is the request it may stand for (local steps, approvals, the checklist).
 */
export function waitingRunOf(view: ExecutionView, kind: StateRun['kind'], state: string, token: string): StateRun | undefined {
  return view.runs.find((r) => r.kind === kind && r.state === state && r.status === 'waiting' && typeof r.message?.token === 'string' && r.message.token === token);
}

/** State name -> its StepInfo (or the checklist) from the Comments of a compiled definition. */
export function stateInfos(definition: AslDefinition): Map<string, StepInfo | { kind: 'checklist'; items: string[] }> {
  const out = new Map<string, StepInfo | { kind: 'checklist'; items: string[] }>();
  const visit = (states: Record<string, Record<string, unknown>>): void => {
    for (const [name, s] of Object.entries(states)) {
      if (s.Type === 'Task' && typeof s.Comment === 'string') {
        try {
          out.set(name, JSON.parse(s.Comment) as StepInfo);
        } catch {
          // not ours
        }
      }
      for (const b of (s.Branches as { States: Record<string, Record<string, unknown>> }[] | undefined) ?? []) {
        visit(b.States);
      }
    }
  };
  visit(definition.States as Record<string, Record<string, unknown>>);
  return out;
}

function iso(d: Date | undefined): string {
  return (d ?? new Date(0)).toISOString();
}

function parseJson(text: string | undefined): Record<string, unknown> {
  try {
    const v = text ? (JSON.parse(text) as unknown) : {};
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const END: Record<string, ExecutionView['status']> = {
  ExecutionSucceeded: 'SUCCEEDED',
  ExecutionFailed: 'FAILED',
  ExecutionTimedOut: 'TIMED_OUT',
  ExecutionAborted: 'ABORTED',
};

/** Folds history events (oldest first) into a view of the execution. */
export function executionView(executionArn: string, definition: AslDefinition, events: readonly HistoryEvent[]): ExecutionView {
  const infos = stateInfos(definition);
  const view: ExecutionView = { executionArn, name: executionArn.split(':').pop() ?? executionArn, status: 'RUNNING', started: '', input: {}, runs: [], phases: [] };
  let current: StateRun | undefined;
  for (const e of events) {
    const time = iso(e.timestamp);
    switch (e.type) {
      case 'ExecutionStarted':
        view.started = time;
        view.roleArn = e.executionStartedEventDetails?.roleArn;
        view.input = parseJson(e.executionStartedEventDetails?.input);
        break;
      case 'TaskStateEntered': {
        const name = e.stateEnteredEventDetails?.name ?? '';
        const info = infos.get(name);
        const kind = (info?.kind ?? 'aws') as StateRun['kind'];
        current = { state: name, info: info && 'cell' in info ? info : undefined, kind, status: 'running', started: time };
        view.runs.push(current);
        break;
      }
      case 'ParallelStateEntered':
        view.phases.push({ state: e.stateEnteredEventDetails?.name ?? '', started: time, failed: false });
        break;
      case 'ParallelStateExited':
      case 'ParallelStateFailed': {
        const p = view.phases[view.phases.length - 1];
        if (p && !p.ended) {
          p.ended = time;
          p.failed = e.type === 'ParallelStateFailed';
        }
        break;
      }
      case 'TaskScheduled':
        if (current && current.kind !== 'aws') {
          current.message = (parseJson(e.taskScheduledEventDetails?.parameters).MessageBody as Record<string, unknown>) ?? undefined;
        }
        break;
      case 'TaskSubmitted':
        if (current && current.kind !== 'aws') {
          current.status = 'waiting';
        }
        break;
      case 'TaskSucceeded':
        if (current) {
          Object.assign(current, { status: 'succeeded', ended: time, output: e.taskSucceededEventDetails?.output });
        }
        break;
      case 'TaskFailed':
      case 'TaskTimedOut': {
        const d = e.taskFailedEventDetails ?? e.taskTimedOutEventDetails;
        if (current) {
          Object.assign(current, { status: 'failed', ended: time, error: d?.error ?? (e.type === 'TaskTimedOut' ? 'States.Timeout' : 'Failed'), cause: d?.cause });
        }
        break;
      }
      case 'TaskStateExited':
        current = undefined;
        break;
      default:
        if (e.type && END[e.type]) {
          view.status = END[e.type];
          view.stopped = time;
          const d = e.executionFailedEventDetails ?? e.executionTimedOutEventDetails ?? e.executionAbortedEventDetails;
          view.error = d?.error;
          view.cause = d?.cause;
        }
    }
  }
  return view;
}
