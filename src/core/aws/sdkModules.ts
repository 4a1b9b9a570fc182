/**
 * The SDK v3 client packages of the supported services, loaded lazily: nothing AWS is required until
 * a service is first used. Each import is a literal so the bundler can see it.
 */
export type AwsServiceName = 'ecs' | 'elbv2' | 'dynamodb' | 's3api' | 'route53' | 'sts' | 'rds' | 'cloudwatch' | 'ssm' | 'secretsmanager' | 'kms';

export const AWS_SERVICES: readonly AwsServiceName[] = [
  'ecs', 'elbv2', 'dynamodb', 's3api', 'route53', 'sts', 'rds', 'cloudwatch',
  // Services whose answers carry secrets: in-process, so the model's `sensitive` members are redacted (docs/security.md).
  'ssm', 'secretsmanager', 'kms',
];

/** Every client package this build loads: the supported services, and IAM for `runbook check --live`'s policy simulation. */
export type SdkServiceName = AwsServiceName | 'iam';

/** A client package's exports: the client class, `XxxCommand` classes, `Xxx$` schemas, paginators. */
export type SdkModule = Record<string, unknown>;

const LOADERS: Record<SdkServiceName, () => Promise<SdkModule>> = {
  ecs: () => import('@aws-sdk/client-ecs'),
  elbv2: () => import('@aws-sdk/client-elastic-load-balancing-v2'),
  dynamodb: () => import('@aws-sdk/client-dynamodb'),
  s3api: () => import('@aws-sdk/client-s3'),
  route53: () => import('@aws-sdk/client-route-53'),
  sts: () => import('@aws-sdk/client-sts'),
  rds: () => import('@aws-sdk/client-rds'),
  cloudwatch: () => import('@aws-sdk/client-cloudwatch'),
  iam: () => import('@aws-sdk/client-iam'),
  ssm: () => import('@aws-sdk/client-ssm'),
  secretsmanager: () => import('@aws-sdk/client-secrets-manager'),
  kms: () => import('@aws-sdk/client-kms'),
};

/** The client class exported by each package. */
export const CLIENT_CLASS: Record<SdkServiceName, string> = {
  ecs: 'ECSClient',
  elbv2: 'ElasticLoadBalancingV2Client',
  dynamodb: 'DynamoDBClient',
  s3api: 'S3Client',
  route53: 'Route53Client',
  sts: 'STSClient',
  rds: 'RDSClient',
  cloudwatch: 'CloudWatchClient',
  iam: 'IAMClient',
  ssm: 'SSMClient',
  secretsmanager: 'SecretsManagerClient',
  kms: 'KMSClient',
};

const cache = new Map<SdkServiceName, Promise<SdkModule>>();

export function isAwsServiceName(s: string): s is AwsServiceName {
  return (AWS_SERVICES as readonly string[]).includes(s);
}

/** Loads (once) the client package of a service. */
export function loadSdkModule(service: SdkServiceName): Promise<SdkModule> {
  let p = cache.get(service);
  if (!p) {
    p = LOADERS[service]();
    cache.set(service, p);
  }
  return p;
}
