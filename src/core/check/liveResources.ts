/**
 * Live checks of what one aws command names, read-only: the cluster and services, the target groups, the table
 * and its DR replica, the bucket and its replication, the hosted zone and the records its change batch touches.
 */
import type { AwsUse } from './awsCheck';
import { type CellFinding, rangeOf } from './finding';
import { readCall, type LiveContext } from './liveCall';
import { rule } from './rules';
import type { Word } from './words';

export interface UseTarget {
  use: AwsUse;
  source: string;
  region: string;
  /** The DR region, for the replica checks (undefined when the runbook names none). */
  drRegion?: string;
  /** Regions that did not answer: a replica there is not looked for. */
  dead: ReadonlySet<string>;
}

export function liveFinding(id: string, t: UseTarget, word: Word | undefined, message: string): CellFinding {
  const r = rule(id);
  const w = word ?? t.use.opWord;
  return { severity: r.severity, rule: id, message, why: r.why, helpUri: r.helpUri, cell: t.use.cell, range: rangeOf(t.source, w.start, w.end) };
}

function words(t: UseTarget, member: string): Word | undefined {
  const ws = t.use.valueWords.get(member);
  return ws && ws.length > 0 ? { text: '', start: ws[0].start, end: ws[ws.length - 1].end } : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function strs(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : str(v) ? [v as string] : [];
}

type Out = CellFinding[];

function failed(t: UseTarget, what: string, r: { kind: string; name: string; message: string }, word: Word | undefined, out: Out): void {
  if (r.kind === 'notFound') {
    out.push(liveFinding('live-missing-resource', t, word, `${what} does not exist in ${t.region} (${r.name}).`));
  } else {
    out.push(liveFinding(r.kind === 'unreachable' ? 'live-unreachable' : 'live-call-failed', t, word, `${what} in ${t.region}: ${r.name}: ${r.message}`));
  }
}

async function ecs(ctx: LiveContext, t: UseTarget, out: Out): Promise<void> {
  const input = t.use.input;
  const clusters = [...strs(input.clusters), ...strs(input.cluster)];
  if (clusters.length > 0) {
    const r = await readCall<{ clusters?: { clusterName?: string; status?: string }[]; failures?: { arn?: string; reason?: string }[] }>(ctx, 'ecs', t.region, 'DescribeClusters', { clusters });
    const word = words(t, input.clusters !== undefined ? 'clusters' : 'cluster');
    if (!r.ok) {
      failed(t, `ECS cluster ${clusters.join(', ')}`, r, word, out);
      return;
    }
    const active = new Set((r.value.clusters ?? []).filter((c) => c.status === 'ACTIVE').map((c) => c.clusterName));
    clusters.filter((c) => !active.has(c.split('/').pop())).forEach((c) => out.push(liveFinding('live-missing-resource', t, word, `ECS cluster ${c} does not exist (or is not ACTIVE) in ${t.region}.`)));
  }
  const services = [...strs(input.services), ...strs(input.service)];
  const cluster = str(input.cluster);
  if (services.length > 0 && cluster) {
    const r = await readCall<{ services?: { serviceName?: string; status?: string }[] }>(ctx, 'ecs', t.region, 'DescribeServices', { cluster, services });
    const word = words(t, input.services !== undefined ? 'services' : 'service');
    if (!r.ok) {
      failed(t, `ECS services ${services.join(', ')}`, r, word, out);
      return;
    }
    const found = new Set((r.value.services ?? []).filter((s) => s.status === 'ACTIVE').map((s) => s.serviceName));
    services.filter((s) => !found.has(s.split('/').pop())).forEach((s) => out.push(liveFinding('live-missing-resource', t, word, `ECS service ${s} does not exist in cluster ${cluster} in ${t.region}.`)));
  }
}

async function elbv2(ctx: LiveContext, t: UseTarget, out: Out): Promise<void> {
  const member = t.use.input.TargetGroupArn !== undefined ? 'TargetGroupArn' : 'TargetGroupArns';
  const arns = strs(t.use.input[member]);
  if (arns.length === 0) {
    return;
  }
  const r = await readCall(ctx, 'elbv2', t.region, 'DescribeTargetGroups', { TargetGroupArns: arns });
  if (!r.ok) {
    failed(t, `Target group ${arns.join(', ')}`, r, words(t, member), out);
  }
}

async function dynamodb(ctx: LiveContext, t: UseTarget, out: Out): Promise<void> {
  const table = str(t.use.input.TableName);
  if (!table) {
    return;
  }
  const r = await readCall(ctx, 'dynamodb', t.region, 'DescribeTable', { TableName: table });
  if (!r.ok && r.kind === 'notFound' && t.region === t.drRegion) {
    out.push(liveFinding('live-missing-replica', t, words(t, 'TableName'), `DynamoDB table ${table} has no replica in the DR region ${t.region} (${r.name}).`));
    return;
  }
  if (!r.ok) {
    failed(t, `DynamoDB table ${table}`, r, words(t, 'TableName'), out);
    return;
  }
  const dr = t.drRegion;
  if (dr && dr !== t.region && !t.dead.has(dr)) {
    const replica = await readCall(ctx, 'dynamodb', dr, 'DescribeTable', { TableName: table });
    if (!replica.ok && replica.kind === 'notFound') {
      out.push(liveFinding('live-missing-replica', t, words(t, 'TableName'), `DynamoDB table ${table} has no replica in the DR region ${dr}.`));
    } else if (!replica.ok) {
      out.push(liveFinding('live-call-failed', t, words(t, 'TableName'), `Replica of ${table} in ${dr}: ${replica.name}: ${replica.message}`));
    }
  }
}

interface Replication {
  ReplicationConfiguration?: { Rules?: { Status?: string; Destination?: { Bucket?: string } }[] };
}

async function s3(ctx: LiveContext, t: UseTarget, out: Out): Promise<void> {
  const bucket = str(t.use.input.Bucket);
  if (!bucket) {
    return;
  }
  const word = words(t, 'Bucket');
  const head = await readCall(ctx, 's3api', t.region, 'HeadBucket', { Bucket: bucket });
  if (!head.ok) {
    failed(t, `S3 bucket ${bucket}`, { ...head, kind: /NotFound|NoSuchBucket/.test(head.name) ? 'notFound' : head.kind }, word, out);
    return;
  }
  const r = await readCall<Replication>(ctx, 's3api', t.region, 'GetBucketReplication', { Bucket: bucket });
  const rules = r.ok ? (r.value.ReplicationConfiguration?.Rules ?? []).filter((x) => x.Status === 'Enabled') : [];
  if (!r.ok && r.kind !== 'notFound') {
    out.push(liveFinding('live-call-failed', t, word, `Replication of ${bucket}: ${r.name}: ${r.message}`));
    return;
  }
  if (rules.length === 0) {
    out.push(liveFinding('live-missing-replica', t, word, `S3 bucket ${bucket} has no enabled replication rule: the DR region has no copy.`));
    return;
  }
  for (const dest of new Set(rules.map((x) => x.Destination?.Bucket?.replace(/^arn:aws[\w-]*:s3:::/, '')).filter((x): x is string => !!x))) {
    const region = t.drRegion && !t.dead.has(t.drRegion) ? t.drRegion : t.region;
    const d = await readCall(ctx, 's3api', region, 'HeadBucket', { Bucket: dest });
    if (!d.ok && d.kind !== 'unreachable') {
      out.push(liveFinding('live-missing-replica', t, word, `Replication of ${bucket} goes to ${dest}, which does not answer (${d.name}).`));
    }
  }
}

export const SERVICE_CHECKS: Partial<Record<string, (ctx: LiveContext, t: UseTarget, out: Out) => Promise<void>>> = { ecs, elbv2, dynamodb, s3api: s3 };
