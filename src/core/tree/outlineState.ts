import type { Checklist, ChecklistItem, Phase, RunbookDocument, RunbookOutline } from '../runbook/model';
import { buildOutline } from '../runbook/outline';
import { fixedClock } from './node';
import { computePhases, type IncidentClock, type PhaseProgress, type PhaseStatus, runsFromCells } from './phaseModel';

export interface PhaseWithState extends Phase, PhaseProgress {}

export interface ChecklistWithState extends Checklist {
  done: number;
  total: number;
}

export interface OutlineWithState extends RunbookOutline {
  phases: PhaseWithState[];
  checklists: ChecklistWithState[];
  /** The incident clock as the record left it: from the first execution to the end of the last one. */
  clock: IncidentClock;
}

/** Takes the first unused element that matches (so repeated titles pair up in order). */
function takeFirst<T>(list: T[], used: Set<number>, match: (t: T) => boolean): T | undefined {
  const i = list.findIndex((t, k) => !used.has(k) && match(t));
  if (i < 0) {
    return undefined;
  }
  used.add(i);
  return list[i];
}

function withStatus(p: Phase, s: PhaseStatus | undefined): PhaseWithState {
  return {
    ...p,
    state: s?.state ?? 'not-started',
    elapsedMs: s?.elapsedMs,
    overBudget: s?.overBudget ?? false,
    cellsDone: s?.cellsDone ?? 0,
    cellsTotal: s?.cellsTotal ?? p.cellIndexes.length,
  };
}

function recordItems(record: RunbookOutline): (ChecklistItem & { section: string })[] {
  return record.checklists.flatMap((c) => c.items.map((i) => ({ ...i, section: c.section })));
}

/**
 * Pure: the runbook's outline plus each phase's state (from the persisted ExecutionSummary of each cell of a saved
 * record) and each checklist item's box as ticked in that record. A record may hold more cells than the runbook (an
 * incident record's summary comes first), so phases pair up by title and items by section and text, in order.
 * Phases and items the record lacks read not started / as in the runbook.
 */
export function outlineWithState(outline: RunbookOutline, record: RunbookDocument): OutlineWithState {
  const recorded = buildOutline(record);
  const runs = runsFromCells(record.cells);
  const ends = [...runs.values()].map((r) => r.endMs ?? r.startMs);
  const model = computePhases(recorded, runs, fixedClock(ends.length > 0 ? Math.max(...ends) : 0));
  const statuses = recorded.phases.map((p, i) => ({ title: p.title, status: model.phases[i] }));
  const usedPhases = new Set<number>();
  const phases = outline.phases.map((p) => withStatus(p, takeFirst(statuses, usedPhases, (s) => s.title === p.title)?.status));
  const items = recordItems(recorded);
  const usedItems = new Set<number>();
  const checklists = outline.checklists.map((c): ChecklistWithState => {
    const mine = c.items.map((item) => {
      const hit = takeFirst(items, usedItems, (r) => r.section === c.section && r.text === item.text);
      return { ...item, checked: hit?.checked ?? item.checked };
    });
    return { ...c, items: mine, done: mine.filter((i) => i.checked).length, total: mine.length };
  });
  return { ...outline, phases, checklists, clock: model.clock };
}
