/**
 * The executions the Step Functions surface follows, for the other surfaces of the same window: "Save as
 * Incident Record" (the record from the history) and the Phases view (each phase's state in the execution).
 */
import * as vscode from 'vscode';
import type { AslDefinition } from './core/engine/asl';
import type { EngineClients } from './core/engine/clients';
import type { ExecutionView } from './core/engine/history';

/** An execution this window follows (or followed) for a notebook. */
export interface EngineRun {
  executionArn: string;
  /** When the execution started (ISO 8601), once its history was read. */
  started?: string;
  clients: EngineClients;
  view?: ExecutionView;
  definition?: AslDefinition;
  /** When the last local step this window ran for the execution ended (ISO 8601): those cell runs are the execution's. */
  localStepsUntil?: string;
}

type EngineRunLookup = (nb: vscode.NotebookDocument) => EngineRun | undefined;

let lookup: EngineRunLookup = () => undefined;
const changed = new vscode.EventEmitter<void>();

/** Fires when a followed execution's view changed. */
export const onDidChangeEngineRuns = changed.event;

/** Set by src/engineUi/register.ts with its followers. */
export function setEngineRunLookup(l: EngineRunLookup): vscode.Disposable {
  lookup = l;
  return new vscode.Disposable(() => {
    if (lookup === l) {
      lookup = () => undefined;
    }
  });
}

export function engineRunOf(nb: vscode.NotebookDocument): EngineRun | undefined {
  return lookup(nb);
}

export function fireEngineRunsChanged(): void {
  changed.fire();
}
