/**
 * What `runbook check` reports: one Finding per problem, placed on a cell (0-based, cell-relative, as an editor
 * shows the cell) and in the file (1-based line and column, as a terminal or a code-scanning dashboard shows it).
 */

export type Severity = 'error' | 'warning' | 'info';

export const SEVERITY_ORDER: readonly Severity[] = ['info', 'warning', 'error'];

/** 0-based position inside a cell's source (VS Code's cell document coordinates). */
export interface CellPosition {
  line: number;
  character: number;
}

export interface CellRange {
  start: CellPosition;
  end: CellPosition;
}

/** One obvious edit that fixes the finding, in the same cell. */
export interface Fix {
  title: string;
  range: CellRange;
  newText: string;
}

export interface Finding {
  file: string;
  /** 1-based, in the file. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  rule: string;
  message: string;
  /** Why it matters during an incident (one sentence). */
  why?: string;
  helpUri?: string;
  /** Index of the cell the finding sits in (document order, as `runbook cells`). */
  cell?: number;
  /** Where in that cell. */
  range?: CellRange;
  fix?: Fix;
}

/** A finding before it is placed in the file: a cell and a range in it. */
export type CellFinding = Omit<Finding, 'file' | 'line' | 'column' | 'endLine' | 'endColumn' | 'cell' | 'range'> & {
  cell: number;
  range: CellRange;
};

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_ORDER.indexOf(severity) >= SEVERITY_ORDER.indexOf(threshold);
}

/** The range covering [start, end) offsets of a text (offsets into the cell's source). */
export function rangeOf(text: string, start: number, end: number): CellRange {
  return { start: positionOf(text, start), end: positionOf(text, Math.max(start, end)) };
}

export function positionOf(text: string, offset: number): CellPosition {
  let line = 0;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: end - lineStart };
}

/** File order, then severity (errors first), then rule. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    SEVERITY_ORDER.indexOf(b.severity) - SEVERITY_ORDER.indexOf(a.severity) ||
    compareText(a.rule, b.rule) ||
    compareText(a.message, b.message)
  );
}
