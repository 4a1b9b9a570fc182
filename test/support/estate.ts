/**
 * Seeds moto with the DR runbook's estate (runbooks/dr-runbook.md) in af-south-1 (primary) and
 * eu-west-1 (DR), with the SDK v3 in this process (a few seconds; the CLI takes minutes).
 * moto has no DynamoDB global tables and does not replicate S3 objects, so both regions are seeded here.
 */
import { DynamoDBClient, CreateTableCommand, BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import {
  S3Client,
  CreateBucketCommand,
  PutBucketVersioningCommand,
  PutBucketReplicationCommand,
  PutObjectCommand,
  type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import {
  Route53Client,
  CreateHostedZoneCommand,
  CreateHealthCheckCommand,
  ChangeResourceRecordSetsCommand,
} from '@aws-sdk/client-route-53';
import { queryCall, xmlValue } from './awsQuery';
import { seedRegionNetwork, clientConfig, CLUSTER_NAME, SERVICE_NAME, ALB_NAME, TG_NAME, type RegionNetwork } from './estateNetwork';

export const PRIMARY_REGION = 'af-south-1';
export const DR_REGION = 'eu-west-1';
export const REGIONS = [PRIMARY_REGION, DR_REGION] as const;
export type Region = (typeof REGIONS)[number];
export const ACCOUNT_ID = '123456789012';

export const TABLE_NAME = 'bbws-tenants';
export const BUCKET = 'bbws-assets';
export const DR_BUCKET = 'bbws-assets-dr';
export const ZONE_NAME = 'kimmyai.io';
export const RECORD_NAME = 'wp.kimmyai.io';
export const TENANT_IDS = ['tenant-acme', 'tenant-bravo', 'tenant-cedar', 'tenant-delta'];
export const ASSET_KEYS = ['uploads/2026/01/logo.png', 'uploads/2026/02/banner.jpg', 'themes/bbws/style.css'];

export interface RegionEstate extends RegionNetwork {
  region: Region;
}

export interface Estate {
  account: string;
  primaryRegion: Region;
  drRegion: Region;
  regions: Record<Region, RegionEstate>;
  /** Shortcuts by region. */
  tgArn: Record<Region, string>;
  albArn: Record<Region, string>;
  albDns: Record<Region, string>;
  albZoneId: Record<Region, string>;
  clusterName: string;
  serviceName: string;
  albName: string;
  tgName: string;
  tableName: string;
  tenantIds: string[];
  bucket: string;
  drBucket: string;
  assetKeys: string[];
  replicationRoleArn: string;
  zoneName: string;
  /** Bare id, e.g. `Z0123…` (no `/hostedzone/` prefix). */
  zoneId: string;
  recordName: string;
  healthCheckId: string;
}

async function seedTable(endpoint: string, region: string): Promise<void> {
  const ddb = new DynamoDBClient(clientConfig(endpoint, region));
  try {
    await ddb.send(
      new CreateTableCommand({
        TableName: TABLE_NAME,
        AttributeDefinitions: [{ AttributeName: 'tenantId', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'tenantId', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    const items = TENANT_IDS.map((id, i) => ({
      PutRequest: {
        Item: {
          tenantId: { S: id },
          domain: { S: `${id.replace('tenant-', '')}.kimmyai.io` },
          plan: { S: i % 2 === 0 ? 'business' : 'starter' },
          sites: { N: String(i + 1) },
          active: { BOOL: true },
        },
      },
    }));
    await ddb.send(new BatchWriteItemCommand({ RequestItems: { [TABLE_NAME]: items } }));
  } finally {
    ddb.destroy();
  }
}

async function seedReplicationRole(endpoint: string): Promise<string> {
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  });
  const xml = await queryCall(endpoint, 'iam', 'us-east-1', 'CreateRole', {
    RoleName: 'bbws-s3-replication',
    AssumeRolePolicyDocument: trust,
  });
  return xmlValue(xml, 'Arn');
}

async function createVersionedBucket(s3: S3Client, bucket: string, region: string): Promise<void> {
  await s3.send(
    new CreateBucketCommand({
      Bucket: bucket,
      CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint },
    }),
  );
  await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  for (const key of ASSET_KEYS) {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `asset ${key}` }));
  }
}

async function seedBuckets(endpoint: string, roleArn: string): Promise<void> {
  const primary = new S3Client({ ...clientConfig(endpoint, PRIMARY_REGION), forcePathStyle: true });
  const dr = new S3Client({ ...clientConfig(endpoint, DR_REGION), forcePathStyle: true });
  try {
    await createVersionedBucket(primary, BUCKET, PRIMARY_REGION);
    await createVersionedBucket(dr, DR_BUCKET, DR_REGION);
    await primary.send(
      new PutBucketReplicationCommand({
        Bucket: BUCKET,
        ReplicationConfiguration: {
          Role: roleArn,
          Rules: [
            {
              ID: 'replicate-all-to-dr',
              Status: 'Enabled',
              Priority: 1,
              Filter: { Prefix: '' },
              DeleteMarkerReplication: { Status: 'Enabled' },
              Destination: { Bucket: `arn:aws:s3:::${DR_BUCKET}`, StorageClass: 'STANDARD' },
            },
          ],
        },
      }),
    );
  } finally {
    primary.destroy();
    dr.destroy();
  }
}

function failoverRecord(id: 'primary' | 'secondary', net: RegionNetwork, healthCheckId?: string) {
  return {
    Action: 'CREATE' as const,
    ResourceRecordSet: {
      Name: `${RECORD_NAME}.`,
      Type: 'A' as const,
      SetIdentifier: id,
      Failover: id === 'primary' ? ('PRIMARY' as const) : ('SECONDARY' as const),
      HealthCheckId: healthCheckId,
      AliasTarget: { HostedZoneId: net.albZoneId, DNSName: net.albDns, EvaluateTargetHealth: true },
    },
  };
}

async function seedDns(endpoint: string, nets: Record<Region, RegionNetwork>) {
  const r53 = new Route53Client(clientConfig(endpoint, 'us-east-1'));
  try {
    const zone = await r53.send(new CreateHostedZoneCommand({ Name: ZONE_NAME, CallerReference: `seed-${Date.now()}` }));
    const zoneId = (zone.HostedZone?.Id ?? '').replace(/^\/hostedzone\//, '');
    const hc = await r53.send(
      new CreateHealthCheckCommand({
        CallerReference: `hc-${Date.now()}`,
        HealthCheckConfig: {
          Type: 'HTTPS',
          FullyQualifiedDomainName: nets[PRIMARY_REGION].albDns,
          Port: 443,
          ResourcePath: '/wp-login.php',
          RequestInterval: 30,
          FailureThreshold: 3,
        },
      }),
    );
    const healthCheckId = hc.HealthCheck?.Id ?? '';
    await r53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: {
          Comment: 'seed: wp.kimmyai.io failover pair',
          Changes: [failoverRecord('primary', nets[PRIMARY_REGION], healthCheckId), failoverRecord('secondary', nets[DR_REGION])],
        },
      }),
    );
    return { zoneId, healthCheckId };
  } finally {
    r53.destroy();
  }
}

