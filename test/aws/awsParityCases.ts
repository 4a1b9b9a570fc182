/**
 * The CLI-parity table: the same argv through the AWS CLI and through our SDK path on the same moto.
 * `phase` orders them: setup writes first, then reads that see a settled estate.
 */
import type { Estate } from '../support/moto';

export interface ParityCase {
  argv: string[];
  /** json: parsed and compared; text: compared as text; error: same AWS error code. */
  compare: 'json' | 'text' | 'error';
  phase: 'write' | 'read';
}

const AF = 'af-south-1';
const EU = 'eu-west-1';
export const MANY_TABLE = 'parity-many';
export const MANY_ITEMS = 25;

function j(phase: ParityCase['phase'], ...argv: string[]): ParityCase {
  return { argv, compare: 'json', phase };
}
function t(...argv: string[]): ParityCase {
  return { argv, compare: 'text', phase: 'read' };
}
function err(...argv: string[]): ParityCase {
  return { argv, compare: 'error', phase: 'read' };
}

function writes(e: Estate): ParityCase[] {
  return [
    j('write', 'dynamodb', 'put-item', '--table-name', e.tableName, '--item', '{"tenantId":{"S":"tenant-parity"},"plan":{"S":"gold"},"seats":{"N":"5"}}', '--region', EU),
    j('write', 'dynamodb', 'update-item', '--table-name', e.tableName, '--key', '{"tenantId":{"S":"tenant-parity"}}',
      '--update-expression', 'SET #p = :p, seats = :s', '--expression-attribute-names', '{"#p":"plan"}',
      '--expression-attribute-values', '{":p":{"S":"platinum"},":s":{"N":"7"}}',
      '--return-values', 'ALL_NEW', '--region', EU),
    j('write', 's3api', 'put-bucket-versioning', '--bucket', e.bucket, '--versioning-configuration', 'Status=Enabled'),
    j('write', 's3api', 'put-bucket-tagging', '--bucket', e.drBucket, '--tagging', 'TagSet=[{Key=team,Value=platform},{Key=env,Value=dr}]', '--region', EU),
    j('write', 'ecs', 'tag-resource', '--resource-arn', e.regions[AF].clusterArn, '--tags', 'key=env,value=prod', 'key=owner,value=sre'),
    j('write', 'elbv2', 'add-tags', '--resource-arns', e.tgArn[AF], '--tags', 'Key=tier,Value=web'),
    j('write', 'elbv2', 'modify-target-group', '--target-group-arn', e.tgArn[EU], '--health-check-interval-seconds', '15', '--region', EU),
    j('write', 'route53', 'change-resource-record-sets', '--hosted-zone-id', e.zoneId, '--change-batch',
      '{"Changes":[{"Action":"UPSERT","ResourceRecordSet":{"Name":"parity.kimmyai.io","Type":"TXT","TTL":60,"ResourceRecords":[{"Value":"\\"parity\\""}]}}]}',
      '--query', 'ChangeInfo.Status'),
    j('write', 'route53', 'change-tags-for-resource', '--resource-type', 'hostedzone', '--resource-id', e.zoneId, '--add-tags', 'Key=owner,Value=sre'),
    j('write', 'cloudwatch', 'put-metric-alarm', '--alarm-name', 'parity-5xx', '--namespace', 'AWS/ApplicationELB', '--metric-name', 'HTTPCode_ELB_5XX_Count',
      '--statistic', 'Sum', '--period', '60', '--evaluation-periods', '1', '--threshold', '10', '--comparison-operator', 'GreaterThanThreshold',
      '--dimensions', 'Name=LoadBalancer,Value=app/bbws-alb/1'),
    j('write', 'cloudwatch', 'put-metric-data', '--namespace', 'Parity/App', '--metric-data',
      'MetricName=Requests,Value=42,Unit=Count,Dimensions=[{Name=Region,Value=af-south-1}]'),
    j('write', 'ecs', 'put-cluster-capacity-providers', '--cluster', e.clusterName, '--capacity-providers', 'FARGATE',
      '--default-capacity-provider-strategy', 'capacityProvider=FARGATE,weight=1', '--query', 'cluster.capacityProviders'),
  ];
}

