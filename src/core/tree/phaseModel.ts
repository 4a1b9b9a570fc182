import type { ExecutionSummary, Phase, RunbookOutline } from '../runbook/model';
import type { SessionEvent } from '../session/events';
import { type Clock, formatDuration, formatMinutes, type TreeNodeModel } from './node';

/** What is known about the last run of one code cell. */
export interface CellRun {
  state: 'running' | 'done' | 'failed';
  startMs: number;
  /** Absent while running. */
  endMs?: number;
}

export type CellRuns = ReadonlyMap<number, CellRun>;

export type PhaseState = 'not-started' | 'running' | 'done' | 'failed';

/** Where a phase stands: the Phases view's rows and a record's outline (outlineState.ts) both carry it. */
export interface PhaseProgress {
  state: PhaseState;
  /** From the first start of its cells to the last end (or now while in progress). */
  elapsedMs?: number;
  overBudget: boolean;
  cellsDone: number;
  cellsTotal: number;
}

export interface PhaseStatus extends PhaseProgress {
  title: string;
  level: number;
  headingCell: number;
  budgetMinutes?: number;
}

export interface IncidentClock {
  /** From the first execution, else the session start; absent before either. */
  startMs?: number;
  elapsedMs: number;
  rtoMinutes?: number;
  overRto: boolean;
}

export interface PhasesModel {
  clock: IncidentClock;
  phases: PhaseStatus[];
}

/** A persisted ExecutionSummary (a record, or VS Code's cell executionSummary mapped to it) as a CellRun. */
export function runFromSummary(summary: ExecutionSummary | undefined): CellRun | undefined {
  const start = summary ? Date.parse(summary.startTime) : NaN;
  if (!summary || Number.isNaN(start)) {
    return undefined;
  }
  return { state: summary.success ? 'done' : 'failed', startMs: start, endMs: start + Math.max(0, summary.durationMs) };
}

/** The last run of each cell from a document's persisted executions. */
export function runsFromCells(cells: readonly { execution?: ExecutionSummary }[]): Map<number, CellRun> {
  const runs = new Map<number, CellRun>();
  cells.forEach((cell, i) => {
    const run = runFromSummary(cell.execution);
    if (run) {
      runs.set(i, run);
    }
  });
  return runs;
}

/** The last run of each cell from a session's ExecutionEvents (later events win). */
export function runsFromEvents(events: readonly SessionEvent[]): Map<number, CellRun> {
  const runs = new Map<number, CellRun>();
  for (const e of events) {
    if (e.type === 'execution') {
      const run = runFromSummary(e.execution);
      if (run) {
        runs.set(e.cellIndex, run);
      }
    }
  }
  return runs;
}

function phaseState(runs: CellRun[], total: number): PhaseState {
  if (runs.length === 0) {
    return 'not-started';
  }
  if (runs.some((r) => r.state === 'running')) {
    return 'running';
  }
  if (runs.some((r) => r.state === 'failed')) {
    return 'failed';
  }
  return runs.length >= total ? 'done' : 'running';
}

function phaseStatus(phase: Phase, all: CellRuns, now: number): PhaseStatus {
  const runs = phase.cellIndexes.flatMap((i) => {
    const r = all.get(i);
    return r ? [r] : [];
  });
  const state = phaseState(runs, phase.cellIndexes.length);
  let elapsedMs: number | undefined;
  if (runs.length > 0) {
    const start = Math.min(...runs.map((r) => r.startMs));
    const end = state === 'running' ? now : Math.max(...runs.map((r) => r.endMs ?? now));
    elapsedMs = Math.max(0, end - start);
  }
  const budgetMs = phase.budgetMinutes !== undefined ? phase.budgetMinutes * 60_000 : undefined;
  return {
    title: phase.title,
    level: phase.level,
    headingCell: phase.headingCell,
    budgetMinutes: phase.budgetMinutes,
    state,
    elapsedMs,
    overBudget: budgetMs !== undefined && elapsedMs !== undefined && elapsedMs > budgetMs,
    cellsDone: runs.filter((r) => r.state === 'done').length,
    cellsTotal: phase.cellIndexes.length,
  };
}

