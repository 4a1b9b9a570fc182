/**
 * An engine approval shows the local confirmation's summary: the request mapped back from Step Functions'
 * PascalCase to the SDK's members, compared with a given state now (the real read against moto is in
 * test/aws/engine.test.ts), and the summary as the waiting row's children.
 */
import * as assert from 'node:assert/strict';
import { approvalRequest, approvalSummary } from '../../../src/core/engine/approvalSummary';
import type { ExecutionView, StateRun } from '../../../src/core/engine/history';
import { engineTree, summaryKey } from '../../../src/core/engine/ui';

const WHO = { account: '123456789012', arn: 'arn:aws:sts::123456789012:assumed-role/oncall/alice', userId: 'A' };

const ecsRun: StateRun = {
  state: 'Approve ecs update-service (cell 5.1)',
  kind: 'approval',
  status: 'waiting',
  started: '2026-12-03T03:12:05.000Z',
  message: { kind: 'approval', service: 'ecs', operation: 'update-service', region: 'eu-west-1', token: 'T', request: { Cluster: 'prod-cluster', Service: 'web', DesiredCount: 3 } },
};

describe('engine approval summary', () => {
  it('maps the PascalCase request back to the SDK input through the operation model', async () => {
    const req = await approvalRequest(ecsRun);
    assert.deepEqual(req, { service: 'ecs', operation: 'update-service', region: 'eu-west-1', input: { cluster: 'prod-cluster', service: 'web', desiredCount: 3 } });
  });

  it('is the local confirmation: what, where, as whom, the change now -> after', async () => {
    const now = { cluster: 'prod-cluster', service: 'web', desiredCount: 0, taskDefinition: 'web:1' };
    const s = await approvalSummary(ecsRun, WHO, async () => ({ source: 'ecs DescribeServices', state: now }));
    assert.equal(s.message, 'Change AWS: ecs update-service in eu-west-1?');
    assert.deepEqual(s.lines, ['Where: eu-west-1, account 123456789012', `As: ${WHO.arn}`, 'Change:', '  update-service cluster=prod-cluster service=web: desiredCount 0 -> 3']);
  });

  it('a failed read still gives a summary of the request, saying why', async () => {
    const s = await approvalSummary(ecsRun, WHO, () => Promise.reject(new Error('region unreachable')));
    assert.ok(s.lines.some((l) => /Could not read the current state \(region unreachable\)/.test(l)), s.lines.join('\n'));
  });

  it('the checklist: its items and the approver', async () => {
    const run: StateRun = { state: 'Approve Prerequisites', kind: 'checklist', status: 'waiting', started: '2026-12-03T03:12:00.000Z', message: { kind: 'checklist', items: ['On-call team notified'], token: 'T' } };
    const s = await approvalSummary(run, WHO, () => Promise.reject(new Error('not read')));
    assert.equal(s.message, 'Approve the Prerequisites checklist (1 item)?');
    assert.deepEqual(s.lines, [`As: ${WHO.arn}`, 'Approving ticks them in the record, by you:', '  - [ ] On-call team notified']);
  });

  it('the waiting row carries the summary as its tooltip and children', async () => {
    const s = await approvalSummary(ecsRun, WHO, async () => ({ source: 'ecs DescribeServices', state: { cluster: 'prod-cluster', service: 'web', desiredCount: 0 } }));
    const view = { executionArn: 'arn:x', name: 'x', status: 'RUNNING', started: ecsRun.started, input: {}, runs: [ecsRun], phases: [] } as ExecutionView;
    const [root] = engineTree(view, { StartAt: 'a', States: {} } as never, 'file:///nb.md', new Map([[summaryKey(ecsRun), s]]));
    const row = root.children?.[0];
    assert.equal(row?.contextValue, 'engineApproval');
    assert.deepEqual(row?.children?.map((c) => c.label), [s.message, ...s.lines.map((l) => l.trim())]);
    assert.match(row?.tooltip ?? '', /As: arn:aws:sts::123456789012:assumed-role\/oncall\/alice/);
  });
});
