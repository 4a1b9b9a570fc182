import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { chooseDecision, healthNotes } from '../../../src/core/health/decision';
import { regionOf } from '../../../src/core/health/dnsCheck';
import { regionsToCheck, regionState } from '../../../src/core/health/evaluate';
import { commandLines, targetsFromDocument, withOverrides } from '../../../src/core/health/targets';
import type { CheckResult, RegionHealth } from '../../../src/core/health/types';
import { parseRunbook } from '../../../src/core/runbook/parse';
import { DEFAULTS, normalizeSettings } from '../../../src/core/settings';
import { drOutline } from '../tree/fixtures';

const SEED = path.join(__dirname, '../../../runbooks/dr-runbook.md');

function check(check: CheckResult['check'], state: CheckResult['state']): CheckResult {
  return { check, state, latencyMs: 5, summary: state };
}

function region(role: 'primary' | 'dr', checks: CheckResult[]): RegionHealth {
  return { region: role === 'primary' ? 'af-south-1' : 'eu-west-1', role, state: regionState(checks), latencyMs: 5, checks };
}

describe('health targets', () => {
  it('reads cluster, table, bucket and failover name out of the seed runbook\'s commands', () => {
    const t = targetsFromDocument(parseRunbook(readFileSync(SEED, 'utf8')));
    assert.deepEqual(t, {
      clusters: ['prod-cluster'],
      tables: ['bbws-tenants'],
      buckets: [{ name: 'bbws-assets', region: 'af-south-1' }],
      targetGroupArns: [],
      hostedZoneId: undefined,
      dnsName: 'wp.kimmyai.io',
    });
  });

  it('joins continuation lines, drops comments and placeholders', () => {
    assert.deepEqual(commandLines('# c\naws route53 x \\\n  --hosted-zone-id <ZONE_ID> \\\n  --y 1\n'), [['aws', 'route53', 'x', '--hosted-zone-id', '<ZONE_ID>', '--y', '1']]);
    const doc = { cells: [{ kind: 'code' as const, language: 'bash', source: 'aws ecs describe-services --cluster=c2 --services s\naws elbv2 describe-target-health --target-group-arn $TG --region x\ndig @1.1.1.1 +short api.example.com.', outputs: [] }] };
    const t = targetsFromDocument(doc);
    assert.deepEqual(t.clusters, ['c2']);
    assert.deepEqual(t.targetGroupArns, []);
    assert.equal(t.dnsName, 'api.example.com');
  });

  it('frontmatter health: overrides per key', () => {
    const t = withOverrides(
      { clusters: ['a'], tables: ['t'], buckets: [{ name: 'b' }], targetGroupArns: [], dnsName: 'x.io' },
      { health: { clusters: ['c1', 'c2'], buckets: { 'af-south-1': 'src', 'eu-west-1': 'dst' }, dnsName: 'y.io' } },
    );
    assert.deepEqual(t.clusters, ['c1', 'c2']);
    assert.deepEqual(t.tables, ['t']);
    assert.deepEqual(t.buckets, [{ name: 'src', region: 'af-south-1' }, { name: 'dst', region: 'eu-west-1' }]);
    assert.equal(t.dnsName, 'y.io');
  });

  it('regions come from the runbook, else from settings', () => {
    assert.deepEqual(regionsToCheck(drOutline(), DEFAULTS).map((r) => r.region), ['af-south-1', 'eu-west-1']);
    const s = normalizeSettings({ regions: { primary: 'us-east-1', dr: 'us-west-2' } });
    assert.deepEqual(regionsToCheck({ ...drOutline(), regions: {} }, s), [{ region: 'us-east-1', role: 'primary' }, { region: 'us-west-2', role: 'dr' }]);
  });

  it('reads the region out of an ALB name', () => {
    assert.equal(regionOf('bbws-alb-1.af-south-1.elb.amazonaws.com'), 'af-south-1');
    assert.equal(regionOf('dualstack.bbws-alb-1.eu-west-1.elb.amazonaws.com.'), 'eu-west-1');
    assert.equal(regionOf('example.com'), undefined);
  });
});

