import type { AwsClientPool } from '../aws/clients';
import { NULL_LOGGER, type Logger } from '../logger';
import type { RunbookOutline } from '../runbook/model';
import type { Settings } from '../settings';
import type { HealthContext } from './call';
import { PROBE_TIMEOUT_MS, probeEndpoint, probeUrl, unreachableSignal } from './probe';
import { chooseDecision, healthNotes } from './decision';
import { checkFailoverRecords, dnsHealth, resolveThrough } from './dnsCheck';
import { checkAlb, checkDynamo, checkEcs, checkReplicaBucket, checkReplicationSource } from './regionChecks';
import type { HealthTargets } from './targets';
import type { CheckName, CheckResult, DnsHealth, HealthReport, HealthState, RegionHealth } from './types';

export interface HealthRequest {
  outline: RunbookOutline;
  targets: HealthTargets;
  settings: Settings;
  pool: Pick<AwsClientPool, 'client'> & Partial<Pick<AwsClientPool, 'endpointFor'>>;
  logger?: Logger;
  signal?: AbortSignal;
  /** Called with a partial report (`partial: true`) each time one check answers. */
  onProgress?: (partial: HealthReport) => void;
}

type RegionRef = { region: string; role: 'primary' | 'dr' };

const REGION_CHECKS: CheckName[] = ['ecs', 'alb', 'dynamodb', 's3'];

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

function s3Checks(ctxs: Map<string, HealthContext>, req: HealthRequest, regions: RegionRef[]): Map<string, Promise<CheckResult>> {
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
      out.set(region, checkReplicationSource(ctxs.get(region) as HealthContext, region, bucket));
    }
  }
  for (const { region } of regions) {
    if (!out.has(region)) {
      const sources = [...out.values()];
      out.set(region, Promise.all(sources).then((results) => {
        const dest = results.flatMap((r) => ((r.details?.destinations as string[] | undefined) ?? []))[0];
        const why = sources.length === 0 ? 'no S3 bucket named in the runbook' : 'replica bucket unknown (the source bucket did not answer)';
        return checkReplicaBucket(ctxs.get(region) as HealthContext, region, dest, why);
      }));
    }
  }
  return out;
}

function regionHealth(r: RegionRef, checks: CheckResult[]): RegionHealth {
  return { region: r.region, role: r.role, state: regionState(checks), latencyMs: Math.max(0, ...checks.map((c) => c.latencyMs)), checks };
}

/** Collects answers as they come and hands out partial reports (checks in a fixed order, the rest pending). */
class Progress {
  private readonly answered = new Map<string, CheckResult[]>();
  private dns: DnsHealth | undefined;

  constructor(private readonly regions: RegionRef[], private readonly started: number, private readonly emit?: (r: HealthReport) => void) {}

  check(region: string, p: Promise<CheckResult>): Promise<CheckResult> {
    return p.then((c) => {
      this.answered.set(region, [...(this.answered.get(region) ?? []), c]);
      this.emit?.(this.snapshot());
      return c;
    });
  }

  dnsDone(d: DnsHealth | undefined): DnsHealth | undefined {
    this.dns = d;
    this.emit?.(this.snapshot());
    return d;
  }

  private snapshot(): HealthReport {
    const regions = this.regions.map((r) => {
      const got = this.answered.get(r.region) ?? [];
      const checks = REGION_CHECKS.flatMap((name) => got.filter((c) => c.check === name));
      const pending = REGION_CHECKS.filter((name) => !got.some((c) => c.check === name));
      return { ...regionHealth(r, checks), ...(pending.length > 0 ? { pending } : {}) };
    });
    return { time: new Date(this.started).toISOString(), durationMs: Date.now() - this.started, regions, dns: this.dns, notes: [], partial: true };
  }
}

/** The region's context: its checks end as unreachable as soon as the reachability probe gets no answer. */
function regionContext(ctx: HealthContext, req: HealthRequest, region: string): HealthContext {
  const timeout = Math.min(PROBE_TIMEOUT_MS, ctx.deadlineMs);
  const url = probeUrl(region, req.pool.endpointFor?.({ region, profile: ctx.profile }));
  return { ...ctx, unreachable: unreachableSignal(probeEndpoint(url, timeout, ctx.signal), region, timeout) };
}

async function checkRegion(ctx: HealthContext, req: HealthRequest, r: RegionRef, s3: Promise<CheckResult>, progress: Progress): Promise<RegionHealth> {
  const t = req.targets;
  const checks = await Promise.all([
    progress.check(r.region, checkEcs(ctx, r.region, t.clusters)),
    progress.check(r.region, checkAlb(ctx, r.region, t.targetGroupArns.filter((arn) => arn.split(':')[3] === r.region))),
    progress.check(r.region, checkDynamo(ctx, r.region, t.tables)),
    progress.check(r.region, s3),
  ]);
  return regionHealth(r, checks);
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

/**
 * Every read-only check of both regions and the failover name, concurrently; never throws, never hangs past the
 * deadline. Each answer is handed to `onProgress` as it comes; a region whose probe gets no answer ends early.
 */
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
  const ctxs = new Map(regions.map((r) => [r.region, regionContext(ctx, req, r.region)]));
  const s3 = s3Checks(ctxs, req, regions);
  const progress = new Progress(regions, started, req.onProgress);
  const [results, dns] = await Promise.all([
    Promise.all(regions.map((r) => checkRegion(ctxs.get(r.region) as HealthContext, req, r, s3.get(r.region) as Promise<CheckResult>, progress))),
    checkDns(ctx, req).then((d) => progress.dnsDone(d)),
  ]);
  const decision = chooseDecision(req.outline.decisionMatrix, results);
  const notes = healthNotes(results, dns, decision);
  if (regions.length === 0) {
    notes.push('No regions: name them in the DR Strategy section, or set runbooks.regions.primary / runbooks.regions.dr.');
  }
  return { time: new Date(started).toISOString(), durationMs: Date.now() - started, regions: results, dns, decision, notes };
}
