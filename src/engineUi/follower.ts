import type * as vscode from 'vscode';
import type { EngineClients } from '../core/engine/clients';
import { followExecution, machineOf } from '../core/engine/follow';
import { EngineProgress } from '../core/engine/progress';
import type { StateRun } from '../core/engine/history';
import { errorMessage } from '../core/errors';
import type { Logger } from '../core/logger';
import type { ExecutionEvent } from '../core/session/events';
import type { ConfirmSummary } from '../core/confirm/summary';

export interface FollowerSink {
  onCells(notebook: vscode.NotebookDocument, executions: ExecutionEvent[]): Promise<void>;
  onWaiting(notebook: vscode.NotebookDocument, follower: EngineFollower, waiting: StateRun[]): void;
  onChange(): void;
  onEnd(notebook: vscode.NotebookDocument, follower: EngineFollower): void;
}

/** Follows one execution for one notebook: polls its history (core) and hands what is new to the sink. */
export class EngineFollower {
  progress?: EngineProgress;
  error?: string;
  /** Summaries of waiting approvals (src/engineUi/approvals.ts), by summaryKey. */
  readonly summaries = new Map<string, ConfirmSummary>();
  /** The local steps (state -> cell) when this window started the execution with them; else none run here. */
  localPlan?: ReadonlyMap<string, number>;
  /** When the last local step run here for the execution ended (ISO 8601). */
  localStepsUntil?: string;
  private readonly abort = new AbortController();
  private chain: Promise<void> = Promise.resolve();

  constructor(
    readonly notebook: vscode.NotebookDocument,
    readonly executionArn: string,
    readonly clients: EngineClients,
    private readonly log: Logger,
  ) {}

  async run(sink: FollowerSink): Promise<void> {
    try {
      const machine = await machineOf(this.clients, this.executionArn);
      const progress = new EngineProgress(machine);
      this.progress = progress;
      await followExecution(this.clients, this.executionArn, machine, {
        onView: (view, events) => {
          const u = progress.update(view, events);
          this.chain = this.chain.then(() => sink.onCells(this.notebook, u.executions)).catch((e: unknown) => this.log.error(errorMessage(e)));
          if (u.waiting.length) {
            sink.onWaiting(this.notebook, this, u.waiting);
          }
          sink.onChange();
        },
      }, { signal: this.abort.signal, pollMs: 1000 });
      await this.chain;
    } catch (e) {
      this.error = errorMessage(e);
      this.log.error(`Step Functions ${this.executionArn}: ${this.error}`);
    } finally {
      sink.onChange();
      sink.onEnd(this.notebook, this);
    }
  }

  stop(): void {
    this.abort.abort();
  }

  dispose(): void {
    this.stop();
    this.clients.dispose();
  }
}
