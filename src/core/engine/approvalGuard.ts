/**
 * What an approver is shown, and what a yes answers: only a request the execution itself waits on. A queue
 * message is only a nudge; anyone who can write the queue can send one with a real task token and a
 * harmless-looking command. So an approval or checklist message is answered only when the execution's history
 * shows that state waiting, of that kind, with that very task token, and the decider is handed the request as
 * Step Functions scheduled it from the definition (the history's TaskScheduled message), never the message's
 * text. Anything else is refused: not answered, one line (its untrusted parts quoted through quoteUntrusted).
 */
import { quoteUntrusted } from '../untrustedText';
import type { QueueRequest } from './follow';
import { waitingRunOf, type ExecutionView, type StateRun } from './history';

export type ApprovalCheck =
  /** The execution waits on it: `request` is the history's (state, kind, token and body), of `run`. */
  | { verdict: 'answer'; request: QueueRequest; run: StateRun }
  /** Step Functions scheduled it and is still sending it (not yet waiting): look again later. */
  | { verdict: 'later' }
  /** Not a request the execution waits on: not answered. */
  | { verdict: 'refuse'; line: string };

/** The request a waiting run carries in the execution's history (what an approver or a worker answers). */
export function requestOf(run: StateRun, executionArn: string): QueueRequest {
  const body = { ...(run.message ?? {}) };
  return { kind: run.kind as QueueRequest['kind'], execution: executionArn, state: run.state, token: String(body.token ?? ''), body };
}

function isDecided(kind: unknown): kind is 'approval' | 'checklist' {
  return kind === 'approval' || kind === 'checklist';
}

/** Checks an approval or checklist request from the queue against the execution's history `view`. */
export function checkApprovalRequest(req: QueueRequest, view: ExecutionView): ApprovalCheck {
  const kind: unknown = req.kind;
  if (!isDecided(kind)) {
    return { verdict: 'refuse', line: `refused a queue request: ${quoteUntrusted(String(kind))} is not a kind of request this runbook sends (state ${quoteUntrusted(req.state)}); nothing was answered` };
  }
  const run = waitingRunOf(view, kind, req.state, req.token);
  if (run) {
    return { verdict: 'answer', request: requestOf(run, view.executionArn), run };
  }
  if (view.runs.some((r) => r.kind === kind && r.state === req.state && r.status === 'running' && r.message?.token === req.token)) {
    return { verdict: 'later' };
  }
  const what = kind === 'checklist' ? 'a checklist' : 'an approval';
  return { verdict: 'refuse', line: `refused ${what} request: the execution does not wait in ${quoteUntrusted(req.state)} for ${what} with this task token (already answered, or a message the execution did not send); nothing was answered` };
}
