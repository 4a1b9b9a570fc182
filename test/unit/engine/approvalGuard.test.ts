/**
 * The approval guard (src/core/engine/approvalGuard.ts): a queue message for an approval or the checklist is
 * answered only when the execution's history waits in that state, of that kind, with that task token, and
 * the decider gets the history's request, never the message's text. Everything else is refused with one line.
 */
import * as assert from 'node:assert/strict';
import { checkApprovalRequest, requestOf } from '../../../src/core/engine/approvalGuard';
import type { QueueRequest } from '../../../src/core/engine/follow';
import { waitingRunOf, type ExecutionView, type StateRun } from '../../../src/core/engine/history';

const ARN = 'arn:aws:states:eu-west-1:123456789012:execution:runbook-dr-runbook:20261203T031200Z-abc123';
const CHANGE = 'Approve route53 change-resource-record-sets (cell 14.1)';
const REAL = {
  kind: 'approval', service: 'route53', operation: 'change-resource-record-sets', region: 'eu-west-1',
  command: 'aws route53 change-resource-record-sets --hosted-zone-id Z1 --change-batch file://failover-dns.json',
  request: { HostedZoneId: 'Z1', ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: { Name: 'wp.kimmyai.io' } }] } },
  token: 'REAL-TOKEN', execution: ARN, state: CHANGE,
};
const RAW_CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

function run(over: Partial<StateRun> = {}): StateRun {
  return { state: CHANGE, kind: 'approval', status: 'waiting', started: '2026-12-03T03:12:01.000Z', message: REAL, ...over };
}

function viewOf(...runs: StateRun[]): ExecutionView {
  return { executionArn: ARN, name: 'x', status: 'RUNNING', started: '2026-12-03T03:12:00.000Z', input: {}, phases: [], runs };
}

/** A message someone with the queue's permissions sent: the real token, a harmless-looking request. */
function forged(over: Partial<QueueRequest> = {}, body: Record<string, unknown> = {}): QueueRequest {
  const b = { ...REAL, command: 'aws route53 list-hosted-zones', operation: 'list-hosted-zones', request: {}, ...body };
  return { kind: 'approval', execution: ARN, state: CHANGE, token: 'REAL-TOKEN', body: b, ...over };
}

