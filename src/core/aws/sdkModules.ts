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

/*
 * `require`, not `import()`: the bundler hands back the package's own exports object, where `import()` of a CommonJS
 * package first copies its thousands of names (commands, schemas) into a namespace object, one getter each, about
 * 2 ms per client package on a cold start (docs/performance.md).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const LOADERS: Record<SdkServiceName, () => SdkModule> = {
  ecs: () => require('@aws-sdk/client-ecs'),
  elbv2: () => require('@aws-sdk/client-elastic-load-balancing-v2'),
  dynamodb: () => require('@aws-sdk/client-dynamodb'),
  s3api: () => require('@aws-sdk/client-s3'),
  route53: () => require('@aws-sdk/client-route-53'),
  sts: () => require('@aws-sdk/client-sts'),
  rds: () => require('@aws-sdk/client-rds'),
  cloudwatch: () => require('@aws-sdk/client-cloudwatch'),
  iam: () => require('@aws-sdk/client-iam'),
  ssm: () => require('@aws-sdk/client-ssm'),
  secretsmanager: () => require('@aws-sdk/client-secrets-manager'),
  kms: () => require('@aws-sdk/client-kms'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

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

/**
 * The client package of a service, loaded now (a `require`, as loadSdkModule's); throws when it cannot be. For
 * readers that cannot wait: the events of an execution's history, built in one pass.
 */
export function sdkModuleNow(service: SdkServiceName): SdkModule {
  return LOADERS[service]();
}

/** Loads (once) the client package of a service. */
export function loadSdkModule(service: SdkServiceName): Promise<SdkModule> {
  let p = cache.get(service);
  if (!p) {
    // Loaded in a microtask, as `import()` did: a package that fails to load is a rejected promise, not a throw.
    p = Promise.resolve().then(LOADERS[service]);
    cache.set(service, p);
  }
  return p;
}
