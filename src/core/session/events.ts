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
