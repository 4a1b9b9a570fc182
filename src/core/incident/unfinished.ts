import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CellStartEvent, ConfirmationEvent, SessionEvent } from '../session/events';
import { JOURNAL_EXT, journalDir, readJournal, runbookName } from './journal';
import { commandLine } from '../runbook/commandLine';

/** A journal with executions or ticks after its last session-end (the editor or the process died, or the notebook closed unsaved). */
export interface UnfinishedSession {
  journalPath: string;
  sessionId: string;
  runbookPath: string;
  operator?: string;
  host?: string;
  /** UTC ISO-8601 of the first and the last event. */
  startTime: string;
  lastTime: string;
  executions: number;
  ticks: number;
  /** "cell N was running when the session ended; ..." for each cell that started and never finished. */
  running: string[];
}

/** True when an execution, a tick or a cell start came after the last session-end (a save or a finished run ends a stretch). */
export function isUnfinished(events: readonly SessionEvent[]): boolean {
  let open = false;
  for (const e of events) {
    if (e.type === 'session-end') {
      open = false;
    } else if (e.type === 'execution' || e.type === 'tick' || e.type === 'cell-start') {
      open = true;
    }
  }
  return open || runningCells(events).length > 0;
}

/** A cell that started and never finished (the process died while it ran), with the confirmations it got. */
export interface RunningCell {
  start: CellStartEvent;
  confirmations: ConfirmationEvent[];
}

/** Cells whose start the journal holds but whose execution it does not: they were running when the session ended. */
export function runningCells(events: readonly SessionEvent[]): RunningCell[] {
  const running = new Map<number, RunningCell>();
  for (const e of events) {
    if (e.type === 'cell-start') {
      running.set(e.cellIndex, { start: e, confirmations: [] });
    } else if (e.type === 'confirmation') {
      running.get(e.cellIndex)?.confirmations.push(e);
    } else if (e.type === 'execution') {
      running.delete(e.cellIndex);
    }
  }
  return [...running.values()];
}

/** "cell N was running when the session ended; it may have completed partly" and what it was allowed to change. */
export function runningCellLines(events: readonly SessionEvent[]): string[] {
  return runningCells(events).map(({ start, confirmations }) => {
    const command = commandLine(start.source);
    const allowed = confirmations.filter((c) => c.confirmed).map((c) => `aws ${c.service} ${c.operation} in ${c.region}`);
    const changes = allowed.length ? `changes confirmed: ${allowed.join('; ')}` : 'no change to AWS was confirmed';
    return `cell ${start.cellIndex} was running when the session ended; it may have completed partly (${command}; ${changes})`;
  });
}

function summarize(file: string, events: SessionEvent[], fallbackId: string): UnfinishedSession | undefined {
  if (!isUnfinished(events)) {
    return undefined;
  }
  const executions = events.filter((e) => e.type === 'execution').length;
  const ticks = events.filter((e) => e.type === 'tick').length;
  const start = events.find((e) => e.type === 'session-start');
  return {
    journalPath: file,
    sessionId: start?.sessionId ?? fallbackId,
    runbookPath: start?.runbookPath ?? '',
    operator: start?.operator,
    host: start?.host,
    startTime: events[0].time,
    lastTime: events[events.length - 1].time,
    executions,
    ticks,
    running: runningCellLines(events),
  };
}

/**
 * Journals of this runbook (by the path in their session-start) with executions or ticks after their last session-end,
 * newest first. Unreadable journals are skipped.
 */
export function findUnfinishedSessions(runbookPath: string, baseDir?: string): UnfinishedSession[] {
  const dir = journalDir(runbookPath, baseDir);
  const prefix = `${runbookName(runbookPath)}.`;
  const wanted = path.resolve(runbookPath);
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.startsWith(prefix) && n.endsWith(JOURNAL_EXT));
  } catch {
    return [];
  }
  const found: UnfinishedSession[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      const s = summarize(file, readJournal(file), name.slice(prefix.length, -JOURNAL_EXT.length));
      if (s && (s.runbookPath === '' || path.resolve(s.runbookPath) === wanted)) {
        found.push(s);
      }
    } catch {
      // unreadable: not offered
    }
  }
  return found.sort((a, b) => b.lastTime.localeCompare(a.lastTime));
}
