import * as vscode from 'vscode';
import type { CellRun } from '../core/tree/phaseModel';

/** A cell whose execution has begun and not ended: an execution order, no result, no timing yet. */
function isRunning(cell: vscode.NotebookCell): boolean {
  const s = cell.executionSummary;
  return !!s && s.executionOrder !== undefined && s.success === undefined && !s.timing;
}

/**
 * The last run of each code cell: finished runs from VS Code's executionSummary; running ones from when this
 * tracker first saw them running (VS Code gives no start time until the end).
 */
export class RunTracker {
  private readonly started = new Map<string, number>();

  observe(cell: vscode.NotebookCell, now: number): void {
    const key = cell.document.uri.toString();
    if (isRunning(cell)) {
      if (!this.started.has(key)) {
        this.started.set(key, now);
      }
    } else {
      this.started.delete(key);
    }
  }

  runs(nb: vscode.NotebookDocument, now: number): Map<number, CellRun> {
    const runs = new Map<number, CellRun>();
    for (const cell of nb.getCells()) {
      this.observe(cell, now);
      const running = this.started.get(cell.document.uri.toString());
      const t = cell.executionSummary?.timing;
      if (running !== undefined) {
        runs.set(cell.index, { state: 'running', startMs: running });
      } else if (t) {
        runs.set(cell.index, { state: cell.executionSummary?.success === false ? 'failed' : 'done', startMs: t.startTime, endMs: t.endTime });
      }
    }
    return runs;
  }
}

/** The runbook notebook a tree follows, by URI string (the commands' `notebookUri`). */
export function findNotebook(uri: unknown): vscode.NotebookDocument | undefined {
  if (typeof uri !== 'string') {
    return undefined;
  }
  return vscode.workspace.notebookDocuments.find((nb) => nb.uri.toString() === uri || nb.uri.fsPath === uri);
}
