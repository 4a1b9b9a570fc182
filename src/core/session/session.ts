import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import type { Disposable } from '../disposable';
import type { SessionEvent } from './events';

export type SessionListener = (event: SessionEvent) => void;

/**
 * One incident session for one runbook document: its variables and its event log. The kernel emits,
 * the journal, the trees and the incident record listen. Lives as long as the notebook (or CLI run).
 */
export class RunbookSession {
  readonly id: string;
  readonly events: SessionEvent[] = [];
  /** Session variables (prompted or set); names are case-sensitive. */
  readonly variables = new Map<string, string>();
  /** Names whose values must never be recorded. */
  readonly secrets = new Set<string>();
  /** Values that are secret although no variable holds them (the resolved AWS credentials). */
  readonly secretValues = new Set<string>();
  private readonly listeners = new Set<SessionListener>();

  constructor(
    readonly runbookPath: string,
    readonly operator: string = defaultOperator(),
    readonly host: string = os.hostname(),
    id?: string,
  ) {
    this.id = id ?? randomUUID();
  }

  onEvent(listener: SessionListener): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  emit(event: SessionEvent): void {
    this.events.push(event);
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch {
        // a failing listener must not stop the others nor the kernel
      }
    }
  }
}

export function defaultOperator(env: NodeJS.ProcessEnv = process.env): string {
  try {
    return env.RUNBOOK_OPERATOR || os.userInfo().username;
  } catch {
    return env.USER || 'unknown';
  }
}

export function utcNow(): string {
  return new Date().toISOString();
}
