/**
 * The read-only call that shows what a change will change, per kind: Route 53 ListResourceRecordSets,
 * ECS DescribeServices, DynamoDB GetItem, S3 HeadObject. Nothing here writes.
 */
import type { AwsClientPool, AwsServiceName, AwsTarget } from '../aws/clients';
import { toCliShape } from '../aws/cliShape';
import { currentRecordSets } from '../aws/mutation';
import type { AwsCommand } from '../aws/command';
import { loadSdkModule } from '../aws/sdkModules';
import type { ChangeRequest, CurrentState } from './change';

type Cmd = new (input: object) => unknown;

export interface ReadTarget extends ChangeRequest {
  globals: { region?: string; profile?: string; endpointUrl?: string };
}

async function send(pool: AwsClientPool, service: AwsServiceName, target: AwsTarget, command: string, input: object, signal?: AbortSignal): Promise<Record<string, unknown>> {
  const [client, mod] = await Promise.all([pool.client(service, target), loadSdkModule(service)]);
  return (await client.send(new (mod[command] as Cmd)(input), { abortSignal: signal })) as Record<string, unknown>;
}

async function ecsService(req: ReadTarget, pool: AwsClientPool, target: AwsTarget, signal?: AbortSignal): Promise<unknown> {
  const out = await send(pool, 'ecs', target, 'DescribeServicesCommand', { cluster: req.input.cluster, services: [req.input.service] }, signal);
  const svc = ((out.services as Record<string, unknown>[] | undefined) ?? [])[0];
  if (!svc) {
    return null;
  }
  return { cluster: req.input.cluster, service: svc.serviceName, desiredCount: svc.desiredCount, taskDefinition: svc.taskDefinition };
}

/** The item's key: the request's Key, or (put-item) the key attributes of its Item by the table's key schema. */
async function itemKey(req: ReadTarget, pool: AwsClientPool, target: AwsTarget, signal?: AbortSignal): Promise<Record<string, unknown>> {
  if (req.input.Key) {
    return req.input.Key as Record<string, unknown>;
  }
  const table = await send(pool, 'dynamodb', target, 'DescribeTableCommand', { TableName: req.input.TableName }, signal);
  const schema = ((table.Table as { KeySchema?: { AttributeName?: string }[] } | undefined)?.KeySchema ?? []).map((k) => k.AttributeName ?? '');
  const item = (req.input.Item as Record<string, unknown> | undefined) ?? {};
  return Object.fromEntries(schema.map((k) => [k, item[k]]));
}

async function dynamoItem(req: ReadTarget, pool: AwsClientPool, target: AwsTarget, signal?: AbortSignal): Promise<unknown> {
  const Key = await itemKey(req, pool, target, signal);
  const out = await send(pool, 'dynamodb', target, 'GetItemCommand', { TableName: req.input.TableName, Key, ConsistentRead: true }, signal);
  return out.Item ?? null;
}

async function s3Head(req: ReadTarget, pool: AwsClientPool, target: AwsTarget, signal?: AbortSignal): Promise<unknown> {
  try {
    const out = await send(pool, 's3api', target, 'HeadObjectCommand', { Bucket: req.input.Bucket, Key: req.input.Key }, signal);
    const keep = ['ContentLength', 'ContentType', 'ETag', 'LastModified', 'Metadata', 'VersionId', 'StorageClass', 'CacheControl'];
    return toCliShape(Object.fromEntries(keep.filter((k) => out[k] !== undefined).map((k) => [k, out[k]])));
  } catch (e) {
    if ((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) {
      return null;
    }
    throw e;
  }
}

type Reader = (req: ReadTarget, pool: AwsClientPool, target: AwsTarget, signal?: AbortSignal) => Promise<unknown>;

const READERS: Record<string, { source: string; read: Reader }> = {
  'route53.change-resource-record-sets': { source: 'route53 ListResourceRecordSets', read: (req, pool, _t, signal) => currentRecordSets(req as AwsCommand, pool, { signal }) },
  'ecs.update-service': { source: 'ecs DescribeServices', read: ecsService },
  'dynamodb.put-item': { source: 'dynamodb GetItem', read: dynamoItem },
  'dynamodb.update-item': { source: 'dynamodb GetItem', read: dynamoItem },
  'dynamodb.delete-item': { source: 'dynamodb GetItem', read: dynamoItem },
  's3api.put-object': { source: 's3api HeadObject', read: s3Head },
  's3api.delete-object': { source: 's3api HeadObject', read: s3Head },
};

/** Whether a read-only call shows the current state for this operation. */
export function hasReadCounterpart(service: string, operation: string): boolean {
  return `${service}.${operation}` in READERS;
}

/** The state the request would change, read from AWS; `{}` (no source) when no read answers for it. */
export async function readCurrentState(req: ReadTarget, pool: AwsClientPool, signal?: AbortSignal): Promise<CurrentState> {
  const reader = READERS[`${req.service}.${req.operation}`];
  if (!reader) {
    return {};
  }
  const target: AwsTarget = { region: req.globals.region || 'us-east-1', profile: req.globals.profile, endpointUrl: req.globals.endpointUrl };
  try {
    return { source: reader.source, state: await reader.read(req, pool, target, signal) };
  } catch (e) {
    if (signal?.aborted) {
      throw e;
    }
    return { source: reader.source, error: e instanceof Error ? e.message : String(e) };
  }
}
