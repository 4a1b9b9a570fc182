import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SessionEvent } from '../session/events';
import { JOURNAL_EXT, journalDir, readJournal, runbookName } from './journal';

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
}

/** True when an execution or a tick came after the last session-end (a save or a finished run ends a stretch). */
export function isUnfinished(events: readonly SessionEvent[]): boolean {
  let open = false;
  for (const e of events) {
    if (e.type === 'session-end') {
      open = false;
    } else if (e.type === 'execution' || e.type === 'tick') {
      open = true;
    }
  }
  return open;
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
