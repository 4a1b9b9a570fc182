import type { CheckResult, DnsHealth, HealthReport, HealthState, RegionHealth } from '../health/types';
import type { TreeNodeModel } from './node';

/** What the Region Health view shows: the last report, and whether a refresh is under way. */
export interface HealthViewState {
  report?: HealthReport;
  refreshing: boolean;
  /** Why there is nothing to check (no regions, no runbook). */
  message?: string;
}

const LOOK: Record<HealthState, { icon: string; color?: string }> = {
  healthy: { icon: 'pass-filled', color: 'testing.iconPassed' },
  degraded: { icon: 'warning', color: 'list.warningForeground' },
  down: { icon: 'error', color: 'testing.iconFailed' },
  unreachable: { icon: 'debug-disconnect', color: 'testing.iconFailed' },
  unknown: { icon: 'question' },
};

const CHECK_LABEL: Record<CheckResult['check'], string> = {
  ecs: 'ECS',
  alb: 'Load balancer targets',
  dynamodb: 'DynamoDB',
  s3: 'S3 replication',
  dns: 'DNS',
};

function ms(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${n} ms`;
}

function checkNode(region: string, c: CheckResult): TreeNodeModel {
  return {
    id: `health:${region}:${c.check}`,
    label: CHECK_LABEL[c.check],
    description: `${c.state} · ${ms(c.latencyMs)} · ${c.summary}`,
    tooltip: `${CHECK_LABEL[c.check]} in ${region}: ${c.state} (${ms(c.latencyMs)})\n${c.summary}`,
    icon: LOOK[c.state].icon,
    iconColor: LOOK[c.state].color,
    contextValue: `healthCheck.${c.state}`,
  };
}

function pendingNode(region: string, check: CheckResult['check']): TreeNodeModel {
  return { id: `health:${region}:${check}`, label: CHECK_LABEL[check], description: 'checking…', icon: 'sync~spin', contextValue: 'healthCheck.pending' };
}

function regionNode(r: RegionHealth): TreeNodeModel {
  const pending = r.pending ?? [];
  const answered = r.checks.length > 0 ? `${r.state} so far` : 'checking…';
  return {
    id: `health:${r.region}`,
    label: `${r.region} (${r.role === 'primary' ? 'primary' : 'DR'})`,
    description: pending.length > 0 ? `${answered} · ${r.checks.length}/${r.checks.length + pending.length} answered` : `${r.state} · ${ms(r.latencyMs)}`,
    tooltip: `${r.region}: ${r.state}\n${r.checks.map((c) => `${CHECK_LABEL[c.check]}: ${c.state}, ${c.summary}`).join('\n')}`,
    icon: LOOK[r.state].icon,
    iconColor: LOOK[r.state].color,
    contextValue: `region.${r.state}`,
    expanded: r.state !== 'healthy' || pending.length > 0,
    children: [...r.checks.map((c) => checkNode(r.region, c)), ...pending.map((c) => pendingNode(r.region, c))],
  };
}

function dnsNode(d: DnsHealth): TreeNodeModel {
  const records = d.records.map((rec, i): TreeNodeModel => ({
    id: `health:dns:record:${i}`,
    label: `${rec.failover ?? rec.type} ${rec.setIdentifier ?? ''}`.trim(),
    description: `${rec.target}${rec.region ? ` (${rec.region})` : ''}${rec.healthCheckStatus ? ` · ${rec.healthCheckStatus.split(':')[0]}` : ''}`,
    icon: 'arrow-right',
  }));
  const answers = (d.answers ?? []).map((a, i): TreeNodeModel => ({
    id: `health:dns:answer:${i}`,
    label: `@${a.server}`,
    description: a.error ? `error ${a.error}` : a.addresses.join(', ') || 'no answer',
    icon: a.error ? 'error' : 'globe',
  }));
  return {
    id: 'health:dns',
    label: d.name,
    description: `${d.state} · ${ms(d.latencyMs)} · ${d.summary}`,
    tooltip: `${d.name}: ${d.summary}`,
    icon: LOOK[d.state].icon,
    iconColor: LOOK[d.state].color,
    contextValue: `dns.${d.state}`,
    children: [...records, ...answers],
  };
}

function decisionNode(report: HealthReport): TreeNodeModel {
  if (report.partial) {
    return { id: 'health:decision', label: 'Deciding: waiting for every check to answer', icon: 'sync~spin', contextValue: 'decision.pending' };
  }
  const d = report.decision;
  return {
    id: 'health:decision',
    label: d ? `${d.scenario}: ${d.action}` : 'No failover condition observed',
    description: d?.reason,
    tooltip: d ? `Failover Decision Matrix: ${d.scenario} -> ${d.action}\nObserved: ${d.reason}` : 'The primary region reads healthy.',
    icon: d ? (/failover/i.test(d.action) && !/no failover/i.test(d.action) ? 'flame' : 'eye') : 'pass',
    iconColor: d ? 'list.warningForeground' : 'testing.iconPassed',
    contextValue: 'decision',
  };
}

/** The Region Health view: the decision row first, then each region with its checks, the failover name, notes. */
export function healthTree(view: HealthViewState): TreeNodeModel[] {
  const busy: TreeNodeModel[] = view.refreshing && !view.report?.partial ? [{ id: 'health:refreshing', label: 'Checking…', icon: 'sync~spin' }] : [];
  if (!view.report) {
    const msg = view.message ?? (view.refreshing ? undefined : 'Not checked yet: refresh to check');
    return [...busy, ...(msg ? [{ id: 'health:message', label: msg, icon: 'info' }] : [])];
  }
  const r = view.report;
  const notes = r.notes.map((n, i): TreeNodeModel => ({ id: `health:note:${i}`, label: n, tooltip: n, icon: 'info' }));
  const footer: TreeNodeModel = {
    id: 'health:checked',
    label: r.partial ? `Checking since ${r.time.slice(11, 19)} UTC` : `Checked ${r.time.slice(11, 19)} UTC`,
    description: r.partial ? `${ms(r.durationMs)} so far` : `in ${ms(r.durationMs)}`,
    icon: 'history',
  };
  return [...busy, decisionNode(r), ...r.regions.map(regionNode), ...(r.dns ? [dnsNode(r.dns)] : []), ...notes, footer];
}

/** The readiness line: what `runbook check` found in the runbook (static while editing; live after Check Runbook). */
export function readinessNode(r: { errors: number; warnings: number; notes: number; live: boolean; time: string }, command: string): TreeNodeModel {
  const clean = r.errors === 0 && r.warnings === 0;
  const counts = clean ? 'ready' : [r.errors ? `${r.errors} error(s)` : '', r.warnings ? `${r.warnings} warning(s)` : ''].filter(Boolean).join(', ');
  return {
    id: 'health:readiness',
    label: `Readiness: ${counts}`,
    description: r.live ? `live, ${r.time.slice(11, 19)} UTC` : 'static: run Check Runbook for live',
    tooltip: 'What `runbook check` finds in this runbook; details in the Problems view.',
    icon: r.errors ? 'error' : r.warnings ? 'warning' : 'pass',
    iconColor: r.errors ? 'list.errorForeground' : r.warnings ? 'list.warningForeground' : 'testing.iconPassed',
    contextValue: 'readiness',
    command: { command, title: 'Check Runbook', arguments: [] },
  };
}