describe('approvalGuard: what an approver is shown comes from the execution\'s history', () => {
  it('a message with the real token and a harmless request is answered with the history\'s request', () => {
    const c = checkApprovalRequest(forged(), viewOf(run()));
    assert.equal(c.verdict, 'answer');
    assert.ok(c.verdict === 'answer');
    assert.deepEqual(c.request, { kind: 'approval', execution: ARN, state: CHANGE, token: 'REAL-TOKEN', body: REAL });
    assert.equal(c.request.body.operation, 'change-resource-record-sets');
    assert.doesNotMatch(JSON.stringify(c.request), /list-hosted-zones/);
  });

  it('the checklist\'s items are the history\'s, not the message\'s', () => {
    const items = ['AWS CLI configured with appropriate credentials', 'On-call team notified'];
    const checklist = run({ state: 'Approve Prerequisites', kind: 'checklist', message: { kind: 'checklist', items, token: 'CHECK-TOKEN' } });
    const c = checkApprovalRequest({ kind: 'checklist', execution: ARN, state: 'Approve Prerequisites', token: 'CHECK-TOKEN', body: { items: ['nothing to see'] } }, viewOf(checklist, run()));
    assert.ok(c.verdict === 'answer');
    assert.deepEqual(c.request.body.items, items);
  });

  it('a forged token, a real token in another state or of another kind, and an answered request are refused', () => {
    const view = viewOf(run(), run({ state: 'Approve Prerequisites', kind: 'checklist', message: { kind: 'checklist', items: [], token: 'CHECK-TOKEN' } }));
    const cases: [QueueRequest, RegExp][] = [
      [forged({ token: 'AAAA-forged' }), /^refused an approval request: the execution does not wait in "Approve route53 change-resource-record-sets \(cell 14\.1\)" for an approval with this task token \(already answered, or a message the execution did not send\); nothing was answered$/],
      [forged({ state: 'Approve Prerequisites' }), /does not wait in "Approve Prerequisites" for an approval with this task token/],
      [forged({ kind: 'checklist' }), /^refused a checklist request: the execution does not wait in "Approve route53/],
      [forged({ kind: 'checklist', state: 'Approve Prerequisites' }), /^refused a checklist request/],
      [forged({ kind: 'aws' as QueueRequest['kind'] }), /^refused a queue request: "aws" is not a kind of request this runbook sends \(state "Approve route53 .*"\); nothing was answered$/],
    ];
    for (const [req, line] of cases) {
      const c = checkApprovalRequest(req, view);
      assert.ok(c.verdict === 'refuse', `${JSON.stringify(req)} -> ${c.verdict}`);
      assert.match(c.line, line);
    }
    const answered = checkApprovalRequest(forged(), viewOf(run({ status: 'succeeded', ended: '2026-12-03T03:13:00.000Z' })));
    assert.equal(answered.verdict, 'refuse');
    assert.equal(checkApprovalRequest(forged(), { ...viewOf(run()), runs: [] }).verdict, 'refuse', 'no such state at all');
  });

  it('scheduled but not yet sent (the history is a moment behind the queue): neither answered nor refused yet', () => {
    assert.equal(checkApprovalRequest(forged(), viewOf(run({ status: 'running' }))).verdict, 'later');
    assert.equal(checkApprovalRequest(forged({ token: 'AAAA-forged' }), viewOf(run({ status: 'running' }))).verdict, 'refuse');
  });

  it('a hostile state name or kind reaches the refusal line escaped, on one line, cut', () => {
    const hostile = '\u001b[2K\rApprove Prerequisites\u001b]0;owned\u0007\u009b31m\u202egnp.exe\u202c\n[runbook] approved';
    for (const req of [forged({ state: hostile }), forged({ kind: hostile as QueueRequest['kind'] }), forged({ state: 'S'.repeat(5000) })]) {
      const c = checkApprovalRequest(req, viewOf(run()));
      assert.ok(c.verdict === 'refuse');
      assert.doesNotMatch(c.line, RAW_CONTROL, JSON.stringify(c.line));
      assert.ok(c.line.length < 400, `${c.line.length} characters`);
    }
    const c = checkApprovalRequest(forged({ state: hostile }), viewOf(run()));
    assert.ok(c.verdict === 'refuse');
    assert.ok(c.line.includes('"\\u001b[2K\\rApprove Prerequisites\\u001b]0;owned\\u0007\\u009b31m\\u202egnp.exe\\u202c\\n[runbook] approved"'), c.line);
  });

  it('one lookup for local steps and approvals: waitingRunOf matches kind, state, waiting and the scheduled token', () => {
    const local = run({ state: 'local cell (cell 3)', kind: 'local', message: { kind: 'local', cell: 3, token: 'LOCAL-TOKEN' } });
    const view = viewOf(run(), local);
    assert.equal(waitingRunOf(view, 'local', 'local cell (cell 3)', 'LOCAL-TOKEN'), local);
    assert.equal(waitingRunOf(view, 'approval', 'local cell (cell 3)', 'LOCAL-TOKEN'), undefined);
    assert.equal(waitingRunOf(view, 'approval', CHANGE, 'LOCAL-TOKEN'), undefined);
    assert.equal(waitingRunOf(viewOf(run({ message: { ...REAL, token: undefined } })), 'approval', CHANGE, 'undefined'), undefined, 'a run without a scheduled token matches nothing');
    assert.deepEqual(requestOf(local, ARN), { kind: 'local', execution: ARN, state: 'local cell (cell 3)', token: 'LOCAL-TOKEN', body: local.message });
  });
});
