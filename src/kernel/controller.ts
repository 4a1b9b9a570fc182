import * as vscode from 'vscode';
import { CONTROLLER_ID, NOTEBOOK_TYPE, NOTEBOOK_TYPES } from '../constants';
import type { CellResult, ExecContext, StreamItem } from '../core/kernel/context';
import type { CellRunner } from '../core/kernel/runner';
import type { Logger } from '../core/logger';
import type { CellOutput, ExecutionSummary } from '../core/runbook/model';
import { toCellInput } from './notebookModel';
import { errorOutput } from '../core/kernel/outputs';
import { toNotebookOutput } from '../notebookDocument';
import { StreamingOutput } from './streamingOutput';

/** Languages a runbook cell may run as (VS Code ids); data blocks (json, yaml) are not run. */
export const SUPPORTED_LANGUAGES = ['shellscript', 'bash', 'sh', 'shell', 'zsh', 'aws', 'console', 'plaintext'];

const UNTRUSTED = 'This workspace is not trusted: runbook cells do not run. Trust the workspace to run them.';

export interface KernelHost {
  runner: CellRunner;
  log: Logger;
  contextFor(notebook: vscode.NotebookDocument, signal: AbortSignal, stream: (item: StreamItem) => void): ExecContext;
}

/**
 * One NotebookController per runbook notebook type. Cells run one after another and a run stops at the
 * first failure; interrupt aborts every in-flight cell of the notebook (SDK call or process group).
 * Nothing runs in an untrusted workspace, and nothing runs on open.
 */
export class RunbookController implements vscode.Disposable {
  private readonly controllers = new Map<string, vscode.NotebookController>();
  private readonly inflight = new Map<string, Set<AbortController>>();
  private readonly order = new Map<string, number>();
  /** Notebooks whose selected kernel is ours: VS Code only lets the selected controller create executions. */
  private readonly selected = new Set<string>();

  constructor(
    private readonly host: KernelHost,
    private readonly extensionId: string,
  ) {
    for (const type of NOTEBOOK_TYPES) {
      const id = type === NOTEBOOK_TYPE ? CONTROLLER_ID : `${CONTROLLER_ID}-any`;
      const c = vscode.notebooks.createNotebookController(id, type, 'Runbook', (cells, nb) => this.execute(cells, nb).then(() => undefined));
      c.supportedLanguages = SUPPORTED_LANGUAGES;
      c.supportsExecutionOrder = true;
      c.description = 'AWS through the SDK, dig, shell';
      c.interruptHandler = (nb) => this.interrupt(nb);
      c.onDidChangeSelectedNotebooks(({ notebook, selected }) => {
        const key = notebook.uri.toString();
        if (selected) {
          this.selected.add(key);
        } else {
          this.selected.delete(key);
        }
      });
      this.controllers.set(type, c);
    }
  }

  /** Runs the cells in order; stops at the first failure or on interrupt. True when every cell succeeded. */
  async execute(cells: readonly vscode.NotebookCell[], notebook: vscode.NotebookDocument): Promise<boolean> {
    const controller = this.controllers.get(notebook.notebookType);
    if (!controller) {
      return false;
    }
    if (!vscode.workspace.isTrusted) {
      // Refuse before an execution exists: nothing runs, and no output of an earlier run is touched.
      void vscode.window.showErrorMessage(UNTRUSTED);
      return false;
    }
    await this.ensureSelected(controller, notebook);
    const abort = new AbortController();
    const key = notebook.uri.toString();
    const set = this.inflight.get(key) ?? new Set<AbortController>();
    this.inflight.set(key, set.add(abort));
    try {
      for (const cell of cells.filter((c) => c.kind === vscode.NotebookCellKind.Code)) {
        if (abort.signal.aborted || !(await this.runOne(controller, cell, notebook, abort)).success) {
          return false;
        }
      }
      return true;
    } finally {
      set.delete(abort);
    }
  }

