import * as vscode from 'vscode';
import type { StreamItem } from '../core/kernel/context';
import { MIME } from '../core/runbook/model';
import { toOutputItem } from '../notebookDocument';

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
    const data = toOutputItem(item.stream === 'stdout' ? MIME.stdout : MIME.stderr, item.text);
    if (this.last?.stream === item.stream) {
      await this.execution.appendOutputItems(data, this.last.output);
      return;
    }
    const output = new vscode.NotebookCellOutput([data]);
    this.last = { stream: item.stream, output };
    await this.execution.appendOutput(output);
  }
}
