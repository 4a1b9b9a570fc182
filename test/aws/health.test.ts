import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { AwsClientPool } from '../../src/core/aws/clients';
import { evaluateHealth, healthDeadlineMs } from '../../src/core/health/evaluate';
import { targetsFromDocument, withOverrides } from '../../src/core/health/targets';
import type { CheckResult, HealthReport, RegionHealth } from '../../src/core/health/types';
import { buildOutline } from '../../src/core/runbook/outline';
import { parseRunbook } from '../../src/core/runbook/parse';
import { normalizeSettings, type Settings } from '../../src/core/settings';
import { REGION_LOOPBACK, startRoute53Dns } from '../support/dnsServer';
import { getMotoContext } from '../support/mochaMoto';
import { startBlackhole } from '../support/moto';

const SEED = path.join(__dirname, '../../runbooks/dr-runbook.md');

function seed() {
  const doc = parseRunbook(readFileSync(SEED, 'utf8'));
  const outline = buildOutline(doc);
  return { outline, targets: withOverrides(targetsFromDocument(doc), outline.frontmatter) };
}

function byCheck(r: RegionHealth | undefined): Record<string, CheckResult> {
  return Object.fromEntries((r?.checks ?? []).map((c) => [c.check, c]));
}

async function run(settings: Settings): Promise<HealthReport> {
  const pool = new AwsClientPool(settings.aws, process.env);
  try {
    return await evaluateHealth({ ...seed(), settings, pool });
  } finally {
    pool.dispose();
  }
}

