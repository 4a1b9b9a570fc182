import type { CellOutput, ExecutionSummary } from '../runbook/model';

/**
 * Everything that happens in a runbook session, in order. The kernel emits these, the journal appends
 * them (JSON lines), the trees and the incident record are folds over them.
 */
export type SessionEvent =
  | SessionStartEvent
  | ExecutionEvent
  | TickEvent
  | VariableEvent
  | IdentityEvent
  | CellStartEvent
  | ConfirmationEvent
  | AwsCallEvent
  | SessionEndEvent;

export interface SessionStartEvent {
  type: 'session-start';
  time: string;
  sessionId: string;
  runbookPath: string;
  operator: string;
  host: string;
  gitCommit?: string;
}

export interface ExecutionEvent {
  type: 'execution';
  time: string;
  cellIndex: number;
  source: string;
  execution: ExecutionSummary;
  outputs: CellOutput[];
}

/** A cell is about to run (journaled before it starts): a later crash can say which cell was running. */
export interface CellStartEvent {
  type: 'cell-start';
  time: string;
  cellIndex: number;
  /** The cell's text (redacted like every journal line). */
  source: string;
  language: string;
}

/** The operator (or --yes) answered a confirmation for a change to AWS. */
export interface ConfirmationEvent {
  type: 'confirmation';
  time: string;
  cellIndex: number;
  summary: string;
  service: string;
  operation: string;
  region: string;
  account: string;
  confirmed: boolean;
}

/** An `aws ...` a program in a shell cell ran, through the kernel (the shim). */
export interface AwsCallEvent {
  type: 'aws-call';
  time: string;
  cellIndex: number;
  /** `aws SERVICE OPERATION ...` as the program wrote it (redacted like every journal line). */
  command: string;
  exitCode: number;
  runner?: string;
  region?: string;
  account?: string;
}

export interface TickEvent {
  type: 'tick';
  time: string;
  cellIndex: number;
  lineInCell: number;
  text: string;
  checked: boolean;
  by: string;
}

export interface VariableEvent {
  type: 'variable';
  time: string;
  name: string;
  /** Absent when the variable is secret: only its name is recorded. */
  value?: string;
  secret: boolean;
  source: 'frontmatter' | 'session' | 'settings' | 'prompt' | 'cli';
}

export interface IdentityEvent {
  type: 'identity';
  time: string;
  account: string;
  arn: string;
  region: string;
}

export interface SessionEndEvent {
  type: 'session-end';
  time: string;
}