/** Pure: each phase's state and the incident clock, from the outline, the cells' last runs and the time. */
export function computePhases(outline: RunbookOutline, runs: CellRuns, clock: Clock, sessionStartMs?: number): PhasesModel {
  const now = clock.now();
  const starts = [...runs.values()].map((r) => r.startMs);
  const startMs = starts.length > 0 ? Math.min(...starts) : sessionStartMs;
  const elapsedMs = startMs === undefined ? 0 : Math.max(0, now - startMs);
  const rtoMinutes = outline.rto?.minutes;
  return {
    clock: { startMs, elapsedMs, rtoMinutes, overRto: rtoMinutes !== undefined && elapsedMs > rtoMinutes * 60_000 },
    phases: outline.phases.map((p) => phaseStatus(p, runs, now)),
  };
}

const STATE_ICON: Record<PhaseState, { icon: string; color?: string; label: string }> = {
  'not-started': { icon: 'circle-large-outline', label: 'not started' },
  running: { icon: 'sync~spin', color: 'charts.blue', label: 'running' },
  done: { icon: 'pass-filled', color: 'testing.iconPassed', label: 'done' },
  failed: { icon: 'error', color: 'testing.iconFailed', label: 'failed' },
};

function phaseDescription(p: PhaseStatus): string {
  const budget = p.budgetMinutes !== undefined ? ` / ${formatMinutes(p.budgetMinutes)}` : '';
  const elapsed = p.elapsedMs !== undefined ? `${formatDuration(p.elapsedMs)}${budget}` : budget.replace(' / ', 'budget ');
  const over = p.overBudget ? ' · over budget' : '';
  return [STATE_ICON[p.state].label, elapsed].filter((s) => s !== '').join(' · ') + over;
}

function phaseNode(p: PhaseStatus, notebookUri: string, revealCommand: string): TreeNodeModel {
  const look = STATE_ICON[p.state];
  const warn = p.overBudget && p.state !== 'failed';
  return {
    id: `phase:${p.headingCell}`,
    label: p.budgetMinutes !== undefined ? p.title.replace(/\s*\([^()]*\)\s*$/, '') || p.title : p.title,
    description: phaseDescription(p),
    tooltip: `${p.title}\n${phaseDescription(p)}\n${p.cellsDone}/${p.cellsTotal} cells done`,
    icon: warn ? 'warning' : look.icon,
    iconColor: warn ? 'list.warningForeground' : look.color,
    contextValue: 'phase',
    command: { command: revealCommand, title: 'Reveal Phase', arguments: [{ notebookUri, cellIndex: p.headingCell, phaseTitle: p.title }] },
    notebookUri,
    phaseTitle: p.title,
    cellIndex: p.headingCell,
  };
}

function clockLabel(c: IncidentClock): { label: string; description: string } {
  const rto = c.rtoMinutes !== undefined ? `RTO ${formatMinutes(c.rtoMinutes)}` : 'no RTO';
  if (c.startMs === undefined) {
    return { label: 'Incident clock: not started', description: rto };
  }
  const pct = c.rtoMinutes ? ` (${Math.floor((c.elapsedMs / (c.rtoMinutes * 60_000)) * 100)}%)` : '';
  return { label: `Incident clock: ${formatDuration(c.elapsedMs)}`, description: `${rto}${pct}${c.overRto ? ' · RTO exceeded' : ''}` };
}

/** The Phases view: one root (the incident clock against the RTO) whose children are the phases. */
export function phaseTree(model: PhasesModel, notebookUri: string, revealCommand: string): TreeNodeModel[] {
  const { label, description } = clockLabel(model.clock);
  return [
    {
      id: 'phases:clock',
      label,
      description,
      tooltip: `${label}\n${description}`,
      icon: model.clock.overRto ? 'warning' : 'watch',
      iconColor: model.clock.overRto ? 'list.warningForeground' : undefined,
      contextValue: 'incidentClock',
      expanded: true,
      children: model.phases.map((p) => phaseNode(p, notebookUri, revealCommand)),
    },
  ];
}
