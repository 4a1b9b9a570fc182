/**
 * `runbook check --live` against the seeded moto: everything present; then a deleted target group, a missing
 * DR replica and a renamed record, each found; and a black-holed primary, which is a finding within the
 * deadline, not a hang. The estate is re-seeded after the tests that change it.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteListenerCommand, DeleteTargetGroupCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand, Route53Client, type ResourceRecordSet } from '@aws-sdk/client-route-53';
import type { CliIO } from '../../src/cli/io';
import { main } from '../../src/cli/main';
import type { Finding } from '../../src/core/check/finding';
import { getMotoContext, reseedEstate } from '../support/mochaMoto';
import { clientConfig } from '../support/estateNetwork';
import { startBlackhole } from '../support/moto';

const ROOT = path.join(__dirname, '../..');
const PRIMARY = 'af-south-1';
const DR = 'eu-west-1';

function captureIO(): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: ROOT, env: { ...process.env, AWS_ENDPOINT_URL: '' } };
}

async function liveCheck(extra: string[] = []): Promise<{ code: number; findings: Finding[]; err: string }> {
  const { endpoint, estate } = getMotoContext();
  const io = captureIO();
  const args = ['check', 'runbooks/dr-runbook.md', '--live', '--json', '--endpoint-url', endpoint, '--var', `TG_ARN=${estate.tgArn[PRIMARY]}`, '--var', `ZONE_ID=${estate.zoneId}`, '--timeout', '3', ...extra];
  const code = await main(args, io);
  const parsed = JSON.parse(io.out.join('')) as { findings: Finding[] };
  return { code, findings: parsed.findings, err: io.err.join('') };
}

const live = (fs: Finding[]) => fs.filter((f) => f.rule.startsWith('live-'));
const summary = (fs: Finding[]) => live(fs).map((f) => `${f.line}:${f.column} ${f.severity} ${f.rule}`);

describe('runbook check --live (moto)', () => {
  after(async () => {
    await reseedEstate();
  });

  it('everything the runbook names is there: only the identity and "IAM not checked" (moto cannot simulate policies)', async () => {
    const r = await liveCheck();
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(summary(r.findings), ['1:1 info live-iam-not-checked', '1:1 info live-identity']);
    assert.match(live(r.findings).find((f) => f.rule === 'live-identity')?.message ?? '', /arn:aws:sts::123456789012:user\/moto/);
    // moto does not implement iam:SimulatePrincipalPolicy: "not checked", never a pass.
    assert.match(live(r.findings).find((f) => f.rule === 'live-iam-not-checked')?.message ?? '', /IAM permissions not checked: the endpoint did not simulate them/);
    assert.match(r.err, /af-south-1 answered in \d+ ms, eu-west-1 answered in \d+ ms, us-east-1 answered in \d+ ms; live checks took (\d+) ms/);
    process.stdout.write(`      timing, both regions up: ${/live checks took \d+ ms/.exec(r.err)?.[0]}\n`);
  });

  it('a black-holed primary is one finding on the first cell that names it, within the deadline; the DR region is still checked', async () => {
    const hole = await startBlackhole();
    try {
      const started = Date.now();
      const r = await liveCheck(['--region-endpoint', `${PRIMARY}=${hole.url}`, '--timeout', '2']);
      const ms = Date.now() - started;
      assert.equal(r.code, 1, r.err);
      const dead = live(r.findings).filter((f) => f.rule === 'live-unreachable');
      assert.deepEqual(dead.map((f) => [f.line, f.column]), [[38, 63]]);
      assert.match(dead[0].message, /af-south-1 did not answer within 2000 ms/);
      assert.ok(ms < 6000, `${ms} ms`);
      assert.match(r.err, /af-south-1 did not answer in \d+ ms, eu-west-1 answered/);
      process.stdout.write(`      timing, primary black-holed: ${/live checks took \d+ ms/.exec(r.err)?.[0]} (whole command ${ms} ms)\n`);
    } finally {
      await hole.stop();
    }
  });

  it('finds a deleted target group, a missing DR replica and a renamed record', async () => {
    const { endpoint, estate } = getMotoContext();
    const elb = new ElasticLoadBalancingV2Client(clientConfig(endpoint, PRIMARY));
    await elb.send(new DeleteListenerCommand({ ListenerArn: estate.regions[PRIMARY].listenerArn }));
    await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: estate.tgArn[PRIMARY] }));
    await new DynamoDBClient(clientConfig(endpoint, DR)).send(new DeleteTableCommand({ TableName: estate.tableName }));
    await renameRecords(endpoint, estate.zoneId, `${estate.recordName}.`, `www.${estate.zoneName}.`);
    const r = await liveCheck();
    assert.equal(r.code, 1, r.err);
    assert.deepEqual(summary(r.findings), [
      '1:1 info live-iam-not-checked',
      '1:1 info live-identity',
      '41:56 error live-missing-resource',
      '53:45 error live-missing-replica',
      '69:21 warning live-record-missing',
      '69:21 warning live-record-missing',
    ]);
    const messages = live(r.findings).map((f) => f.message).join('\n');
    assert.match(messages, /Target group arn:aws:elasticloadbalancing:af-south-1:.* does not exist in af-south-1/);
    assert.match(messages, /bbws-tenants has no replica in the DR region eu-west-1/);
    assert.match(messages, /UPSERT of wp\.kimmyai\.io\. A \(primary\): no such record/);
  });
});

/** Moves every record set of `from` to `to` (a rename, as someone tidying the zone would). */
async function renameRecords(endpoint: string, zoneId: string, from: string, to: string): Promise<void> {
  const r53 = new Route53Client(clientConfig(endpoint, 'us-east-1'));
  const list = await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
  const sets = (list.ResourceRecordSets ?? []).filter((s) => s.Name === from);
  assert.ok(sets.length > 0, 'the seeded zone has the record');
  const changes = sets.flatMap((s: ResourceRecordSet) => [
    { Action: 'DELETE' as const, ResourceRecordSet: s },
    { Action: 'CREATE' as const, ResourceRecordSet: { ...s, Name: to } },
  ]);
  await r53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: changes } }));
}
