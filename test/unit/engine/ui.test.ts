/** The editor's side of an engine run: waiting approvals with their token and change, and the execution as tree rows. */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { COMMANDS } from '../../../src/constants';
import { compileRunbook } from '../../../src/core/engine/compile';
import { executionView } from '../../../src/core/engine/history';
import { approvalDetail, approvalTitle, engineTree, waitingApprovals, withEngineStates } from '../../../src/core/engine/ui';
import { computePhases, phaseTree } from '../../../src/core/tree/phaseModel';
import { buildOutline } from '../../../src/core/runbook/outline';
import { parseRunbook } from '../../../src/core/runbook/parse';

const ROOT = path.resolve(__dirname, '../../..');
const ARN = 'arn:aws:states:eu-west-1:123456789012:execution:runbook-dr-runbook:20261203T031200Z-abc123';
const NB = 'file:///ws/runbooks/dr-runbook.md';

function ev(id: number, second: number, type: string, details: Record<string, unknown> = {}): HistoryEvent {
  return { id, timestamp: new Date(Date.UTC(2026, 11, 3, 3, 12, second)), type, ...details } as HistoryEvent;
}

async function machine() {
  const source = readFileSync(path.join(ROOT, 'runbooks/dr-runbook.md'), 'utf8');
  const doc = parseRunbook(source);
  return compileRunbook(doc, buildOutline(doc), { region: 'eu-west-1', runbookPath: 'runbooks/dr-runbook.md', source, cwd: path.join(ROOT, 'runbooks'), phases: ['3'] });
}

function waitingOnChange(phase: string): HistoryEvent[] {
  const change = { kind: 'approval', service: 'route53', operation: 'changeResourceRecordSets', region: 'eu-west-1', command: 'aws route53 change-resource-record-sets --hosted-zone-id Z1', request: { HostedZoneId: 'Z1' }, token: 'TOKEN-2' };
  return [
    ev(1, 0, 'ExecutionStarted', { executionStartedEventDetails: { input: '{"vars":{}}' } }),
    ev(2, 0, 'TaskStateEntered', { stateEnteredEventDetails: { name: 'Approve Prerequisites', input: '{}' } }),
    ev(3, 0, 'TaskScheduled', { taskScheduledEventDetails: { parameters: JSON.stringify({ MessageBody: { kind: 'checklist', items: ['On-call team notified'], token: 'TOKEN-1' } }) } }),
    ev(4, 5, 'TaskSucceeded', { taskSucceededEventDetails: { output: '{"approved":true}' } }),
    ev(5, 5, 'TaskStateExited'),
    ev(6, 5, 'ParallelStateEntered', { stateEnteredEventDetails: { name: phase, input: '{}' } }),
    ev(7, 5, 'TaskStateEntered', { stateEnteredEventDetails: { name: 'Approve route53 change-resource-record-sets (cell 14.1)', input: '{}' } }),
    ev(8, 5, 'TaskScheduled', { taskScheduledEventDetails: { parameters: JSON.stringify({ MessageBody: change }) } }),
    ev(9, 6, 'TaskSubmitted'),
  ];
}

describe('engine in the editor: approvals and the execution as rows', () => {
  it('the change waiting for approval carries its token, command, region and request; the answered checklist does not wait', async () => {
    const c = await machine();
    const phase = Object.keys(c.definition.States).find((s) => s.startsWith('Phase 3')) ?? '';
    const view = executionView(ARN, c.definition, waitingOnChange(phase));
    const waiting = waitingApprovals(view);
    assert.deepEqual(waiting.map((r) => [r.state, r.message?.token]), [['Approve route53 change-resource-record-sets (cell 14.1)', 'TOKEN-2']]);
    assert.equal(approvalTitle(waiting[0]), 'aws route53 change-resource-record-sets --hosted-zone-id Z1 in eu-west-1');
    assert.match(approvalDetail(waiting[0]), /"HostedZoneId": "Z1"/);
  });

  it('rows: the execution, then its phase with the approval that can be answered (Approve/Reject read notebookUri and engineState)', async () => {
    const c = await machine();
    const phase = Object.keys(c.definition.States).find((s) => s.startsWith('Phase 3')) ?? '';
    const [root] = engineTree(executionView(ARN, c.definition, waitingOnChange(phase)), c.definition, NB);
    assert.equal(root.label, 'Step Functions: RUNNING');
    assert.deepEqual(root.children?.map((n) => [n.label, n.description, n.contextValue]), [
      ['Approve Prerequisites', 'succeeded', 'engineState'],
      [phase, 'waiting', 'enginePhase'],
    ]);
    const approval = root.children?.[1].children?.[0];
    assert.deepEqual([approval?.contextValue, approval?.notebookUri, approval?.engineState, approval?.description], ['engineApproval', NB, 'Approve route53 change-resource-record-sets (cell 14.1)', 'waiting for approval']);
  });

  it('the Phases view shows each phase\'s state in the execution (the other phases as the local run has them)', async () => {
    const c = await machine();
    const phase = Object.keys(c.definition.States).find((s) => s.startsWith('Phase 3')) ?? '';
    const view = executionView(ARN, c.definition, waitingOnChange(phase));
    const doc = parseRunbook(readFileSync(path.join(ROOT, 'runbooks/dr-runbook.md'), 'utf8'));
    const rows = phaseTree(computePhases(buildOutline(doc), new Map(), { now: () => 0 }), NB, COMMANDS.revealPhase);
    const [clock] = withEngineStates(rows, view, c.definition);
    assert.deepEqual(clock.children?.map((n) => [n.phaseTitle, n.icon, n.description?.split(' · ')[0]]), [
      ['Phase 1: Assessment (15 minutes)', 'circle-large-outline', 'not started'],
      ['Phase 2: Data Verification (30 minutes)', 'circle-large-outline', 'not started'],
      ['Phase 3: DNS Failover (15 minutes)', 'bell', 'Step Functions: waiting for approval'],
      ['Phase 4: Verification (30 minutes)', 'circle-large-outline', 'not started'],
    ]);
    assert.match(clock.children?.[2].tooltip ?? '', /Step Functions: waiting for approval \(20261203T031200Z-abc123\)/);
  });

  it('a finished execution waits for nothing', async () => {
    const c = await machine();
    const events = [...waitingOnChange('x'), ev(10, 9, 'ExecutionAborted')];
    assert.deepEqual(waitingApprovals(executionView(ARN, c.definition, events)), []);
  });
});
