import type { RunbookOutline } from '../runbook/model';
import type { DecisionRow, DnsHealth, RegionHealth } from './types';

type Situation = 'outage' | 'ecs' | 'partial';

const ROW_PATTERNS: Record<Situation, RegExp[]> = {
  outage: [/complete|total|full/i, /outage|down|unavailable|unreachable/i],
  // Not a bare "cluster": "RDS cluster failure" is not an ECS row.
  ecs: [/\becs\b|container|fargate/i],
  partial: [/partial|degrad/i],
};

/** A row about the DR side ("DR region unavailable", "Secondary region degraded") says nothing about the primary. */
function aboutDrOnly(scenario: string): boolean {
  return /\b(dr|secondary|failback)\b/i.test(scenario) && !/primary/i.test(scenario);
}

function findRow(matrix: RunbookOutline['decisionMatrix'], situation: Situation): { scenario: string; action: string } | undefined {
  const patterns = ROW_PATTERNS[situation];
  const scored = matrix
    .filter((row) => !aboutDrOnly(row.scenario))
    .map((row) => ({ row, score: patterns.filter((p) => p.test(row.scenario)).length + (/primary/i.test(row.scenario) ? 0.5 : 0) }))
    .filter((x) => x.score >= 1 && !(situation === 'outage' && /partial|degrad/i.test(x.row.scenario)));
  scored.sort((a, b) => b.score - a.score);
  return scored[0]?.row;
}

/** What the primary region's checks say, as one of the matrix's situations (undefined when healthy). */
function situationOf(primary: RegionHealth): { situation: Situation; reason: string } | undefined {
  const failing = primary.checks.filter((c) => c.state !== 'healthy' && c.state !== 'unknown');
  const list = failing.map((c) => `${c.check} ${c.state}`).join(', ');
  if (primary.state === 'unreachable') {
    return { situation: 'outage', reason: `${primary.region} did not answer (${list})` };
  }
  if (primary.state === 'down') {
    const albDown = failing.some((c) => c.check === 'alb' && c.state === 'down');
    return { situation: albDown ? 'outage' : 'ecs', reason: `${primary.region} down (${list})` };
  }
  if (primary.state === 'degraded') {
    return { situation: 'partial', reason: `${primary.region} degraded (${list})` };
  }
  return undefined;
}

/** The Failover Decision Matrix row that matches what was observed in the primary region. */
export function chooseDecision(matrix: RunbookOutline['decisionMatrix'], regions: RegionHealth[]): DecisionRow | undefined {
  const primary = regions.find((r) => r.role === 'primary');
  const s = primary ? situationOf(primary) : undefined;
  if (!s) {
    return undefined;
  }
  const row = findRow(matrix, s.situation) ?? (s.situation === 'ecs' ? findRow(matrix, 'outage') : undefined);
  return row ? { ...row, reason: s.reason } : undefined;
}

/** Plain-language warnings beside the decision. */
export function healthNotes(regions: RegionHealth[], dns: DnsHealth | undefined, decision: DecisionRow | undefined): string[] {
  const notes: string[] = [];
  const primary = regions.find((r) => r.role === 'primary');
  const dr = regions.find((r) => r.role === 'dr');
  if (dr && dr.state !== 'healthy') {
    notes.push(`DR region ${dr.region} is ${dr.state}: check it before failing over.`);
  }
  if (dns?.primaryPointsTo && dr && dns.primaryPointsTo === dr.region) {
    notes.push(`${dns.name} already points at the DR region ${dr.region} (failover in effect).`);
  } else if (dns?.primaryPointsTo && primary && dns.primaryPointsTo !== primary.region) {
    notes.push(`${dns.name} PRIMARY points at ${dns.primaryPointsTo}, not ${primary.region}.`);
  }
  if (!decision && primary && primary.state !== 'healthy' && primary.state !== 'unknown') {
    notes.push(`No Failover Decision Matrix row matches: primary ${primary.region} is ${primary.state}.`);
  }
  return notes;
}
