/**
 * The confirmation's text: what, where, the change in plain words and the unticked prerequisites, in
 * at most about twelve short lines, so a modal at 1280x720 keeps its buttons on screen. Never the
 * whole request: "Show change" has it, as now against after.
 */
import type { ChangeComparison } from './change';
import { unifiedDiff } from './diff';
import { shorten } from './text';

/** The fields of a ConfirmRequest the summary reads (a shell call's request fits too). */
export interface SummaryInput {
  service: string;
  operation: string;
  region: string;
  account: string;
  arn: string;
  uncheckedPrerequisites: string[];
  change?: ChangeComparison;
  /** The request's own one-liner, used when there is no comparison (e.g. a shell cell's `aws` calls). */
  summary?: string;
}

export interface ConfirmSummary {
  /** The modal's bold first line. */
  message: string;
  /** The lines below it. */
  lines: string[];
}

const MAX_CHANGE_LINES = 5;
const LINE = 96;

function changeLines(req: SummaryInput): string[] {
  const lines = req.change?.lines ?? (req.summary ? [req.summary] : []);
  const shown = lines.slice(0, MAX_CHANGE_LINES).map((l) => `  ${shorten(l, LINE)}`);
  if (lines.length > MAX_CHANGE_LINES) {
    shown.push(`  … and ${lines.length - MAX_CHANGE_LINES} more line(s): Show change has them all`);
  }
  return shown;
}

function prerequisiteLines(items: string[]): string[] {
  if (items.length === 0) {
    return [];
  }
  return [`Not ticked (${items.length} prerequisite${items.length === 1 ? '' : 's'}): ${shorten(items.join('; '), LINE - 30)}`];
}

/** The confirmation for one changing call. */
export function confirmSummary(req: SummaryInput): ConfirmSummary {
  const lines = [
    `Where: ${req.region || '(default region)'}, account ${req.account}`,
    `As: ${shorten(req.arn, LINE)}`,
    'Change:',
    ...changeLines(req),
    ...prerequisiteLines(req.uncheckedPrerequisites),
  ];
  if (req.change?.note) {
    lines.push(shorten(req.change.note, LINE));
  }
  return { message: `Change AWS: ${req.service} ${req.operation} in ${req.region || '(default region)'}?`, lines };
}

/** The summary as plain text (the CLI prints it before its prompt). */
export function summaryText(req: SummaryInput): string {
  const s = confirmSummary(req);
  return `${s.message}\n${s.lines.join('\n')}\n`;
}

/** The comparison as a unified diff (now -> after) with its note, for the CLI and the record. */
export function comparisonText(change: ChangeComparison): string {
  const diff = unifiedDiff(change.nowText, change.afterText, { before: `now (${change.source === 'none' ? 'no read' : `read: ${change.source}`})`, after: 'after (computed locally)' });
  return `${change.note ? `${change.note}\n` : ''}${diff || 'No difference between now and after.\n'}`;
}
