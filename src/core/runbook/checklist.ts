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

/**
 * Lines as markdown-it and VS Code count them (a line ends at '\r\n', '\n' or a lone '\r'), so a `lineInCell` from the
 * outline or the renderer names the same line here. Odd entries are the line breaks: joining restores the source.
 */
function splitLines(source: string): { lines: string[]; join(): string } {
  const parts = source.split(/(\r\n|\r|\n)/);
  const lines = parts.filter((_, i) => i % 2 === 0);
  return { lines, join: () => parts.map((p, i) => (i % 2 === 0 ? lines[i / 2] : p)).join('') };
}

/** The task item on `lineInCell` (0-based), or a ChecklistError. */
export function readTaskItem(source: string, lineInCell: number): TaskItemLine {
  const { lines } = splitLines(source);
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
  const split = splitLines(source);
  const line = split.lines[lineInCell];
  split.lines[lineInCell] = line.slice(0, item.boxOffset) + (next ? 'x' : ' ') + line.slice(item.boxOffset + 1);
  return { source: split.join(), checked: next, text: item.text, changed: true };
}

/** Every task item of a cell's source, with its 0-based line. */
export function taskItems(source: string): (TaskItemLine & { lineInCell: number })[] {
  const out: (TaskItemLine & { lineInCell: number })[] = [];
  splitLines(source).lines.forEach((line, i) => {
    const item = parseTaskItemLine(line);
    if (item) {
      out.push({ ...item, lineInCell: i });
    }
  });
  return out;
}

/**
 * The markup cell a click in a rendered cell came from. The renderer's webview knows the cell's text, not its index
 * (its cell id is private to the workbench), so: the markup cell with exactly that text, else with the same text
 * modulo CRLF. Several cells with the same text: the one among `preferred` (the editor's selected cells: clicking a
 * rendered cell selects it), else none, rather than tick a box in the wrong cell.
 */
export function markupCellBySource(cells: readonly { kind: string; text: string }[], source: string, preferred: readonly number[] = []): number | undefined {
  const norm = (s: string): string => s.replace(/\r\n?/g, '\n');
  const markup = cells.flatMap((c, index) => (c.kind === 'markup' ? [{ index, text: c.text }] : []));
  const exact = markup.filter((c) => c.text === source);
  const hits = exact.length > 0 ? exact : markup.filter((c) => norm(c.text) === norm(source));
  if (hits.length <= 1) {
    return hits[0]?.index;
  }
  return hits.find((c) => preferred.includes(c.index))?.index;
}
