import * as assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { HealthMonitor } from '../../../src/core/health/monitor';
import type { HealthReport } from '../../../src/core/health/types';
import { healthTree, type HealthViewState } from '../../../src/core/tree/healthTree';

function report(over: Partial<HealthReport> = {}): HealthReport {
  return {
    time: '2026-11-29T03:00:00.000Z',
    durationMs: 1515,
    regions: [
      {
        region: 'af-south-1', role: 'primary', state: 'unreachable', latencyMs: 1510,
        checks: [{ check: 'ecs', state: 'unreachable', latencyMs: 1510, summary: 'no answer (TimeoutError)', error: 'TimeoutError' }],
      },
      {
        region: 'eu-west-1', role: 'dr', state: 'healthy', latencyMs: 40,
        checks: [{ check: 'alb', state: 'healthy', latencyMs: 40, summary: 'bbws-tg: 3/3 healthy' }],
      },
    ],
    dns: {
      name: 'wp.kimmyai.io', state: 'healthy', latencyMs: 12, summary: 'PRIMARY -> bbws-alb-1.af-south-1.elb.amazonaws.com (af-south-1)',
      records: [{ name: 'wp.kimmyai.io.', type: 'A', failover: 'PRIMARY', setIdentifier: 'primary', target: 'bbws-alb-1.af-south-1.elb.amazonaws.com', region: 'af-south-1' }],
      primaryPointsTo: 'af-south-1',
    },
    decision: { scenario: 'Primary region complete outage', action: 'Initiate failover', reason: 'af-south-1 did not answer (ecs unreachable)' },
    notes: [],
    ...over,
  };
}

describe('region health tree', () => {
  it('shows the decision row, each region with state and latency, its checks, and the failover name', () => {
    const nodes = healthTree({ report: report(), refreshing: false });
    assert.deepEqual(nodes.map((n) => n.label), [
      'Primary region complete outage: Initiate failover',
      'af-south-1 (primary)',
      'eu-west-1 (DR)',
      'wp.kimmyai.io',
      'Checked 03:00:00 UTC',
    ]);
    assert.equal(nodes[1].description, 'unreachable · 1.5 s');
    assert.equal(nodes[1].icon, 'debug-disconnect');
    assert.equal(nodes[1].children?.[0].description, 'unreachable · 1.5 s · no answer (TimeoutError)');
    assert.equal(nodes[2].description, 'healthy · 40 ms');
    assert.equal(nodes[3].children?.[0].description, 'bbws-alb-1.af-south-1.elb.amazonaws.com (af-south-1)');
  });

  it('a partial report shows the answered checks, the pending ones as checking, and no decision yet', () => {
    const partial = report({ partial: true, decision: undefined, dns: undefined });
    partial.regions[0] = { ...partial.regions[0], state: 'unknown', checks: [], pending: ['ecs', 'alb', 'dynamodb', 's3'] };
    partial.regions[1] = { ...partial.regions[1], pending: ['ecs', 'dynamodb', 's3'] };
    const nodes = healthTree({ report: partial, refreshing: true });
    assert.deepEqual(nodes.map((n) => n.label), ['Deciding: waiting for every check to answer', 'af-south-1 (primary)', 'eu-west-1 (DR)', 'Checking since 03:00:00 UTC']);
    assert.equal(nodes[1].description, 'checking… · 0/4 answered');
    assert.deepEqual(nodes[2].children?.map((c) => [c.label, c.description?.split(' · ')[0]]), [
      ['Load balancer targets', 'healthy'],
      ['ECS', 'checking…'],
      ['DynamoDB', 'checking…'],
      ['S3 replication', 'checking…'],
    ]);
    assert.equal(nodes[2].description, 'healthy so far · 1/4 answered');
  });

  it('before the first report: a hint, or a spinner row while checking', () => {
    assert.deepEqual(healthTree({ refreshing: false }).map((n) => n.label), ['Not checked yet: refresh to check']);
    assert.deepEqual(healthTree({ refreshing: true }).map((n) => n.label), ['Checking…']);
    assert.deepEqual(healthTree({ refreshing: false, message: 'No runbook open' }).map((n) => n.label), ['No runbook open']);
  });
});

describe('health monitor', () => {
  it('refreshes on demand, one at a time, and ends refreshing even when the runner fails', async () => {
    let calls = 0;
    const views: HealthViewState[] = [];
    const m = new HealthMonitor(async () => {
      calls++;
      await sleep(20);
      return report();
    }, (v) => views.push(v), 0);
    await Promise.all([m.refresh(), m.refresh()]);
    assert.equal(calls, 1);
    assert.deepEqual(views.map((v) => v.refreshing), [true, false]);
    assert.equal(m.state.report?.decision?.action, 'Initiate failover');
    m.reset(async () => {
      throw new Error('boom');
    });
    await m.refresh();
    assert.equal(m.state.refreshing, false);
    assert.match(m.state.message ?? '', /boom/);
    m.dispose();
  });

  it('a reset while a refresh is under way abandons it: the new runbook is checked at once, the old result is dropped', async () => {
    const ran: string[] = [];
    const views: HealthViewState[] = [];
    const m = new HealthMonitor((signal) => {
      ran.push('old');
      // Honours the abort the way evaluateHealth does: rejects once aborted.
      return new Promise<HealthReport>((_, reject) => signal.addEventListener('abort', () => setTimeout(() => reject(new Error('aborted')), 30)));
    }, (v) => views.push(v), 60);
    m.setActive(true);
    await sleep(10);
    assert.deepEqual(ran, ['old']);
    assert.equal(m.state.refreshing, true);
    m.reset(async () => {
      ran.push('new');
      return report({ decision: undefined });
    });
    await sleep(80);
    assert.deepEqual(ran, ['old', 'new'], 'the new runner ran without waiting for the interval');
    assert.equal(m.state.refreshing, false);
    assert.equal(m.state.message, undefined, 'the abandoned run\'s failure is not shown');
    assert.ok(m.state.report, 'the new report is shown');
    assert.equal(m.state.report.decision, undefined);
    await m.refresh();
    assert.deepEqual(ran, ['old', 'new', 'new'], 'a refresh after the reset runs the new runner, it does not join the old one');
    assert.equal(views.at(-1)?.refreshing, false);
    m.dispose();
  });

  it('shows each partial report while refreshing, then the final one', async () => {
    const views: HealthViewState[] = [];
    const m = new HealthMonitor(async (_signal, onProgress) => {
      onProgress(report({ partial: true, decision: undefined }));
      await sleep(5);
      return report();
    }, (v) => views.push(v), 0);
    await m.refresh();
    assert.deepEqual(views.map((v) => [v.refreshing, v.report?.partial ?? false]), [[true, false], [true, true], [false, false]]);
    m.dispose();
  });

  it('refreshes on the interval only while active', async () => {
    let calls = 0;
    const m = new HealthMonitor(async () => {
      calls++;
      return report();
    }, () => {}, 0.03);
    await sleep(80);
    assert.equal(calls, 0, 'paused while no runbook is visible');
    m.setActive(true);
    await sleep(110);
    assert.ok(calls >= 2, `calls ${calls}`);
    m.setActive(false);
    const paused = calls;
    await sleep(80);
    assert.equal(calls, paused);
    m.dispose();
  });
});
