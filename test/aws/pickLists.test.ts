/**
 * The live pick lists of `<TG_ARN>` / `<ZONE_ID>` placeholders (core/kernel/pickLists.ts) against a real
 * moto_server: every page of target groups and hosted zones, and an AbortSignal that ends the listing.
 */
import assert from 'node:assert/strict';
import {
  CreateTargetGroupCommand, DeleteTargetGroupCommand, DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateHostedZoneCommand, DeleteHostedZoneCommand, ListHostedZonesCommand, Route53Client } from '@aws-sdk/client-route-53';
import { AwsClientPool } from '../../src/core/aws/clients';
import { livePickChoices } from '../../src/core/kernel/pickLists';
import { getMotoContext } from '../support/mochaMoto';
import { DR_REGION, startBlackhole } from '../support/moto';
import { clientConfig } from '../support/estateNetwork';
import { testSettings } from './awsCli';

const ENV = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };
const EXTRA_TGS = ['picklist-tg-a', 'picklist-tg-b'];
const EXTRA_ZONES = ['picklist-a.example.', 'picklist-b.example.'];

describe('aws: live pick lists against moto', function () {
  this.timeout(60_000);
  let pool: AwsClientPool;
  let elb: ElasticLoadBalancingV2Client;
  let r53: Route53Client;
  const made: { tgs: string[]; zones: string[] } = { tgs: [], zones: [] };

  before(async () => {
    const { endpoint, estate } = getMotoContext();
    pool = new AwsClientPool(testSettings(endpoint), ENV);
    elb = new ElasticLoadBalancingV2Client(clientConfig(endpoint, DR_REGION));
    r53 = new Route53Client(clientConfig(endpoint, 'us-east-1'));
    const seeded = await elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [estate.tgArn[DR_REGION]] }));
    const vpc = seeded.TargetGroups?.[0]?.VpcId;
    for (const Name of EXTRA_TGS) {
      const tg = await elb.send(new CreateTargetGroupCommand({ Name, Protocol: 'HTTP', Port: 8080, VpcId: vpc, TargetType: 'instance' }));
      made.tgs.push(tg.TargetGroups?.[0]?.TargetGroupArn ?? '');
    }
    for (const Name of EXTRA_ZONES) {
      const z = await r53.send(new CreateHostedZoneCommand({ Name, CallerReference: `picklist-${Name}-${Date.now()}` }));
      made.zones.push((z.HostedZone?.Id ?? '').replace(/^\/hostedzone\//, ''));
    }
  });

  after(async () => {
    for (const TargetGroupArn of made.tgs) {
      await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn }));
    }
    for (const Id of made.zones) {
      await r53.send(new DeleteHostedZoneCommand({ Id }));
    }
    elb.destroy();
    r53.destroy();
    pool.dispose();
  });

  // moto answers DescribeTargetGroups in one page whatever PageSize says; the paging itself is shown on hosted zones below.
  it('lists every target group of the region, each picked as its ARN', async () => {
    const { estate } = getMotoContext();
    const choices = await livePickChoices({ kind: 'targetGroupArn', region: DR_REGION }, pool, { pageSize: 1 });
    assert.deepEqual(choices.map((c) => c.label).sort(), ['bbws-tg', ...EXTRA_TGS].sort());
    const seeded = choices.find((c) => c.label === 'bbws-tg');
    assert.equal(seeded?.value, estate.tgArn[DR_REGION]);
    assert.equal(seeded?.detail, estate.tgArn[DR_REGION]);
    assert.equal(choices.find((c) => c.label === 'picklist-tg-a')?.description, 'HTTP 8080');
  });

  it('lists every hosted zone, one per page, each picked as its bare id', async () => {
    const all = await r53.send(new ListHostedZonesCommand({}));
    const firstPage = await r53.send(new ListHostedZonesCommand({ MaxItems: 1 }));
    assert.ok(firstPage.IsTruncated, 'moto pages hosted zones');
    const choices = await livePickChoices({ kind: 'hostedZoneId', region: DR_REGION }, pool, { pageSize: 1 });
    assert.equal(choices.length, all.HostedZones?.length);
    for (const [i, Name] of EXTRA_ZONES.entries()) {
      const c = choices.find((x) => x.label === Name);
      assert.deepEqual(c, { label: Name, description: made.zones[i], detail: 'public zone', value: made.zones[i] });
    }
  });

  it('an AbortSignal ends the listing at once, though the region never answers', async () => {
    const hole = await startBlackhole();
    const down = new AwsClientPool({ ...testSettings(getMotoContext().endpoint), connectTimeoutMs: 5000, requestTimeoutMs: 5000, regionEndpoints: { [DR_REGION]: hole.url } }, ENV);
    try {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 200);
      const t0 = Date.now();
      await assert.rejects(livePickChoices({ kind: 'targetGroupArn', region: DR_REGION }, down, { signal: ac.signal }));
      const took = Date.now() - t0;
      assert.ok(took < 1500, `took ${took} ms`);
    } finally {
      down.dispose();
      await hole.stop();
    }
  });

  it('an unreachable region fails within the pool timeouts, not hangs', async () => {
    const hole = await startBlackhole();
    const down = new AwsClientPool({ ...testSettings(getMotoContext().endpoint), connectTimeoutMs: 300, requestTimeoutMs: 700, regionEndpoints: { [DR_REGION]: hole.url } }, ENV);
    try {
      const t0 = Date.now();
      await assert.rejects(livePickChoices({ kind: 'hostedZoneId', region: DR_REGION }, down));
      const took = Date.now() - t0;
      assert.ok(took < 3000, `took ${took} ms`);
    } finally {
      down.dispose();
      await hole.stop();
    }
  });
});