function byRegion<T>(f: (r: Region) => T): Record<Region, T> {
  return { [PRIMARY_REGION]: f(PRIMARY_REGION), [DR_REGION]: f(DR_REGION) } as Record<Region, T>;
}

/** Seeds the whole estate into an empty moto and returns every id a test needs. */
export async function seedEstate(endpoint: string): Promise<Estate> {
  const [primaryNet, drNet, roleArn] = await Promise.all([
    seedRegionNetwork(endpoint, PRIMARY_REGION, true),
    seedRegionNetwork(endpoint, DR_REGION, false),
    seedReplicationRole(endpoint),
    seedTable(endpoint, PRIMARY_REGION),
    seedTable(endpoint, DR_REGION),
  ]);
  const nets: Record<Region, RegionNetwork> = { [PRIMARY_REGION]: primaryNet, [DR_REGION]: drNet } as Record<Region, RegionNetwork>;
  const [dns] = await Promise.all([seedDns(endpoint, nets), seedBuckets(endpoint, roleArn)]);
  const regions = byRegion((r) => ({ region: r, ...nets[r] }));
  return {
    account: ACCOUNT_ID,
    primaryRegion: PRIMARY_REGION,
    drRegion: DR_REGION,
    regions,
    tgArn: byRegion((r) => nets[r].tgArn),
    albArn: byRegion((r) => nets[r].albArn),
    albDns: byRegion((r) => nets[r].albDns),
    albZoneId: byRegion((r) => nets[r].albZoneId),
    clusterName: CLUSTER_NAME,
    serviceName: SERVICE_NAME,
    albName: ALB_NAME,
    tgName: TG_NAME,
    tableName: TABLE_NAME,
    tenantIds: [...TENANT_IDS],
    bucket: BUCKET,
    drBucket: DR_BUCKET,
    assetKeys: [...ASSET_KEYS],
    replicationRoleArn: roleArn,
    zoneName: ZONE_NAME,
    zoneId: dns.zoneId,
    recordName: RECORD_NAME,
    healthCheckId: dns.healthCheckId,
  };
}
