/**
 * One row of a sidebar tree as plain data. The pure models build these; `src/tree` maps them 1:1 onto TreeItems,
 * and `runbooks.getSidebarState` returns them as JSON for the integration tests.
 */
export interface TreeNodeModel {
  /** Stable across refreshes (keeps expansion and selection). */
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  /** A codicon id ('pass', 'error', 'sync~spin', 'warning', 'circle-outline'...). */
  icon?: string;
  /** A theme color id for the icon ('testing.iconPassed', 'list.warningForeground'...). */
  iconColor?: string;
  /** TreeItem.contextValue, matched by `viewItem == phase` in the menus. */
  contextValue?: string;
  /** Present on rows with a checkbox. */
  checked?: boolean;
  /** Runs when the row is clicked. */
  command?: { command: string; title: string; arguments: unknown[] };
  /** Collapsed by default unless `expanded`. */
  expanded?: boolean;
  children?: TreeNodeModel[];
  /** Arguments for item actions (e.g. `runbooks.runPhase` reads notebookUri and phaseTitle from the node itself). */
  notebookUri?: string;
  phaseTitle?: string;
  cellIndex?: number;
  lineInCell?: number;
  /** A Step Functions state the row stands for (Approve / Reject read it). */
  engineState?: string;
}

/** A Clock: the only way the models learn the time. */
export interface Clock {
  now(): number;
}

export const SYSTEM_CLOCK: Clock = { now: () => Date.now() };

/** A fixed clock for tests and for records (whose 'now' is their last event). */
export function fixedClock(ms: number): Clock {
  return { now: () => ms };
}

/** "1h 05m", "12m 03s", "45s". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (h > 0) {
    return `${h}h ${pad(m)}m`;
  }
  return m > 0 ? `${m}m ${pad(s)}s` : `${s}s`;
}

/** "15m", "4h", "1h 30m" for budgets given in minutes. */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes % 60);
  if (h === 0) {
    return `${m}m`;
  }
  return m === 0 ? `${h}h` : `${h}h ${m}m`;
}
