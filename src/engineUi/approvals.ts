/**
 * An engine approval as a local run's confirmation shows a change: the one-screen summary of
 * src/core/confirm (built by src/core/engine/approvalSummary.ts, with the state read now and the approver's
 * identity), as a notification whose Review opens the modal, and as the waiting row's child rows.
 */
import * as vscode from 'vscode';
import { AwsClientPool } from '../core/aws/clients';
import { readCurrentState } from '../core/confirm/current';
import { approvalSummary, type ApprovalSummary } from '../core/engine/approvalSummary';
import type { StateRun } from '../core/engine/history';
import type { ExtensionDeps } from '../deps';
import type { EngineFollower } from './follower';

const CANCEL: vscode.MessageItem = { title: 'Cancel', isCloseAffordance: true };
const REJECT: vscode.MessageItem = { title: 'Reject' };
const APPROVE: vscode.MessageItem = { title: 'Approve' };
const REVIEW: vscode.MessageItem = { title: 'Review…' };

/** The summary of a waiting approval for the caller (the approver), the state now read with the editor's settings. */
export async function summarize(deps: ExtensionDeps, f: EngineFollower, run: StateRun): Promise<ApprovalSummary> {
  const pool = new AwsClientPool(deps.settings().aws, process.env, deps.log);
  try {
    const who = await f.clients.identity();
    return await approvalSummary(run, who, (req) => readCurrentState({ ...req, globals: { region: req.region } }, pool));
  } finally {
    pool.dispose();
  }
}

/**
 * Tells of a waiting approval; Review opens the summary as a modal (Cancel, the close affordance, sends
 * nothing). Resolves with the decision, or undefined when nothing was decided.
 */
export async function askApproval(summary: ApprovalSummary): Promise<boolean | undefined> {
  const first = await vscode.window.showWarningMessage(`Step Functions waits for approval: ${summary.message}`, REVIEW, REJECT);
  if (first === REJECT) {
    return false;
  }
  if (first !== REVIEW) {
    return undefined;
  }
  const answer = await vscode.window.showWarningMessage(summary.message, { modal: true, detail: summary.lines.join('\n') }, CANCEL, REJECT, APPROVE);
  return answer === APPROVE ? true : answer === REJECT ? false : undefined;
}
