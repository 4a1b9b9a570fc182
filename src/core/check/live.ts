/**
 * `runbook check --live`: read-only checks against the runbook's regions. Each region is asked who we are
 * first (bounded by the deadline): a region that does not answer is one finding, and nothing else is tried
 * there, so a dead region costs one deadline, never a hang. Then every resource the cells name, the DR
 * region's capacity, and IAM (not checked where the endpoint cannot simulate policies).
 */
import type { StaticReport } from './check';
import { type CellFinding, compareFindings, type Finding, rangeOf } from './finding';
import { readCall, type LiveContext } from './liveCall';
import { SERVICE_CHECKS, type UseTarget } from './liveResources';
import { simulateIam } from './liveIam';
import { route53 } from './liveRoute53';
import { cellPlacements, locate } from './locate';
import { rule } from './rules';

export interface LiveOptions extends LiveContext {
  file: string;
  /** Region of commands that name none (settings, frontmatter `region`). */
  defaultRegion?: string;
}

export interface RegionProbe {
  region: string;
  reachable: boolean;
  ms: number;
}

export interface LiveReport {
  findings: Finding[];
  regions: RegionProbe[];
  ms: number;
}

const GLOBAL = new Set(['route53', 'sts']);

function regionOf(report: StaticReport, use: StaticReport['uses'][number], opts: LiveOptions): string | undefined {
  const fm = report.outline.frontmatter.region;
  return use.region ?? opts.defaultRegion ?? (typeof fm === 'string' ? fm : undefined) ?? (GLOBAL.has(use.service) ? 'us-east-1' : undefined);
}

/** A finding with no cell: placed on the file's first line. */
function fileFinding(id: string, message: string): CellFinding & { cell: number } {
  const r = rule(id);
  return { severity: r.severity, rule: id, message, why: r.why, helpUri: r.helpUri, cell: -1, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
}

async function probe(opts: LiveOptions, region: string): Promise<{ probe: RegionProbe; arn?: string; callerArn?: string; error?: string }> {
  const r = await readCall<{ Arn?: string; Account?: string }>(opts, 'sts', region, 'GetCallerIdentity', {});
  if (r.ok) {
    return { probe: { region, reachable: true, ms: r.ms }, arn: `${r.value.Arn ?? '?'} (account ${r.value.Account ?? '?'})`, callerArn: r.value.Arn };
  }
  return { probe: { region, reachable: r.kind !== 'unreachable', ms: r.ms }, error: `${r.name}: ${r.message}` };
}

export async function liveChecks(report: StaticReport, opts: LiveOptions): Promise<LiveReport> {
  const started = Date.now();
  const { primary, dr } = report.outline.regions;
  const uses = report.uses.map((use) => ({ use, region: regionOf(report, use, opts) }));
  const regions = [...new Set([primary, dr, ...uses.map((u) => u.region)].filter((r): r is string => !!r))];
  const probes = await Promise.all(regions.map((r) => probe(opts, r)));
  const dead = new Set(probes.filter((p) => !p.probe.reachable).map((p) => p.probe.region));
  const out: CellFinding[] = [];
  const who = probes.find((p) => p.arn);
  out.push(fileFinding('live-identity', who ? `Live checks ran as ${who.arn}.` : 'No region told who the caller is.'));
  for (const p of probes.filter((x) => !x.probe.reachable || x.error)) {
    const first = uses.find((u) => u.region === p.probe.region && u.use.regionWord);
    const id = p.probe.reachable ? 'live-call-failed' : 'live-unreachable';
    const message = `${p.probe.region} did not answer${p.probe.reachable ? ' correctly' : ''} within ${opts.deadlineMs} ms (${p.error ?? ''}); its steps were not checked.`;
    const f = fileFinding(id, message);
    if (first?.use.regionWord) {
      const source = report.doc.cells[first.use.cell].source;
      out.push({ ...f, cell: first.use.cell, range: rangeOf(source, first.use.regionWord.start, first.use.regionWord.end) });
    } else {
      out.push(f);
    }
  }
  const checks = uses
    .filter((u): u is { use: typeof u.use; region: string } => !!u.region && !dead.has(u.region))
    .map(async ({ use, region }) => {
      const t: UseTarget = { use, region, drRegion: dr, dead, source: report.doc.cells[use.cell].source };
      const fn = use.service === 'route53' ? route53 : SERVICE_CHECKS[use.service];
      await fn?.(opts, t, out);
    });
  await Promise.all(checks);
  if (dr && !dead.has(dr)) {
    out.push(...(await drCapacity(report, opts, dr)));
  }
  const caller = probes.find((p) => p.callerArn)?.callerArn;
  if (caller) {
    out.push(...(await simulateIam(opts, caller, report.uses, (cell) => report.doc.cells[cell].source)));
  } else {
    out.push(fileFinding('live-iam-not-checked', 'IAM permissions not checked: no region told who the caller is.'));
  }
  const placements = cellPlacements(report.doc);
  const findings = out.map((f) => (f.cell < 0 ? { ...locate(opts.file, [], f), cell: undefined, range: undefined } : locate(opts.file, placements, f)));
  return { findings: findings.sort(compareFindings), regions: probes.map((p) => p.probe), ms: Date.now() - started };
}

interface Service {
  serviceName?: string;
  desiredCount?: number;
}

/** The DR region can take the traffic: its ECS services want tasks, its target groups have healthy targets. */
async function drCapacity(report: StaticReport, opts: LiveOptions, dr: string): Promise<CellFinding[]> {
  const out: CellFinding[] = [];
  const clusters = new Set(report.uses.flatMap((u) => [u.input.clusters, u.input.cluster].flat()).filter((c): c is string => typeof c === 'string'));
  for (const cluster of clusters) {
    const list = await readCall<{ serviceArns?: string[] }>(opts, 'ecs', dr, 'ListServices', { cluster });
    const arns = list.ok ? (list.value.serviceArns ?? []) : [];
    if (arns.length === 0) {
      out.push(fileFinding('live-dr-capacity', `ECS cluster ${cluster} in ${dr} runs no service${list.ok ? '' : ` (${list.name})`}.`));
      continue;
    }
    const d = await readCall<{ services?: Service[] }>(opts, 'ecs', dr, 'DescribeServices', { cluster, services: arns.slice(0, 10) });
    const idle = d.ok ? (d.value.services ?? []).filter((s) => (s.desiredCount ?? 0) === 0) : [];
    idle.forEach((s) => out.push(fileFinding('live-dr-capacity', `ECS service ${s.serviceName} in ${cluster} (${dr}) wants 0 tasks: scale it up before failing over.`)));
  }
  const tgs = await readCall<{ TargetGroups?: { TargetGroupArn?: string; TargetGroupName?: string }[] }>(opts, 'elbv2', dr, 'DescribeTargetGroups', {});
  for (const tg of tgs.ok ? (tgs.value.TargetGroups ?? []) : []) {
    const h = await readCall<{ TargetHealthDescriptions?: { TargetHealth?: { State?: string } }[] }>(opts, 'elbv2', dr, 'DescribeTargetHealth', { TargetGroupArn: tg.TargetGroupArn });
    const healthy = h.ok ? (h.value.TargetHealthDescriptions ?? []).filter((x) => x.TargetHealth?.State === 'healthy').length : 0;
    if (h.ok && healthy === 0) {
      out.push(fileFinding('live-dr-capacity', `Target group ${tg.TargetGroupName} in ${dr} has no healthy target.`));
    }
  }
  return out;
}