  /**
   * Runs one cell as a local run does (a Step Functions local step the user said yes to): its output goes
   * into the cell, and the result is returned for the execution. Undefined: nothing ran (untrusted).
   */
  async runCell(notebook: vscode.NotebookDocument, cellIndex: number): Promise<CellResult | undefined> {
    const controller = this.controllers.get(notebook.notebookType);
    if (!controller || !vscode.workspace.isTrusted || cellIndex >= notebook.cellCount) {
      return undefined;
    }
    await this.ensureSelected(controller, notebook);
    const abort = new AbortController();
    const set = this.inflight.get(notebook.uri.toString()) ?? new Set<AbortController>();
    this.inflight.set(notebook.uri.toString(), set.add(abort));
    try {
      return await this.runOne(controller, notebook.cellAt(cellIndex), notebook, abort);
    } finally {
      set.delete(abort);
    }
  }

  /** Run Phase from the sidebar may come before anyone picked a kernel: select ours for that notebook first. */
  private async ensureSelected(controller: vscode.NotebookController, notebook: vscode.NotebookDocument): Promise<void> {
    const key = notebook.uri.toString();
    if (this.selected.has(key)) {
      return;
    }
    const notebookEditor = vscode.window.visibleNotebookEditors.find((e) => e.notebook === notebook);
    await vscode.commands.executeCommand('notebook.selectKernel', { notebookEditor, id: controller.id, extension: this.extensionId });
    for (let waited = 0; !this.selected.has(key) && waited < 3000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Shows a result that ran elsewhere (a Step Functions execution) in its cell, through this controller. */
  async showResult(notebook: vscode.NotebookDocument, cellIndex: number, outputs: CellOutput[], execution: ExecutionSummary): Promise<void> {
    const controller = this.controllers.get(notebook.notebookType);
    if (!controller || cellIndex >= notebook.cellCount) {
      return;
    }
    await this.ensureSelected(controller, notebook);
    const exec = controller.createNotebookCellExecution(notebook.cellAt(cellIndex));
    exec.start(Date.now());
    await exec.replaceOutput(outputs.map((o) => toNotebookOutput(o, execution)));
    exec.end(execution.success, Date.now());
  }

  interrupt(notebook: vscode.NotebookDocument): void {
    for (const abort of this.inflight.get(notebook.uri.toString()) ?? []) {
      abort.abort();
    }
  }

  private async runOne(controller: vscode.NotebookController, cell: vscode.NotebookCell, notebook: vscode.NotebookDocument, abort: AbortController): Promise<CellResult> {
    const exec = controller.createNotebookCellExecution(cell);
    const order = (this.order.get(notebook.uri.toString()) ?? 0) + 1;
    this.order.set(notebook.uri.toString(), order);
    exec.executionOrder = order;
    exec.start(Date.now());
    await exec.clearOutput();
    const cancel = exec.token.onCancellationRequested(() => abort.abort());
    try {
      const streaming = new StreamingOutput(exec);
      const ctx = this.host.contextFor(notebook, abort.signal, (item) => streaming.push(item));
      const result = await this.host.runner.run(toCellInput(cell, order), ctx);
      await streaming.settled();
      await exec.replaceOutput(result.outputs.map((o) => toNotebookOutput(o, result.execution)));
      exec.end(result.success, Date.now());
      return result;
    } catch (e) {
      this.host.log.error(e instanceof Error ? e : String(e));
      const output = errorOutput({ name: 'kernelError', message: e instanceof Error ? e.message : String(e) });
      await exec.replaceOutput(toNotebookOutput(output));
      exec.end(false, Date.now());
      return { success: false, outputs: [output], execution: { startTime: new Date().toISOString(), durationMs: 0, success: false } };
    } finally {
      cancel.dispose();
    }
  }

  dispose(): void {
    for (const set of this.inflight.values()) {
      set.forEach((a) => a.abort());
    }
    this.controllers.forEach((c) => c.dispose());
    this.controllers.clear();
  }
}
