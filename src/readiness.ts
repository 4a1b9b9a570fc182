import * as vscode from 'vscode';

/** What the last check of a runbook found, for the Region Health view's readiness line. */
export interface Readiness {
  errors: number;
  warnings: number;
  notes: number;
  /** True when the live checks ran too (Runbooks: Check Runbook). */
  live: boolean;
  /** UTC ISO time of the check. */
  time: string;
}

/** The latest readiness per notebook: the check surface writes it, the sidebar reads it. */
export class ReadinessRegistry implements vscode.Disposable {
  private readonly byUri = new Map<string, Readiness>();
  private readonly changed = new vscode.EventEmitter<string>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, readiness: Readiness | undefined): void {
    const key = uri.toString();
    if (readiness) {
      this.byUri.set(key, readiness);
    } else {
      this.byUri.delete(key);
    }
    this.changed.fire(key);
  }

  get(uri: vscode.Uri): Readiness | undefined {
    return this.byUri.get(uri.toString());
  }

  dispose(): void {
    this.changed.dispose();
  }
}
