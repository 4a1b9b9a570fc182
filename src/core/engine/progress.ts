/**
 * What is new in an execution since the last look: cells whose results arrived and requests now
 * waiting. The CLI prints these; the VS Code adapter fills cells and the sidebar from them.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { parseRunbook } from '../runbook/parse';
import { buildOutline } from '../runbook/outline';
import type { RunbookDocument, RunbookOutline } from '../runbook/model';
import type { ExecutionEvent } from '../session/events';
import { executionEvents } from './events';
import type { MachineOfExecution } from './follow';
import type { ExecutionView, StateRun } from './history';
import { buildEngineRecord, engineRecordInput } from './record';
import type { IncidentRecordInput } from '../incident/record';

export interface ProgressUpdate {
  executions: ExecutionEvent[];
  waiting: StateRun[];
}

export class EngineProgress {
  readonly document: RunbookDocument;
  readonly outline: RunbookOutline;
  private readonly shownCells = new Set<number>();
  private readonly shownWaits = new Set<string>();
  view?: ExecutionView;
  private lastEventTime = '';

  constructor(readonly machine: MachineOfExecution) {
    this.document = parseRunbook(machine.meta.source);
    this.outline = buildOutline(this.document);
  }

  /** Takes a new view; returns the cells that finished and the requests that started waiting since the last one. */
  update(view: ExecutionView, events: readonly HistoryEvent[]): ProgressUpdate {
    this.view = view;
    const last = events[events.length - 1]?.timestamp;
    this.lastEventTime = last ? last.toISOString() : view.started;
    const executions = this.executions().filter((e) => !this.shownCells.has(e.cellIndex));
    executions.forEach((e) => this.shownCells.add(e.cellIndex));
    const waiting = view.runs.filter((r) => r.status === 'waiting' && !this.shownWaits.has(r.state + r.started));
    waiting.forEach((r) => this.shownWaits.add(r.state + r.started));
    return { executions, waiting };
  }

  /** Every cell execution so far, in order. */
  executions(): ExecutionEvent[] {
    if (!this.view) {
      return [];
    }
    return executionEvents(this.view, this.machine.meta, this.outline, this.document.cells.map((c) => c.source)).filter((e): e is ExecutionEvent => e.type === 'execution');
  }

  recordInput(): IncidentRecordInput {
    return engineRecordInput({ view: this.requireView(), meta: this.machine.meta, document: this.document, outline: this.outline, lastEventTime: this.lastEventTime });
  }

  record(): string {
    return buildEngineRecord({ view: this.requireView(), meta: this.machine.meta, document: this.document, outline: this.outline, lastEventTime: this.lastEventTime });
  }

  private requireView(): ExecutionView {
    if (!this.view) {
      throw new Error('no history read yet');
    }
    return this.view;
  }
}
