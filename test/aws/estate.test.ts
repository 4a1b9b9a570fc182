import assert from 'node:assert/strict';
import { ECSClient, DescribeClustersCommand, DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client, DescribeTargetHealthCommand, DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { S3Client, GetBucketReplicationCommand, GetBucketVersioningCommand } from '@aws-sdk/client-s3';
import { Route53Client, ListResourceRecordSetsCommand, GetHealthCheckCommand } from '@aws-sdk/client-route-53';
import { getMotoContext } from '../support/mochaMoto';
import { PRIMARY_REGION, DR_REGION, REGIONS } from '../support/moto';
import { clientConfig } from '../support/estateNetwork';

describe('seeded estate (moto)', () => {
  it('has prod-cluster with a FARGATE service of desired 3 in both regions', async () => {
    const { endpoint, estate } = getMotoContext();
    for (const region of REGIONS) {
      const ecs = new ECSClient(clientConfig(endpoint, region));
      const clusters = await ecs.send(new DescribeClustersCommand({ clusters: [estate.clusterName] }));
      assert.equal(clusters.clusters?.[0]?.clusterName, 'prod-cluster');
      const svc = await ecs.send(new DescribeServicesCommand({ cluster: estate.clusterName, services: [estate.serviceName] }));
      assert.equal(svc.services?.[0]?.desiredCount, 3);
      assert.equal(svc.services?.[0]?.launchType, 'FARGATE');
      ecs.destroy();
    }
  });

  it('has one unhealthy target in af-south-1 and none in eu-west-1', async () => {
    const { endpoint, estate } = getMotoContext();
    const states = async (region: typeof REGIONS[number]) => {
      const elb = new ElasticLoadBalancingV2Client(clientConfig(endpoint, region));
      const out = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: estate.tgArn[region] }));
      elb.destroy();
      return (out.TargetHealthDescriptions ?? []).map((d) => ({ id: d.Target?.Id, state: d.TargetHealth?.State }));
    };
    const primary = await states(PRIMARY_REGION);
    assert.equal(primary.length, 3);
    const unhealthy = primary.filter((t) => t.state !== 'healthy');
    assert.deepEqual(unhealthy.map((t) => t.id), [estate.regions[PRIMARY_REGION].unhealthyInstanceId]);
    const dr = await states(DR_REGION);
    assert.deepEqual(dr.map((t) => t.state), ['healthy', 'healthy', 'healthy']);
  });

  it('names the ALBs bbws-alb with the DNS names the runbook expects', async () => {
    const { endpoint, estate } = getMotoContext();
    for (const region of REGIONS) {
      assert.equal(estate.albDns[region], `bbws-alb-1.${region}.elb.amazonaws.com`);
      const elb = new ElasticLoadBalancingV2Client(clientConfig(endpoint, region));
      const lbs = await elb.send(new DescribeLoadBalancersCommand({ Names: ['bbws-alb'] }));
      assert.equal(lbs.LoadBalancers?.[0]?.DNSName, estate.albDns[region]);
      elb.destroy();
    }
  });

  it('has tenant items in bbws-tenants in both regions', async () => {
    const { endpoint, estate } = getMotoContext();
    for (const region of REGIONS) {
      const ddb = new DynamoDBClient(clientConfig(endpoint, region));
      const scan = await ddb.send(new ScanCommand({ TableName: estate.tableName }));
      const ids = (scan.Items ?? []).map((i) => i.tenantId?.S).sort();
      assert.deepEqual(ids, [...estate.tenantIds].sort());
      ddb.destroy();
    }
  });

  it('replicates bbws-assets (versioned) to the versioned DR bucket', async () => {
    const { endpoint, estate } = getMotoContext();
    const s3 = new S3Client({ ...clientConfig(endpoint, PRIMARY_REGION), forcePathStyle: true });
    const rep = await s3.send(new GetBucketReplicationCommand({ Bucket: estate.bucket }));
    assert.equal(rep.ReplicationConfiguration?.Role, estate.replicationRoleArn);
    assert.match(estate.replicationRoleArn, /^arn:aws:iam::123456789012:role\//);
    assert.equal(rep.ReplicationConfiguration?.Rules?.[0]?.Destination?.Bucket, `arn:aws:s3:::${estate.drBucket}`);
    for (const bucket of [estate.bucket, estate.drBucket]) {
      const v = await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }));
      assert.equal(v.Status, 'Enabled', bucket);
    }
    s3.destroy();
  });

  it('has PRIMARY and SECONDARY failover alias records for wp.kimmyai.io and a health check', async () => {
    const { endpoint, estate } = getMotoContext();
    const r53 = new Route53Client(clientConfig(endpoint, 'us-east-1'));
    const sets = await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: estate.zoneId }));
    const wp = (sets.ResourceRecordSets ?? []).filter((r) => r.Name === 'wp.kimmyai.io.');
    const byId = Object.fromEntries(wp.map((r) => [r.SetIdentifier, r]));
    assert.equal(byId.primary?.Failover, 'PRIMARY');
    assert.equal(byId.primary?.AliasTarget?.DNSName, estate.albDns[PRIMARY_REGION]);
    assert.equal(byId.primary?.HealthCheckId, estate.healthCheckId);
    assert.equal(byId.secondary?.Failover, 'SECONDARY');
    assert.equal(byId.secondary?.AliasTarget?.DNSName, estate.albDns[DR_REGION]);
    const hc = await r53.send(new GetHealthCheckCommand({ HealthCheckId: estate.healthCheckId }));
    assert.equal(hc.HealthCheck?.HealthCheckConfig?.FullyQualifiedDomainName, estate.albDns[PRIMARY_REGION]);
    r53.destroy();
  });
});
