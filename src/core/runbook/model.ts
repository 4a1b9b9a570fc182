/**
 * The runbook notebook model shared by the serializer, the kernel, the trees and the incident record.
 * Plain data, no behaviour; `layout` is owned by the serializer alone.
 */

export type CellKind = 'markup' | 'code';

/** Output MIME types, the same strings VS Code uses, so adapters map 1:1. */
export const MIME = {
  stdout: 'application/vnd.code.notebook.stdout',
  stderr: 'application/vnd.code.notebook.stderr',
  error: 'application/vnd.code.notebook.error',
  json: 'application/json',
  text: 'text/plain',
  markdown: 'text/markdown',
  /** The AWS CLI's `--output text`, `table` and `yaml` of a result: alternatives of one AWS output (docs/format.md). */
  awsText: 'application/vnd.runbook.aws-text',
  awsTable: 'application/vnd.runbook.aws-table',
  awsYaml: 'application/vnd.runbook.aws-yaml',
} as const;

/** One representation of an output; `data` is text (UTF-8). An error item's data is JSON {name, message, stack?}. */
export interface OutputItem {
  mime: string;
  data: string;
}

/** One output of a cell, as VS Code's NotebookCellOutput: several representations of the same thing. */
export interface CellOutput {
  items: OutputItem[];
}

/** What the record keeps about the last execution of a code cell. */
export interface ExecutionSummary {
  /** UTC ISO-8601, e.g. 2026-11-29T03:12:45.120Z */
  startTime: string;
  durationMs: number;
  success: boolean;
  /** A shell cell's exit code; absent for SDK calls. */
  exitCode?: number;
  executionOrder?: number;
  /** Operator (user name) who ran it. */
  ranBy?: string;
  host?: string;
  /** AWS identity and region the cell ran against, when it called AWS. */
  account?: string;
  arn?: string;
  region?: string;
  /** How it ran: 'sdk' | 'shell' | 'dig' | 'aws-cli' | 'dry-run'. */
  runner?: string;
}

export interface RunbookCell {
  kind: CellKind;
  /** 'markdown' for markup cells; the fence's language ('bash', 'json', '' when none) for code cells. */
  language: string;
  /** What the cell shows in the editor. */
  source: string;
  outputs: CellOutput[];
  execution?: ExecutionSummary;
  /** Serializer-owned data that lets it write the cell back byte for byte. Everyone else passes it through untouched. */
  layout?: unknown;
}

export interface RunbookDocument {
  cells: RunbookCell[];
  /** Serializer-owned document-level data (BOM, line endings, ...). */
  layout?: unknown;
}

/** The runbook's structure, derived from a RunbookDocument (see outline.ts). */
export interface RunbookOutline {
  title?: string;
  regions: { primary?: string; dr?: string };
  rto?: Duration;
  rpo?: Duration;
  phases: Phase[];
  checklists: Checklist[];
  decisionMatrix: { scenario: string; action: string }[];
  /** Frontmatter `variables:` (or `vars:`) as strings. */
  variables: Record<string, string>;
  /** Frontmatter keys that are not variables (profile, rto, regions...), parsed. */
  frontmatter: Record<string, unknown>;
}

export interface Duration {
  text: string;
  minutes: number;
}

export interface Phase {
  title: string;
  /** Heading level (1-6). */
  level: number;
  budgetMinutes?: number;
  /** Index of the markup cell that holds the heading. */
  headingCell: number;
  /** Indexes of the code cells under this heading, up to the next heading of the same or a higher level. */
  cellIndexes: number[];
  /** 1-based line of the heading in the document. */
  line: number;
}

export interface Checklist {
  /** The heading the items sit under ("Prerequisites"). */
  section: string;
  items: ChecklistItem[];
}

export interface ChecklistItem {
  text: string;
  checked: boolean;
  /** 1-based line in the document. */
  line: number;
  cellIndex: number;
  /** 0-based line inside that cell's source. */
  lineInCell: number;
}
