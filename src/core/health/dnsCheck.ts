import type {
  GetHealthCheckStatusCommandOutput,
  ListHostedZonesCommandOutput,
  ListResourceRecordSetsCommandOutput,
  ResourceRecordSet,
} from '@aws-sdk/client-route-53';
import { runDig } from '../dns/dig';
import { errorMessage } from '../errors';
import { type HealthContext, runCheck, send } from './call';
import type { CheckResult, DnsHealth, FailoverRecord } from './types';

/** Route 53 is global; its API lives in us-east-1. */
export const ROUTE53_REGION = 'us-east-1';

const REGION_IN_NAME = /\b((?:af|ap|ca|cn|eu|il|me|mx|sa|us)(?:-gov)?-[a-z]+-\d)\b/;

/** The region a target name points into ("bbws-alb-1.af-south-1.elb.amazonaws.com" -> af-south-1). */
export function regionOf(target: string): string | undefined {
  return REGION_IN_NAME.exec(target)?.[1];
}

function fqdn(name: string): string {
  return name.endsWith('.') ? name : `${name}.`;
}

async function findZone(ctx: HealthContext, signal: AbortSignal, name: string): Promise<string | undefined> {
  const out = await send<ListHostedZonesCommandOutput>(ctx, signal, 'route53', ROUTE53_REGION, 'ListHostedZones', {});
  const want = fqdn(name);
  const zones = (out.HostedZones ?? []).filter((z) => z.Name && (want === z.Name || want.endsWith(`.${z.Name}`)));
  zones.sort((a, b) => (b.Name?.length ?? 0) - (a.Name?.length ?? 0));
  return zones[0]?.Id?.replace(/^\/hostedzone\//, '');
}

async function healthCheckStatus(ctx: HealthContext, signal: AbortSignal, id: string): Promise<string | undefined> {
  try {
    const out = await send<GetHealthCheckStatusCommandOutput>(ctx, signal, 'route53', ROUTE53_REGION, 'GetHealthCheckStatus', { HealthCheckId: id });
    return out.HealthCheckObservations?.[0]?.StatusReport?.Status;
  } catch {
    return undefined;
  }
}

async function toRecord(ctx: HealthContext, signal: AbortSignal, r: ResourceRecordSet): Promise<FailoverRecord> {
  const target = r.AliasTarget?.DNSName ?? (r.ResourceRecords ?? []).map((v) => v.Value).join(', ');
  return {
    name: r.Name ?? '',
    type: r.Type ?? '',
    setIdentifier: r.SetIdentifier,
    failover: r.Failover,
    target: target.replace(/\.$/, ''),
    region: regionOf(target) ?? r.Region,
    healthCheckId: r.HealthCheckId,
    healthCheckStatus: r.HealthCheckId ? await healthCheckStatus(ctx, signal, r.HealthCheckId) : undefined,
  };
}

/** Which record of the failover name is PRIMARY, where it points, and whether its health check passes. */
export function checkFailoverRecords(ctx: HealthContext, name: string, zoneId?: string): Promise<CheckResult> {
  return runCheck('dns', ctx, async (signal) => {
    const zone = zoneId ?? (await findZone(ctx, signal, name));
    if (!zone) {
      return { state: 'unknown', summary: `no hosted zone holds ${name}` };
    }
    const out = await send<ListResourceRecordSetsCommandOutput>(ctx, signal, 'route53', ROUTE53_REGION, 'ListResourceRecordSets', {
      HostedZoneId: zone,
      StartRecordName: fqdn(name),
    });
    const sets = (out.ResourceRecordSets ?? []).filter((r) => r.Name === fqdn(name));
    const records = await Promise.all(sets.map((r) => toRecord(ctx, signal, r)));
    const primary = records.find((r) => r.failover === 'PRIMARY') ?? (records.length === 1 ? records[0] : undefined);
    if (!primary) {
      return { state: records.length ? 'unknown' : 'down', summary: records.length ? 'no PRIMARY failover record' : `no record for ${name}`, details: { zoneId: zone, records } };
    }
    const failing = primary.healthCheckStatus !== undefined && !/^Success/i.test(primary.healthCheckStatus);
    return {
      state: failing ? 'degraded' : 'healthy',
      summary: `PRIMARY -> ${primary.target}${primary.region ? ` (${primary.region})` : ''}${failing ? ', health check failing' : ''}`,
      details: { zoneId: zone, records, primaryPointsTo: primary.region },
    };
  });
}

/** What each configured DNS server answers for the name (A records): `dig @server name +short`, through core/dns. */
export async function resolveThrough(name: string, servers: string[], timeoutMs: number, signal?: AbortSignal): Promise<NonNullable<DnsHealth['answers']>> {
  return Promise.all(servers.map(async (server) => {
    try {
      const { json } = await runDig({ name, type: 'A', server, short: true, answerOnly: false, notes: [] }, { timeoutMs, signal });
      const addresses = json.answer.filter((a) => a.type === 'A').map((a) => a.value);
      return json.status === 'NOERROR' ? { server, addresses } : { server, addresses, error: json.status };
    } catch (e) {
      return { server, addresses: [], error: errorMessage(e) };
    }
  }));
}

/** The DNS part of the report from the Route 53 check (and the resolver answers, when servers are configured). */
export function dnsHealth(name: string, check: CheckResult, answers?: DnsHealth['answers']): DnsHealth {
  const d = (check.details ?? {}) as { zoneId?: string; records?: FailoverRecord[]; primaryPointsTo?: string };
  return {
    name,
    zoneId: d.zoneId,
    state: check.state,
    latencyMs: check.latencyMs,
    summary: check.summary,
    records: d.records ?? [],
    primaryPointsTo: d.primaryPointsTo,
    answers,
    error: check.error,
  };
}
