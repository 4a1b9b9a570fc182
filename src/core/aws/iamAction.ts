/**
 * The IAM action an SDK operation needs (`elbv2` `DescribeTargetHealth` ->
 * `elasticloadbalancing:DescribeTargetHealth`): one mapping for the live IAM simulation of
 * `runbook check` and the least-privilege policy the engine deploys.
 */
import type { AwsServiceName } from './sdkModules';

/** The IAM action prefix of each service. */
const IAM_PREFIX: Record<AwsServiceName, string> = {
  ecs: 'ecs',
  elbv2: 'elasticloadbalancing',
  dynamodb: 'dynamodb',
  s3api: 's3',
  route53: 'route53',
  sts: 'sts',
  rds: 'rds',
  cloudwatch: 'cloudwatch',
  ssm: 'ssm',
  secretsmanager: 'secretsmanager',
  kms: 'kms',
};

/**
 * S3 operations whose IAM action is not the operation's name (the few a runbook meets; the rest match).
 * From the S3 documentation's "actions, resources and condition keys" page.
 */
const S3_IAM_ACTION: Record<string, string> = {
  GetBucketReplication: 'GetReplicationConfiguration',
  PutBucketReplication: 'PutReplicationConfiguration',
  DeleteBucketReplication: 'PutReplicationConfiguration',
  HeadBucket: 'ListBucket',
  HeadObject: 'GetObject',
  ListObjectsV2: 'ListBucket',
  ListObjects: 'ListBucket',
  GetBucketLocation: 'GetBucketLocation',
  GetBucketVersioning: 'GetBucketVersioning',
  PutBucketVersioning: 'PutBucketVersioning',
};

/** `service` is the CLI's name (`s3api`), `sdkOperation` the SDK's (`GetBucketReplication`); undefined for a service outside the SDK path. */
export function iamAction(service: string, sdkOperation: string): string | undefined {
  const prefix = (IAM_PREFIX as Record<string, string>)[service];
  return prefix ? `${prefix}:${service === 's3api' ? (S3_IAM_ACTION[sdkOperation] ?? sdkOperation) : sdkOperation}` : undefined;
}
