/**
 * The history fold and the record of an execution, from a synthetic history shaped like the one moto and
 * Step Functions return (the moto tests in test/aws/engine.test.ts run the real thing).
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { compileRunbook } from '../../../src/core/engine/compile';
import { executionView } from '../../../src/core/engine/history';
import { EngineProgress } from '../../../src/core/engine/progress';
import { buildOutline } from '../../../src/core/runbook/outline';
import { parseRunbook } from '../../../src/core/runbook/parse';

const ROOT = path.resolve(__dirname, '../../..');
const ARN = 'arn:aws:states:eu-west-1:123456789012:execution:runbook-dr-runbook:20261203T031200Z-abc123';
const BY = 'arn:aws:sts::123456789012:assumed-role/oncall/alice';

function ev(id: number, second: number, type: string, details: Record<string, unknown> = {}): HistoryEvent {
  return { id, timestamp: new Date(Date.UTC(2026, 11, 3, 3, 12, second)), type, ...details } as HistoryEvent;
}

function entered(id: number, s: number, type: string, name: string): HistoryEvent {
  return ev(id, s, type, { stateEnteredEventDetails: { name, input: '{}' } });
}

function history(approveChange: boolean): HistoryEvent[] {
  const events = [
    ev(1, 0, 'ExecutionStarted', { executionStartedEventDetails: { input: JSON.stringify({ vars: { ZONE_ID: 'Z1' }, startedBy: BY }), roleArn: 'arn:aws:iam::123456789012:role/rb' } }),
    entered(2, 0, 'TaskStateEntered', 'Approve Prerequisites'),
    ev(3, 0, 'TaskScheduled', { taskScheduledEventDetails: { parameters: JSON.stringify({ MessageBody: { kind: 'checklist' } }) } }),
    ev(4, 1, 'TaskSubmitted'),
    ev(5, 30, 'TaskSucceeded', { taskSucceededEventDetails: { output: JSON.stringify({ approved: true, by: BY }) } }),
    ev(6, 30, 'TaskStateExited'),
    entered(7, 30, 'ParallelStateEntered', 'Phase 3 DNS Failover (15 minutes)'),
    entered(8, 30, 'TaskStateEntered', 'Approve route53 change-resource-record-sets (cell 14.1)'),
    ev(9, 31, 'TaskSubmitted'),
  ];
  if (!approveChange) {
    return [
      ...events,
      ev(10, 40, 'TaskFailed', { taskFailedEventDetails: { error: 'Rejected', cause: `rejected by ${BY}: wait` } }),
      ev(11, 40, 'ParallelStateFailed'),
      ev(12, 40, 'ExecutionFailed', { executionFailedEventDetails: { error: 'RunbookStepFailed', cause: `Rejected: rejected by ${BY}: wait` } }),
    ];
  }
  return [
    ...events,
    ev(10, 50, 'TaskSucceeded', { taskSucceededEventDetails: { output: JSON.stringify({ approved: true, by: BY }) } }),
    ev(11, 50, 'TaskStateExited'),
    entered(12, 50, 'TaskStateEntered', 'route53 change-resource-record-sets (cell 14.1)'),
    ev(13, 51, 'TaskSucceeded', { taskSucceededEventDetails: { output: JSON.stringify({ ChangeInfo: { Id: '/change/C1', Status: 'INSYNC' } }) } }),
    ev(14, 51, 'TaskStateExited'),
    ev(15, 51, 'ParallelStateExited'),
    ev(16, 52, 'ExecutionSucceeded'),
  ];
}

describe('engine: an execution history as cell results and a record', () => {
  async function progress(events: HistoryEvent[]): Promise<EngineProgress> {
    const source = readFileSync(path.join(ROOT, 'runbooks/dr-runbook.md'), 'utf8');
    const doc = parseRunbook(source);
    const c = await compileRunbook(doc, buildOutline(doc), { region: 'eu-west-1', runbookPath: 'runbooks/dr-runbook.md', source, cwd: path.join(ROOT, 'runbooks'), phases: ['3'] });
    const p = new EngineProgress({ definition: c.definition, meta: JSON.parse(c.definition.Comment.slice(c.definition.Comment.indexOf('{'))), stateMachineArn: '' });
    p.update(executionView(ARN, c.definition, events), events);
    return p;
  }

  it('waiting approvals, then cell results as they arrive', async () => {
    const p = await progress(history(true).slice(0, 9));
    assert.equal(p.view?.status, 'RUNNING');
    assert.deepEqual(p.view?.runs.map((r) => [r.kind, r.status]), [['checklist', 'succeeded'], ['approval', 'waiting']]);
    assert.deepEqual(p.executions(), []);
    const all = history(true);
    const u = p.update(executionView(ARN, p.machine.definition, all), all);
    assert.deepEqual(u.executions.map((e) => [e.cellIndex, e.execution.success, e.execution.durationMs, e.execution.runner]), [[14, true, 21_000, 'stepfunctions']]);
    assert.match(u.executions[0].outputs[0].items[0].data, /"Status": "INSYNC"/);
  });

  it('the record depends on the history only: the same bytes for every responder, whenever made', async () => {
    const a = (await progress(history(true))).record();
    const b = (await progress(history(true))).record();
    assert.equal(a, b);
    assert.match(a, /\| End \(UTC\) \| 2026-12-03 03:12:52Z \|/);
    assert.match(a, /\| Operator \| arn:aws:sts::123456789012:assumed-role\/oncall\/alice \|/);
    assert.match(a, /\| Host \| stepfunctions:eu-west-1 \|/);
    assert.match(a, /\| Prerequisites checklist \| approved \| arn:aws:sts::123456789012:assumed-role\/oncall\/alice \|/);
    assert.match(a, /\| Phase 3: DNS Failover \(15 minutes\) \| 15 min \| 21.0 s \| done, within budget \|/);
  });

  it('a rejection: the cell failed with who rejected it, the execution failed, nothing sent', async () => {
    const p = await progress(history(false));
    assert.equal(p.view?.status, 'FAILED');
    const [cell] = p.executions();
    assert.equal(cell.execution.success, false);
    assert.match(cell.outputs[0].items[0].data, /not approved \(Rejected\): rejected by arn:aws:sts::123456789012:assumed-role\/oncall\/alice: wait; nothing was sent\./);
    assert.match(p.record(), /change-resource-record-sets .* \| rejected \| arn:aws:sts::123456789012:assumed-role\/oncall\/alice \|/);
  });
});