describe('region health against the seeded moto', () => {
  it('reads both regions as moto reports them; the one stopped instance degrades the primary ALB', async () => {
    const { endpoint, estate } = getMotoContext();
    const dns = await startRoute53Dns(endpoint, estate.zoneName);
    let report: HealthReport;
    try {
      report = await run(normalizeSettings({ aws: { endpointUrl: endpoint, maxAttempts: 1 }, dns: { servers: [dns.address] } }));
    } finally {
      await dns.stop();
    }
    const [primary, dr] = report.regions;
    assert.deepEqual([primary.region, primary.role, dr.region, dr.role], ['af-south-1', 'primary', 'eu-west-1', 'dr']);
    const p = byCheck(primary);
    const d = byCheck(dr);
    // moto keeps FARGATE tasks pending: the cluster is ACTIVE with 0 running and 3 pending in both regions.
    assert.equal(p.ecs.state, 'degraded');
    assert.match(p.ecs.summary, /prod-cluster ACTIVE, 0 running, 3 pending/);
    assert.equal(d.ecs.state, 'degraded');
    // The seeded primary target group has one stopped instance (moto: `unused`, Target.InvalidState).
    assert.equal(p.alb.state, 'degraded');
    assert.match(p.alb.summary, /bbws-tg: 2\/3 healthy, 1 unused/);
    assert.equal(d.alb.state, 'healthy');
    assert.match(d.alb.summary, /bbws-tg: 3\/3 healthy/);
    // moto ignores global-table replicas: ACTIVE, no replicas, in each region.
    assert.equal(p.dynamodb.state, 'healthy');
    assert.match(d.dynamodb.summary, /bbws-tenants ACTIVE, no replicas/);
    assert.equal(p.s3.state, 'healthy');
    assert.match(p.s3.summary, new RegExp(`bbws-assets: replication 1/1 rules enabled -> ${estate.drBucket}`));
    assert.equal(d.s3.state, 'healthy');
    assert.match(d.s3.summary, /bbws-assets-dr: replica, versioning Enabled/);
    assert.equal(primary.state, 'degraded');
    assert.equal(report.dns?.state, 'healthy');
    assert.equal(report.dns?.primaryPointsTo, 'af-south-1');
    assert.equal(report.dns?.zoneId, estate.zoneId);
    assert.equal(report.dns?.records.find((r) => r.failover === 'SECONDARY')?.region, 'eu-west-1');
    assert.match(report.dns?.records[0].healthCheckStatus ?? '', /^Success/);
    // What the name answers through the configured DNS server (a stand-in serving moto's zone): the primary ALB.
    assert.deepEqual(report.dns?.answers, [{ server: dns.address, addresses: [REGION_LOOPBACK['af-south-1']] }]);
    assert.deepEqual(
      { scenario: report.decision?.scenario, action: report.decision?.action },
      { scenario: 'Primary region partial degradation', action: 'Monitor, no failover' },
    );
    assert.ok(report.durationMs < 5000, `took ${report.durationMs} ms`);
  });

  it('primary black-holed: reads unreachable within the timeout while eu-west-1 answers; decision: initiate failover', async function () {
    this.timeout(20_000);
    const { endpoint } = getMotoContext();
    const hole = await startBlackhole();
    try {
      const settings = normalizeSettings({
        aws: { endpointUrl: endpoint, regionEndpoints: { 'af-south-1': hole.url }, connectTimeoutMs: 1000, requestTimeoutMs: 1500, maxAttempts: 1 },
      });
      const deadline = healthDeadlineMs(settings.aws);
      const report = await run(settings);
      const [primary, dr] = report.regions;
      assert.equal(primary.state, 'unreachable');
      for (const c of primary.checks) {
        assert.equal(c.state, 'unreachable', `${c.check}: ${c.summary}`);
        assert.ok(c.latencyMs <= deadline + 500, `${c.check} took ${c.latencyMs} ms (deadline ${deadline})`);
      }
      assert.equal(byCheck(dr).alb.state, 'healthy');
      assert.equal(byCheck(dr).dynamodb.state, 'healthy');
      // The replica bucket is only known from the primary's replication rule, which did not answer.
      assert.equal(byCheck(dr).s3.state, 'unknown');
      assert.equal(dr.state, 'degraded');
      assert.equal(report.dns?.primaryPointsTo, 'af-south-1');
      assert.equal(report.decision?.scenario, 'Primary region complete outage');
      assert.equal(report.decision?.action, 'Initiate failover');
      assert.ok(report.durationMs <= deadline + 1000, `refresh took ${report.durationMs} ms`);
      console.log(`      health refresh with af-south-1 black-holed: ${report.durationMs} ms (deadline ${deadline} ms); eu-west-1 slowest check ${dr.latencyMs} ms`);
    } finally {
      await hole.stop();
    }
  });

  it('primary black-holed, slow timeouts: the DR checks arrive first, the primary reads unreachable from the probe, not the timeout', async function () {
    // The request timeout (60 s) is beyond this test's own timeout: only the reachability probe can end it.
    this.timeout(30_000);
    const { endpoint } = getMotoContext();
    const hole = await startBlackhole();
    try {
      const settings = normalizeSettings({
        aws: { endpointUrl: endpoint, regionEndpoints: { 'af-south-1': hole.url }, connectTimeoutMs: 5000, requestTimeoutMs: 60_000, maxAttempts: 1 },
      });
      const own = new AwsClientPool(settings.aws, process.env);
      const arrivals: string[] = [];
      const partials: HealthReport[] = [];
      const report = await evaluateHealth({
        ...seed(), settings, pool: own,
        onProgress: (p) => {
          partials.push(p);
          const seen = new Set(arrivals);
          for (const r of p.regions) {
            for (const c of r.checks) {
              if (!seen.has(`${r.region}:${c.check}`)) {
                arrivals.push(`${r.region}:${c.check}`);
              }
            }
          }
        },
      }).finally(() => own.dispose());
      assert.ok(partials.every((p) => p.partial === true && p.decision === undefined));
      const firstPrimary = arrivals.findIndex((a) => a.startsWith('af-south-1:'));
      const drAnswered = ['ecs', 'alb', 'dynamodb'].map((c) => arrivals.indexOf(`eu-west-1:${c}`));
      assert.ok(drAnswered.every((i) => i >= 0 && i < firstPrimary), `arrival order: ${arrivals.join(', ')}`);
      // The first partial report that holds a DR answer still has every primary check pending.
      const firstDr = partials.find((p) => p.regions[1].checks.length > 0);
      assert.deepEqual(firstDr?.regions[0].pending, ['ecs', 'alb', 'dynamodb', 's3']);
      const [primary] = report.regions;
      assert.equal(primary.state, 'unreachable');
      for (const c of primary.checks) {
        assert.equal(c.error, 'RegionUnreachable', `${c.check}: ${c.summary}`);
      }
      assert.equal(report.decision?.action, 'Initiate failover');
      console.log(`      probe: primary unreachable after ${primary.latencyMs} ms; DR checks answered first (${arrivals.join(', ')})`);
    } finally {
      await hole.stop();
    }
  });

  it('a region without any target group (none named) reads the load balancer unknown, not down', async () => {
    const { endpoint } = getMotoContext();
    const settings = normalizeSettings({ aws: { endpointUrl: endpoint, maxAttempts: 1 } });
    const pool = new AwsClientPool(settings.aws, process.env);
    try {
      const s = seed();
      const outline = { ...s.outline, regions: { primary: 'af-south-1', dr: 'ca-central-1' } };
      const report = await evaluateHealth({ outline, targets: s.targets, settings, pool });
      const dr = byCheck(report.regions[1]);
      assert.equal(report.regions[1].region, 'ca-central-1');
      assert.equal(dr.alb.state, 'unknown', dr.alb.summary);
      assert.equal(dr.ecs.state, 'down', 'the missing cluster still shows the region is not ready');
    } finally {
      pool.dispose();
    }
  });

  it('a table or cluster that does not exist reads down', async () => {
    const { endpoint } = getMotoContext();
    const settings = normalizeSettings({ aws: { endpointUrl: endpoint, maxAttempts: 1 } });
    const pool = new AwsClientPool(settings.aws, process.env);
    try {
      const s = seed();
      const targets = { ...s.targets, clusters: ['no-such-cluster'], tables: ['no-such-table'] };
      const report = await evaluateHealth({ outline: s.outline, targets, settings, pool });
      const p = byCheck(report.regions[0]);
      assert.equal(p.ecs.state, 'down');
      assert.equal(p.dynamodb.state, 'down');
      assert.equal(report.regions[0].state, 'down');
      assert.equal(report.decision?.scenario, 'ECS cluster failure');
    } finally {
      pool.dispose();
    }
  });
});
