import * as vscode from 'vscode';
import type { StreamItem } from '../core/kernel/context';
import { EXECUTION_METADATA_KEY } from '../constants';
import { MIME, type CellOutput, type ExecutionSummary } from '../core/runbook/model';

function toItem(mime: string, data: string): vscode.NotebookCellOutputItem {
  if (mime === MIME.error) {
    try {
      const e = JSON.parse(data) as { name?: string; message?: string; stack?: string };
      return vscode.NotebookCellOutputItem.error({ name: e.name ?? 'Error', message: e.message ?? '', stack: e.stack });
    } catch {
      return vscode.NotebookCellOutputItem.error({ name: 'Error', message: data });
    }
  }
  if (mime === MIME.stdout) {
    return vscode.NotebookCellOutputItem.stdout(data);
  }
  if (mime === MIME.stderr) {
    return vscode.NotebookCellOutputItem.stderr(data);
  }
  return vscode.NotebookCellOutputItem.text(data, mime);
}

/** A core CellOutput as VS Code's, carrying `{ runbookExecution: ExecutionSummary }`. */
export function toNotebookOutput(output: CellOutput, execution: ExecutionSummary): vscode.NotebookCellOutput {
  return new vscode.NotebookCellOutput(
    output.items.map((i) => toItem(i.mime, i.data)),
    { [EXECUTION_METADATA_KEY]: execution },
  );
}

/**
 * Appends streamed chunks to the running cell as they come: consecutive chunks of one stream go into the
 * same output. Appends are chained so they land in order.
 */
export class StreamingOutput {
  private last: { stream: StreamItem['stream']; output: vscode.NotebookCellOutput } | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly execution: vscode.NotebookCellExecution) {}

  push(item: StreamItem): void {
    this.chain = this.chain.then(() => this.append(item)).catch(() => {});
  }

  /** Resolves once every chunk pushed so far has been appended. */
  settled(): Promise<void> {
    return this.chain;
  }

  private async append(item: StreamItem): Promise<void> {
    const data = toItem(item.stream === 'stdout' ? MIME.stdout : MIME.stderr, item.text);
    if (this.last?.stream === item.stream) {
      await this.execution.appendOutputItems(data, this.last.output);
      return;
    }
    const output = new vscode.NotebookCellOutput([data]);
    this.last = { stream: item.stream, output };
    await this.execution.appendOutput(output);
  }
}

/** An error output for an execution that never started (untrusted workspace, no runbook). */
export function errorNotebookOutput(name: string, message: string): vscode.NotebookCellOutput {
  return new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.error({ name, message })]);
}
