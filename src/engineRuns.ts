/**
 * The executions the Step Functions surface follows, for the other surfaces of the same window: "Save as
 * Incident Record" (the record from the history) and the Phases view (each phase's state in the execution).
 * One `EngineRuns` is made by extension.ts and handed to the surfaces in ExtensionDeps.
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

export type EngineRunLookup = (nb: vscode.NotebookDocument) => EngineRun | undefined;

const NONE: EngineRunLookup = () => undefined;

/** The followed executions of this window: the Step Functions surface answers the lookup and fires; the others read and listen. */
export class EngineRuns implements vscode.Disposable {
  private source: EngineRunLookup = NONE;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a followed execution's view changed. */
  readonly onDidChange = this.changed.event;

  /** Set by src/engineUi/register.ts with its followers; the returned Disposable takes it back. */
  setLookup(lookup: EngineRunLookup): vscode.Disposable {
    this.source = lookup;
    return new vscode.Disposable(() => {
      if (this.source === lookup) {
        this.source = NONE;
      }
    });
  }

  /** The execution followed for a notebook (running or ended), if any. */
  lookup(nb: vscode.NotebookDocument): EngineRun | undefined {
    return this.source(nb);
  }

  fire(): void {
    this.changed.fire();
  }

  dispose(): void {
    this.source = NONE;
    this.changed.dispose();
  }
}
