import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AwsClientPool } from '../core/aws/clients';
import { SYSTEM_CLOCK, type ExecContext, type StreamItem } from '../core/kernel/context';
import { CellRunner } from '../core/kernel/runner';
import { buildOutline } from '../core/runbook/outline';
import type { RunbookOutline } from '../core/runbook/model';
import type { ExtensionDeps } from '../deps';
import { documentOf } from '../notebookDocument';
import type { ChangeView } from './changeView';
import type { KernelHost } from './controller';
import { confirmMutation, promptPlaceholder } from './prompts';
import type { IdentityStatusBar } from './statusBar';

/**
 * The per-notebook side of the kernel: one AwsClientPool per open notebook (rebuilt when the AWS settings
 * change, disposed when the notebook closes) and the ExecContext each cell runs with.
 */
export class NotebookKernels implements KernelHost, vscode.Disposable {
  readonly runner = new CellRunner();
  private readonly pools = new Map<string, { key: string; pool: AwsClientPool }>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly deps: ExtensionDeps,
    private readonly statusBar: IdentityStatusBar,
    private readonly changes: ChangeView,
  ) {
    vscode.workspace.onDidCloseNotebookDocument((nb) => this.close(nb), this, this.disposables);
  }

  get log(): ExtensionDeps['log'] {
    return this.deps.log;
  }

  poolFor(notebook: vscode.NotebookDocument): AwsClientPool {
    const settings = this.deps.settings().aws;
    const key = JSON.stringify(settings);
    const id = notebook.uri.toString();
    const known = this.pools.get(id);
    if (known?.key === key) {
      return known.pool;
    }
    known?.pool.dispose();
    const pool = new AwsClientPool(settings, process.env, this.deps.log);
    this.pools.set(id, { key, pool });
    return pool;
  }

  outlineOf(notebook: vscode.NotebookDocument): RunbookOutline {
    return buildOutline(documentOf(notebook, { outputs: false }));
  }

  contextFor(notebook: vscode.NotebookDocument, signal: AbortSignal, stream: (item: StreamItem) => void): ExecContext {
    const pool = this.poolFor(notebook);
    return {
      cwd: this.folderOf(notebook),
      session: this.deps.sessions.get(notebook),
      settings: this.deps.settings(),
      pool,
      logger: this.deps.log,
      signal,
      outline: this.outlineOf(notebook),
      env: process.env,
      stream,
      confirm: (req) => confirmMutation(req, (r) => this.changes.decide(r)),
      prompt: (req) => promptPlaceholder(req, pool, signal),
      clock: SYSTEM_CLOCK,
      onIdentity: (id) => this.statusBar.show(id),
    };
  }

  private folderOf(notebook: vscode.NotebookDocument): string {
    if (notebook.uri.scheme === 'file') {
      return path.dirname(notebook.uri.fsPath);
    }
    return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.homedir();
  }

  private close(notebook: vscode.NotebookDocument): void {
    const id = notebook.uri.toString();
    this.pools.get(id)?.pool.dispose();
    this.pools.delete(id);
  }

  dispose(): void {
    this.pools.forEach((p) => p.pool.dispose());
    this.pools.clear();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
