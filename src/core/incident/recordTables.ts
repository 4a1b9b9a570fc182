/**
 * The tables of the incident record's header: timeline, phases against their budgets, variables. Pure text.
 */
import type { ExecutionSummary, RunbookOutline } from '../runbook/model';
import type { ExecutionEvent, SessionEvent, TickEvent, VariableEvent } from '../session/events';
import { cellText } from '../runbook/tableCell';
import { REDACTED } from './redact';

export function formatMs(ms: number): string {
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  const s = ms / 1000;
  if (s < 60) {
    return `${s.toFixed(1)} s`;
  }
  const m = Math.floor(s / 60);
  const rest = Math.round(s - m * 60);
  return m < 60 ? `${m} min ${rest} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** `2026-11-29 03:12:45Z` from an ISO-8601 time; the text itself when it does not parse. */
export function utcText(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** The title of the phase a cell belongs to (its heading or one of its cells). */
export function phaseOf(outline: RunbookOutline, cellIndex: number): string | undefined {
  return outline.phases.find((p) => p.cellIndexes.includes(cellIndex) || p.headingCell === cellIndex)?.title;
}

/** `ok`, or `FAILED`, with the exit code when there is one. */
export function resultText(x: ExecutionSummary): string {
  return `${x.success ? 'ok' : 'FAILED'}${x.exitCode !== undefined ? ` (exit ${x.exitCode})` : ''}`;
}

function executionRow(e: ExecutionEvent, outline: RunbookOutline): string {
  const x = e.execution;
  const lines = e.source.split('\n').filter((l) => l.trim() !== '');
  const firstLine = (lines.find((l) => !l.trim().startsWith('#')) ?? lines[0] ?? '').replace(/\s*\\$/, '');
  const what = [phaseOf(outline, e.cellIndex), `cell ${e.cellIndex}`].filter(Boolean).join(', ');
  const where = [x.region, x.runner].filter(Boolean).join(', ');
  return `| ${utcText(x.startTime)} | ${formatMs(x.durationMs)} | ${cellText(what)}: ${cellText(firstLine, 80)} | ${cellText(where)} | ${resultText(x)} |`;
}

function tickRow(e: TickEvent, outline: RunbookOutline): string {
  const section = outline.checklists.find((c) => c.items.some((it) => it.cellIndex === e.cellIndex))?.section;
  const what = `${e.checked ? 'ticked' : 'unticked'}${section ? ` (${section})` : ''}: ${e.text}`;
  return `| ${utcText(e.time)} |  | ${cellText(what)} |  | by ${cellText(e.by)} |`;
}

/** Every execution and every tick, in time order. */
export function timelineTable(events: readonly SessionEvent[], outline: RunbookOutline): string[] {
  const rows = events
    .filter((e): e is ExecutionEvent | TickEvent => e.type === 'execution' || e.type === 'tick')
    .map((e) => ({ at: e.type === 'execution' ? e.execution.startTime : e.time, row: e.type === 'execution' ? executionRow(e, outline) : tickRow(e, outline) }))
    .sort((a, b) => a.at.localeCompare(b.at));
  if (rows.length === 0) {
    return ['No cell was run and no box was ticked.'];
  }
  return ['| Time (UTC) | Duration | What | Where | Result |', '|---|---|---|---|---|', ...rows.map((r) => r.row)];
}

export interface PhaseTiming {
  title: string;
  budgetMinutes?: number;
  /** Undefined when no cell of the phase ran. */
  tookMs?: number;
  failed: boolean;
}

/** Per phase: from its first execution's start to its last execution's end. */
export function phaseTimings(events: readonly SessionEvent[], outline: RunbookOutline): PhaseTiming[] {
  const executions = events.filter((e): e is ExecutionEvent => e.type === 'execution');
  return outline.phases.map((p) => {
    const mine = executions.filter((e) => p.cellIndexes.includes(e.cellIndex));
    if (mine.length === 0) {
      return { title: p.title, budgetMinutes: p.budgetMinutes, failed: false };
    }
    const start = Math.min(...mine.map((e) => Date.parse(e.execution.startTime)));
    const end = Math.max(...mine.map((e) => Date.parse(e.execution.startTime) + e.execution.durationMs));
    const last = new Map(mine.map((e) => [e.cellIndex, e.execution.success]));
    return { title: p.title, budgetMinutes: p.budgetMinutes, tookMs: end - start, failed: [...last.values()].some((ok) => !ok) };
  });
}

function verdict(t: PhaseTiming): string {
  if (t.tookMs === undefined) {
    return 'not run';
  }
  const state = t.failed ? 'failed' : 'done';
  if (t.budgetMinutes === undefined) {
    return state;
  }
  return `${state}, ${t.tookMs <= t.budgetMinutes * 60_000 ? 'within budget' : 'OVER BUDGET'}`;
}

export function phaseTable(timings: readonly PhaseTiming[]): string[] {
  if (timings.length === 0) {
    return ['The runbook has no phases.'];
  }
  return [
    '| Phase | Budget | Took | Verdict |',
    '|---|---|---|---|',
    ...timings.map((t) => `| ${cellText(t.title)} | ${t.budgetMinutes === undefined ? '' : `${t.budgetMinutes} min`} | ${t.tookMs === undefined ? '' : formatMs(t.tookMs)} | ${verdict(t)} |`),
  ];
}

/** The RTO line: time from the incident's start to its end against the runbook's RTO. */
export function rtoLine(outline: RunbookOutline, elapsedMs: number): string {
  if (!outline.rto) {
    return `Elapsed: ${formatMs(elapsedMs)}. The runbook states no RTO.`;
  }
  const within = elapsedMs <= outline.rto.minutes * 60_000;
  return `RTO ${cellText(outline.rto.text)}: elapsed ${formatMs(elapsedMs)}, **${within ? 'within RTO' : 'RTO EXCEEDED'}**.`;
}

/** The last value of each variable used; secret ones as [REDACTED]. */
export function variableTable(events: readonly SessionEvent[]): string[] {
  const last = new Map<string, VariableEvent>();
  for (const e of events) {
    if (e.type === 'variable') {
      last.set(e.name, e);
    }
  }
  if (last.size === 0) {
    return ['No variable was recorded.'];
  }
  const rows = [...last.values()].sort((a, b) => a.name.localeCompare(b.name));
  return [
    '| Name | Value | Source |',
    '|---|---|---|',
    ...rows.map((v) => `| ${cellText(v.name)} | ${v.secret ? REDACTED : cellText(v.value ?? '', 200)} | ${v.source} |`),
  ];
}
