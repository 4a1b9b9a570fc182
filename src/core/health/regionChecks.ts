import type { DescribeTableCommandOutput, TableDescription } from '@aws-sdk/client-dynamodb';
import type { DescribeClustersCommandOutput } from '@aws-sdk/client-ecs';
import type { DescribeTargetGroupsCommandOutput, DescribeTargetHealthCommandOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { GetBucketReplicationCommandOutput, GetBucketVersioningCommandOutput } from '@aws-sdk/client-s3';
import { type HealthContext, isNotFound, runCheck, send } from './call';
import type { CheckResult, HealthState } from './types';

/** Read-only checks of one region. Each returns a CheckResult; none throws. */

type Cluster = NonNullable<DescribeClustersCommandOutput['clusters']>[number];

function clusterState(c: Cluster): HealthState {
  if (c.status !== 'ACTIVE') {
    return c.status === 'PROVISIONING' || c.status === 'DEPROVISIONING' ? 'degraded' : 'down';
  }
  return (c.runningTasksCount ?? 0) === 0 && (c.pendingTasksCount ?? 0) > 0 ? 'degraded' : 'healthy';
}

export function worst(states: HealthState[]): HealthState {
  const order: HealthState[] = ['down', 'unreachable', 'degraded', 'unknown', 'healthy'];
  return order.find((s) => states.includes(s)) ?? 'unknown';
}

export function checkEcs(ctx: HealthContext, region: string, clusters: string[]): Promise<CheckResult> {
  return runCheck('ecs', ctx, async (signal) => {
    if (clusters.length === 0) {
      return { state: 'unknown', summary: 'no ECS cluster named in the runbook' };
    }
    const out = await send<DescribeClustersCommandOutput>(ctx, signal, 'ecs', region, 'DescribeClusters', { clusters });
    const found = out.clusters ?? [];
    const missing = (out.failures ?? []).map((f) => `${f.arn?.split('/').pop() ?? '?'} ${f.reason ?? ''}`.trim());
    const states = [...found.map(clusterState), ...missing.map((): HealthState => 'down')];
    const parts = found.map((c) => `${c.clusterName} ${c.status}, ${c.runningTasksCount ?? 0} running, ${c.pendingTasksCount ?? 0} pending`);
    return {
      state: worst(states),
      summary: [...parts, ...missing].join('; '),
      details: {
        clusters: found.map((c) => ({ name: c.clusterName, status: c.status, running: c.runningTasksCount, pending: c.pendingTasksCount, services: c.activeServicesCount })),
        missing,
      },
    };
  });
}

interface TargetCounts {
  name: string;
  healthy: number;
  unhealthy: number;
  other: Record<string, number>;
}

async function countTargets(ctx: HealthContext, signal: AbortSignal, region: string, arn: string, name: string): Promise<TargetCounts> {
  const out = await send<DescribeTargetHealthCommandOutput>(ctx, signal, 'elbv2', region, 'DescribeTargetHealth', { TargetGroupArn: arn });
  const counts: TargetCounts = { name, healthy: 0, unhealthy: 0, other: {} };
  for (const d of out.TargetHealthDescriptions ?? []) {
    const s = d.TargetHealth?.State ?? 'unknown';
    if (s === 'healthy') {
      counts.healthy++;
    } else {
      counts.unhealthy++;
      counts.other[s] = (counts.other[s] ?? 0) + 1;
    }
  }
  return counts;
}

function targetGroupState(c: TargetCounts): HealthState {
  if (c.healthy + c.unhealthy === 0 || c.healthy === 0) {
    return 'down';
  }
  return c.unhealthy > 0 ? 'degraded' : 'healthy';
}

export function checkAlb(ctx: HealthContext, region: string, targetGroupArns: string[]): Promise<CheckResult> {
  return runCheck('alb', ctx, async (signal) => {
    const input = targetGroupArns.length > 0 ? { TargetGroupArns: targetGroupArns } : {};
    const tgs = await send<DescribeTargetGroupsCommandOutput>(ctx, signal, 'elbv2', region, 'DescribeTargetGroups', input);
    const groups = (tgs.TargetGroups ?? []).filter((g) => g.TargetGroupArn);
    if (groups.length === 0) {
      // Named groups that are gone throw TargetGroupNotFound (down). None named and none there says nothing about an
      // outage; reading it as down would recommend "Initiate failover" for an estate without a load balancer.
      return targetGroupArns.length > 0 ? { state: 'down', summary: 'no target groups' } : { state: 'unknown', summary: 'no target group in the region (none named in the runbook)' };
    }
    const counts = await Promise.all(groups.map((g) => countTargets(ctx, signal, region, g.TargetGroupArn ?? '', g.TargetGroupName ?? '?')));
    const summary = counts.map((c) => `${c.name}: ${c.healthy}/${c.healthy + c.unhealthy} healthy${Object.entries(c.other).map(([s, n]) => `, ${n} ${s}`).join('')}`);
    return { state: worst(counts.map(targetGroupState)), summary: summary.join('; '), details: { targetGroups: counts } };
  });
}

export function checkDynamo(ctx: HealthContext, region: string, tables: string[]): Promise<CheckResult> {
  return runCheck('dynamodb', ctx, async (signal) => {
    if (tables.length === 0) {
      return { state: 'unknown', summary: 'no DynamoDB table named in the runbook' };
    }
    const results = await Promise.all(tables.map(async (name): Promise<TableDescription> => {
      try {
        return (await send<DescribeTableCommandOutput>(ctx, signal, 'dynamodb', region, 'DescribeTable', { TableName: name })).Table ?? { TableName: name };
      } catch (e) {
        if (isNotFound(e)) {
          return { TableName: name, TableStatus: 'MISSING' as TableDescription['TableStatus'] };
        }
        throw e;
      }
    }));
    const states = results.map((t): HealthState => {
      const replicasOk = (t.Replicas ?? []).every((r) => r.ReplicaStatus === 'ACTIVE');
      if (t.TableStatus === 'ACTIVE') {
        return replicasOk ? 'healthy' : 'degraded';
      }
      return t.TableStatus === 'UPDATING' ? 'degraded' : 'down';
    });
    const summary = results.map((t) => {
      const replicas = t.Replicas?.length ? `, replicas ${t.Replicas.map((r) => `${r.RegionName} ${r.ReplicaStatus}`).join(', ')}` : ', no replicas';
      return `${t.TableName} ${t.TableStatus ?? '?'}${replicas}`;
    });
    return {
      state: worst(states),
      summary: summary.join('; '),
      details: { tables: results.map((t) => ({ name: t.TableName, status: t.TableStatus, replicas: (t.Replicas ?? []).map((r) => ({ region: r.RegionName, status: r.ReplicaStatus })) })) },
    };
  });
}

export interface ReplicationInfo {
  source: string;
  destinations: string[];
}

/** The source bucket's replication configuration: Enabled rules -> healthy; none -> degraded; no bucket -> down. */
export function checkReplicationSource(ctx: HealthContext, region: string, bucket: string): Promise<CheckResult> {
  return runCheck('s3', ctx, async (signal) => {
    let out: GetBucketReplicationCommandOutput;
    try {
      out = await send<GetBucketReplicationCommandOutput>(ctx, signal, 's3api', region, 'GetBucketReplication', { Bucket: bucket });
    } catch (e) {
      if ((e as { name?: string }).name === 'ReplicationConfigurationNotFoundError') {
        return { state: 'degraded', summary: `${bucket}: no replication configuration`, details: { bucket, rules: [] } };
      }
      throw e;
    }
    const rules = out.ReplicationConfiguration?.Rules ?? [];
    const enabled = rules.filter((r) => r.Status === 'Enabled');
    const destinations = [...new Set(enabled.map((r) => (r.Destination?.Bucket ?? '').replace(/^arn:aws[\w-]*:s3:::/, '')).filter((b) => b !== ''))];
    return {
      state: enabled.length > 0 ? 'healthy' : 'degraded',
      summary: `${bucket}: replication ${enabled.length}/${rules.length} rules enabled${destinations.length ? ` -> ${destinations.join(', ')}` : ''}`,
      details: { bucket, rules: rules.map((r) => ({ id: r.ID, status: r.Status, destination: r.Destination?.Bucket })), destinations },
    };
  });
}

/** A replica (destination) bucket: exists with versioning Enabled -> healthy. */
export function checkReplicaBucket(ctx: HealthContext, region: string, bucket: string | undefined, why?: string): Promise<CheckResult> {
  return runCheck('s3', ctx, async (signal) => {
    if (!bucket) {
      return { state: 'unknown', summary: why ?? 'no bucket for this region' };
    }
    const out = await send<GetBucketVersioningCommandOutput>(ctx, signal, 's3api', region, 'GetBucketVersioning', { Bucket: bucket });
    const ok = out.Status === 'Enabled';
    return { state: ok ? 'healthy' : 'degraded', summary: `${bucket}: replica, versioning ${out.Status ?? 'off'}`, details: { bucket, versioning: out.Status ?? null } };
  });
}
