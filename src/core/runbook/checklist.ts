import { RunbookError } from '../errors';

/**
 * Task-list items in a markdown cell's source: `- [ ] text`, `* [x] text`, `+ [X] text`, `1. [ ] text`, `2) [ ] text`,
 * optionally inside block quotes. Pure and browser-safe: the notebook renderer bundles it too.
 */

export type ChecklistErrorReason = 'notTaskItem' | 'lineOutOfRange';

export class ChecklistError extends RunbookError<ChecklistErrorReason> {
  constructor(reason: ChecklistErrorReason, message: string, details?: Record<string, unknown>) {
    super(reason, message, details);
    this.name = 'ChecklistError';
  }
}

export interface TaskItemLine {
  checked: boolean;
  /** The item's text after the box, trimmed. */
  text: string;
  /** Offset of the character inside the brackets (' ', 'x' or 'X') in the line. */
  boxOffset: number;
}

/** prefix (indent, block quotes), marker, spaces, box, then whitespace or the end of the line. */
const TASK_ITEM = /^((?:[ \t]*>)*[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)\[([ xX])\](?=[ \t]|\r?$)([^\n]*)$/;

/** Reads one line; undefined when it is not a task-list item. */
export function parseTaskItemLine(line: string): TaskItemLine | undefined {
  const m = TASK_ITEM.exec(line);
  if (!m) {
    return undefined;
  }
  return { checked: m[2] !== ' ', text: m[3].replace(/\r$/, '').trim(), boxOffset: m[1].length + 1 };
}

/** Splits on '\n' only, so '\r' stays with its line and joining with '\n' restores the source byte for byte. */
function splitLines(source: string): string[] {
  return source.split('\n');
}

/** The task item on `lineInCell` (0-based), or a ChecklistError. */
export function readTaskItem(source: string, lineInCell: number): TaskItemLine {
  const lines = splitLines(source);
  if (!Number.isInteger(lineInCell) || lineInCell < 0 || lineInCell >= lines.length) {
    throw new ChecklistError('lineOutOfRange', `line ${lineInCell} is outside the cell (${lines.length} lines)`, { lineInCell });
  }
  const item = parseTaskItemLine(lines[lineInCell]);
  if (!item) {
    throw new ChecklistError('notTaskItem', `line ${lineInCell} is not a task-list item`, { lineInCell });
  }
  return item;
}

export interface ToggleResult {
  source: string;
  /** The state after the toggle. */
  checked: boolean;
  text: string;
  /** False when `checked` was asked for and the box already had it. */
  changed: boolean;
}

/**
 * Flips (or sets, when `checked` is given) the box on one line: `[ ]` <-> `[x]`. Nothing else in the source changes.
 * An `[X]` unticks to `[ ]`; a tick always writes a lower-case `x`.
 */
export function toggleTaskItem(source: string, lineInCell: number, checked?: boolean): ToggleResult {
  const item = readTaskItem(source, lineInCell);
  const next = checked ?? !item.checked;
  if (next === item.checked) {
    return { source, checked: next, text: item.text, changed: false };
  }
  const lines = splitLines(source);
  const line = lines[lineInCell];
  lines[lineInCell] = line.slice(0, item.boxOffset) + (next ? 'x' : ' ') + line.slice(item.boxOffset + 1);
  return { source: lines.join('\n'), checked: next, text: item.text, changed: true };
}

/** Every task item of a cell's source, with its 0-based line. */
export function taskItems(source: string): (TaskItemLine & { lineInCell: number })[] {
  const out: (TaskItemLine & { lineInCell: number })[] = [];
  splitLines(source).forEach((line, i) => {
    const item = parseTaskItemLine(line);
    if (item) {
      out.push({ ...item, lineInCell: i });
    }
  });
  return out;
}