describe('region state and the decision matrix', () => {
  const matrix = drOutline().decisionMatrix;
  const healthy = () => [check('ecs', 'healthy'), check('alb', 'healthy'), check('dynamodb', 'healthy'), check('s3', 'healthy')];

  it('aggregates a region from its checks', () => {
    assert.equal(regionState(healthy()), 'healthy');
    assert.equal(regionState([...healthy(), check('s3', 'unknown')]), 'healthy');
    assert.equal(regionState([check('ecs', 'healthy'), check('alb', 'degraded')]), 'degraded');
    assert.equal(regionState([check('ecs', 'healthy'), check('alb', 'down')]), 'down');
    assert.equal(regionState([check('ecs', 'healthy'), check('dynamodb', 'down')]), 'degraded');
    assert.equal(regionState([check('ecs', 'unreachable'), check('alb', 'unreachable'), check('s3', 'unknown')]), 'unreachable');
    assert.equal(regionState([check('s3', 'unknown')]), 'unknown');
  });

  it('primary unreachable -> complete outage: initiate failover', () => {
    const down = [check('ecs', 'unreachable'), check('alb', 'unreachable'), check('dynamodb', 'unreachable'), check('s3', 'unreachable')];
    const d = chooseDecision(matrix, [region('primary', down), region('dr', healthy())]);
    assert.equal(d?.scenario, 'Primary region complete outage');
    assert.equal(d?.action, 'Initiate failover');
    assert.match(d?.reason ?? '', /af-south-1 did not answer/);
  });

  it('primary degraded -> partial degradation: monitor; ECS alone down -> ECS cluster failure', () => {
    const partial = chooseDecision(matrix, [region('primary', [...healthy(), check('alb', 'degraded')]), region('dr', healthy())]);
    assert.equal(partial?.scenario, 'Primary region partial degradation');
    assert.equal(partial?.action, 'Monitor, no failover');
    const ecs = chooseDecision(matrix, [region('primary', [check('ecs', 'down'), check('alb', 'healthy')]), region('dr', healthy())]);
    assert.equal(ecs?.scenario, 'ECS cluster failure');
    const albDown = chooseDecision(matrix, [region('primary', [check('ecs', 'healthy'), check('alb', 'down')]), region('dr', healthy())]);
    assert.equal(albDown?.scenario, 'Primary region complete outage');
  });

  it('takes the row from the runbook\'s own table, worded its own way, and never a row about the DR side or RDS', () => {
    const own = [
      { scenario: 'DR region unavailable', action: 'Escalate: no failover target' },
      { scenario: 'Degraded performance in primary', action: 'Watch the dashboards' },
      { scenario: 'RDS cluster failure', action: 'Wait for RDS auto-recovery' },
      { scenario: 'Total loss of primary region', action: 'Fail over to eu-west-1 now' },
    ];
    const dr = region('dr', healthy());
    const unreachable = [check('ecs', 'unreachable'), check('alb', 'unreachable')];
    assert.deepEqual(chooseDecision(own, [region('primary', unreachable), dr]), {
      scenario: 'Total loss of primary region',
      action: 'Fail over to eu-west-1 now',
      reason: 'af-south-1 did not answer (ecs unreachable, alb unreachable)',
    });
    assert.equal(chooseDecision(own, [region('primary', [...healthy(), check('s3', 'degraded')]), dr])?.action, 'Watch the dashboards');
    // No ECS row in this table: ECS down falls back to the outage row, not to "RDS cluster failure".
    assert.equal(chooseDecision(own, [region('primary', [check('ecs', 'down'), check('alb', 'healthy')]), dr])?.scenario, 'Total loss of primary region');
    // A table with only a DR row has nothing for a primary outage.
    assert.equal(chooseDecision([own[0]], [region('primary', unreachable), dr]), undefined);
  });

  it('healthy primary -> no row; notes warn about a sick DR region and a flipped record', () => {
    const regions = [region('primary', healthy()), region('dr', [check('alb', 'degraded')])];
    assert.equal(chooseDecision(matrix, regions), undefined);
    const dns = { name: 'wp.kimmyai.io', state: 'healthy' as const, latencyMs: 1, summary: '', records: [], primaryPointsTo: 'eu-west-1' };
    assert.deepEqual(healthNotes(regions, dns, undefined), [
      'DR region eu-west-1 is degraded: check it before failing over.',
      'wp.kimmyai.io already points at the DR region eu-west-1 (failover in effect).',
    ]);
  });
});