function reads(e: Estate): ParityCase[] {
  return [
    j('read', 'ecs', 'describe-clusters', '--clusters', e.clusterName, '--region', AF),
    j('read', 'ecs', 'describe-services', '--cluster', e.clusterName, '--services', e.serviceName, '--region', EU),
    j('read', 'ecs', 'list-services', '--cluster', e.clusterName),
    j('read', 'ecs', 'list-tags-for-resource', '--resource-arn', e.regions[AF].clusterArn),
    j('read', 'ecs', 'describe-task-definition', '--task-definition', 'bbws-wordpress', '--query', 'taskDefinition.containerDefinitions[0].name'),
    j('read', 'elbv2', 'describe-target-health', '--target-group-arn', e.tgArn[AF], '--region', AF),
    j('read', 'elbv2', 'describe-target-groups', '--page-size', '1', '--region', EU),
    j('read', 'elbv2', 'describe-load-balancers', '--names', e.albName, '--query', 'LoadBalancers[].DNSName'),
    j('read', 'elbv2', 'describe-tags', '--resource-arns', e.tgArn[AF]),
    j('read', 'elbv2', 'describe-listeners', '--load-balancer-arn', e.albArn[AF]),
    j('read', 'dynamodb', 'describe-table', '--table-name', e.tableName, '--region', EU),
    j('read', 'dynamodb', 'scan', '--table-name', e.tableName, '--page-size', '2', '--region', AF),
    j('read', 'dynamodb', 'scan', '--table-name', MANY_TABLE, '--page-size', '7'),
    j('read', 'dynamodb', 'scan', '--table-name', MANY_TABLE, '--max-items', '10', '--query', 'length(Items)'),
    j('read', 'dynamodb', 'get-item', '--table-name', e.tableName, '--key', '{"tenantId":{"S":"tenant-parity"}}', '--region', EU),
    j('read', 'dynamodb', 'query', '--table-name', e.tableName, '--key-condition-expression', 'tenantId = :t',
      '--expression-attribute-values', '{":t":{"S":"tenant-acme"}}'),
    j('read', 'dynamodb', 'list-tables', '--region', EU),
    j('read', 's3api', 'get-bucket-replication', '--bucket', e.bucket, '--region', AF),
    j('read', 's3api', 'get-bucket-versioning', '--bucket', e.bucket),
    j('read', 's3api', 'list-objects-v2', '--bucket', e.bucket, '--page-size', '1'),
    j('read', 's3api', 'list-objects', '--bucket', e.bucket, '--prefix', 'uploads/'),
    j('read', 's3api', 'list-buckets', '--query', 'Buckets[].Name'),
    j('read', 's3api', 'get-bucket-tagging', '--bucket', e.drBucket, '--region', EU),
    j('read', 's3api', 'head-object', '--bucket', e.bucket, '--key', e.assetKeys[0], '--query', '{len: ContentLength, type: ContentType}'),
    j('read', 'route53', 'list-resource-record-sets', '--hosted-zone-id', e.zoneId),
    j('read', 'route53', 'list-resource-record-sets', '--hosted-zone-id', e.zoneId, '--query', "ResourceRecordSets[?Type=='A'].[SetIdentifier,Failover]"),
    j('read', 'route53', 'list-hosted-zones-by-name', '--dns-name', e.zoneName),
    j('read', 'route53', 'get-hosted-zone', '--id', e.zoneId, '--query', 'HostedZone.Name'),
    j('read', 'route53', 'list-tags-for-resource', '--resource-type', 'hostedzone', '--resource-id', e.zoneId),
    j('read', 'route53', 'get-health-check', '--health-check-id', e.healthCheckId, '--query', 'HealthCheck.HealthCheckConfig.Type'),
    j('read', 'sts', 'get-caller-identity'),
    j('read', 'rds', 'describe-db-instances', '--region', EU),
    j('read', 'cloudwatch', 'list-metrics', '--namespace', 'Parity/App'),
    j('read', 'ecs', 'list-task-definitions', '--family-prefix', 'bbws'),
    j('read', 'route53', 'list-health-checks', '--query', 'HealthChecks[].HealthCheckConfig.[Type,FullyQualifiedDomainName]'),
    j('read', 'elbv2', 'describe-target-groups', '--names', e.tgName, '--query', 'TargetGroups[].[TargetGroupName,Protocol,Port]'),
    j('read', 'dynamodb', 'scan', '--table-name', e.tableName, '--filter-expression', 'begins_with(tenantId, :p)',
      '--expression-attribute-values', '{":p":{"S":"tenant-a"}}', '--projection-expression', 'tenantId', '--region', AF),
    j('read', 'cloudwatch', 'describe-alarms', '--alarm-names', 'parity-5xx', '--query', 'MetricAlarms[].[AlarmName,Threshold,ComparisonOperator]'),
    t('ecs', 'describe-clusters', '--clusters', e.clusterName, '--output', 'text'),
    t('elbv2', 'describe-target-health', '--target-group-arn', e.tgArn[AF], '--output', 'text'),
    t('dynamodb', 'list-tables', '--output', 'text'),
    t('route53', 'list-resource-record-sets', '--hosted-zone-id', e.zoneId, '--query', "ResourceRecordSets[?Type=='A'].Name", '--output', 'text'),
    t('dynamodb', 'scan', '--table-name', MANY_TABLE, '--page-size', '10', '--output', 'text'),
    t('dynamodb', 'scan', '--table-name', MANY_TABLE, '--page-size', '10', '--query', 'Items[].id.S', '--output', 'text'),
    t('s3api', 'list-objects-v2', '--bucket', e.bucket, '--output', 'text'),
    t('s3api', 'list-object-versions', '--bucket', e.bucket, '--page-size', '2', '--query', 'Versions[].[Key,IsLatest]', '--output', 'text'),
    t('ecs', 'list-services', '--cluster', e.clusterName, '--region', EU, '--output', 'text'),
    t('ecs', 'describe-clusters', '--clusters', e.clusterName, '--output', 'table'),
    t('dynamodb', 'describe-table', '--table-name', e.tableName, '--query', 'Table.[TableName,TableStatus,ItemCount]', '--output', 'table'),
    t('elbv2', 'describe-target-health', '--target-group-arn', e.tgArn[AF], '--output', 'table'),
    t('s3api', 'get-bucket-versioning', '--bucket', e.bucket, '--output', 'table'),
    t('sts', 'get-caller-identity', '--output', 'table'),
    err('dynamodb', 'describe-table', '--table-name', 'no-such-table'),
    err('ecs', 'describe-services', '--cluster', 'no-such-cluster', '--services', 'x'),
    err('s3api', 'get-bucket-versioning', '--bucket', 'no-such-bucket-parity'),
    err('route53', 'get-hosted-zone', '--id', 'ZNOSUCHZONE'),
    err('elbv2', 'describe-target-groups', '--names', 'no-such-tg'),
    err('rds', 'describe-db-instances', '--db-instance-identifier', 'no-such-db'),
  ];
}

/** The whole table for an estate. */
export function parityCases(e: Estate): ParityCase[] {
  return [...writes(e), ...reads(e)];
}
