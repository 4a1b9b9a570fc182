import type { AwsClientPool } from '../aws/clients';
import { NULL_LOGGER, type Logger } from '../logger';
import type { RunbookOutline } from '../runbook/model';
import type { Settings } from '../settings';
import type { HealthContext } from './call';
import { chooseDecision, healthNotes } from './decision';
import { checkFailoverRecords, dnsHealth, resolveThrough } from './dnsCheck';
import { checkAlb, checkDynamo, checkEcs, checkReplicaBucket, checkReplicationSource } from './regionChecks';
import type { HealthTargets } from './targets';
import type { CheckResult, DnsHealth, HealthReport, HealthState, RegionHealth } from './types';

export interface HealthRequest {
  outline: RunbookOutline;
  targets: HealthTargets;
  settings: Settings;
  pool: Pick<AwsClientPool, 'client'>;
  logger?: Logger;
  signal?: AbortSignal;
}

/** Primary and DR from the runbook's DR Strategy, else from settings. */
export function regionsToCheck(outline: RunbookOutline, settings: Settings): { region: string; role: 'primary' | 'dr' }[] {
  const primary = outline.regions.primary || settings.regions.primary;
  const dr = outline.regions.dr || settings.regions.dr;
  return [
    ...(primary ? [{ region: primary, role: 'primary' as const }] : []),
    ...(dr && dr !== primary ? [{ region: dr, role: 'dr' as const }] : []),
  ];
}

/** A check with no answer after one attempt's connect + request timeouts reads unreachable. */
export function healthDeadlineMs(aws: Settings['aws']): number {
  return aws.connectTimeoutMs + aws.requestTimeoutMs;
}

/** healthy < degraded < down; unreachable when nothing answered; unknown checks do not count. */
export function regionState(checks: CheckResult[]): HealthState {
  const known = checks.filter((c) => c.state !== 'unknown');
  if (known.length === 0) {
    return 'unknown';
  }
  if (known.every((c) => c.state === 'unreachable')) {
    return 'unreachable';
  }
  if (known.some((c) => c.state === 'down' && (c.check === 'ecs' || c.check === 'alb'))) {
    return 'down';
  }
  return known.some((c) => c.state !== 'healthy') ? 'degraded' : 'healthy';
}

function s3Checks(ctx: HealthContext, req: HealthRequest, regions: { region: string; role: string }[]): Map<string, Promise<CheckResult>> {
  const primary = regions.find((r) => r.role === 'primary')?.region;
  const out = new Map<string, Promise<CheckResult>>();
  const byRegion = new Map<string, string>();
  for (const b of req.targets.buckets) {
    const region = b.region ?? primary;
    if (region && !byRegion.has(region)) {
      byRegion.set(region, b.name);
    }
  }
  for (const { region } of regions) {
    const bucket = byRegion.get(region);
    if (bucket) {
      out.set(region, checkReplicationSource(ctx, region, bucket));
    }
  }
  for (const { region } of regions) {
    if (!out.has(region)) {
      const sources = [...out.values()];
      out.set(region, Promise.all(sources).then((results) => {
        const dest = results.flatMap((r) => ((r.details?.destinations as string[] | undefined) ?? []))[0];
        const why = sources.length === 0 ? 'no S3 bucket named in the runbook' : 'replica bucket unknown (the source bucket did not answer)';
        return checkReplicaBucket(ctx, region, dest, why);
      }));
    }
  }
  return out;
}

async function checkRegion(ctx: HealthContext, req: HealthRequest, r: { region: string; role: 'primary' | 'dr' }, s3: Promise<CheckResult>): Promise<RegionHealth> {
  const t = req.targets;
  const checks = await Promise.all([
    checkEcs(ctx, r.region, t.clusters),
    checkAlb(ctx, r.region, t.targetGroupArns.filter((arn) => arn.split(':')[3] === r.region)),
    checkDynamo(ctx, r.region, t.tables),
    s3,
  ]);
  return { region: r.region, role: r.role, state: regionState(checks), latencyMs: Math.max(0, ...checks.map((c) => c.latencyMs)), checks };
}

async function checkDns(ctx: HealthContext, req: HealthRequest): Promise<DnsHealth | undefined> {
  const name = req.targets.dnsName;
  if (!name) {
    return undefined;
  }
  const servers = req.settings.dns.servers;
  const [check, answers] = await Promise.all([
    checkFailoverRecords(ctx, name, req.targets.hostedZoneId),
    servers.length > 0 ? resolveThrough(name, servers, Math.min(req.settings.dns.timeoutMs, ctx.deadlineMs), ctx.signal) : Promise.resolve(undefined),
  ]);
  return dnsHealth(name, check, answers);
}

/** Every read-only check of both regions and the failover name, concurrently; never throws, never hangs past the deadline. */
export async function evaluateHealth(req: HealthRequest): Promise<HealthReport> {
  const started = Date.now();
  const ctx: HealthContext = {
    pool: req.pool,
    profile: req.settings.aws.profile || undefined,
    deadlineMs: healthDeadlineMs(req.settings.aws),
    logger: req.logger ?? NULL_LOGGER,
    signal: req.signal,
  };
  const regions = regionsToCheck(req.outline, req.settings);
  const s3 = s3Checks(ctx, req, regions);
  const [results, dns] = await Promise.all([
    Promise.all(regions.map((r) => checkRegion(ctx, req, r, s3.get(r.region) as Promise<CheckResult>))),
    checkDns(ctx, req),
  ]);
  const decision = chooseDecision(req.outline.decisionMatrix, results);
  const notes = healthNotes(results, dns, decision);
  if (regions.length === 0) {
    notes.push('No regions: name them in the DR Strategy section, or set runbooks.regions.primary / runbooks.regions.dr.');
  }
  return { time: new Date(started).toISOString(), durationMs: Date.now() - started, regions: results, dns, decision, notes };
}
