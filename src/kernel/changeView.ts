import * as vscode from 'vscode';
import type { ConfirmRequest } from '../core/kernel/context';
import { CHANGE_SCHEME } from '../constants';

interface Pending {
  after: vscode.Uri;
  resolve(run: boolean): void;
}

/**
 * "Show change": a diff editor between the state now (read from AWS) and after (computed locally),
 * both read-only documents of CHANGE_SCHEME. Run and Cancel sit in that editor's title bar; closing
 * the editor cancels.
 */
export class ChangeView implements vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly pending = new Map<string, Pending>();
  private readonly disposables: vscode.Disposable[] = [];
  private count = 0;

  constructor() {
    this.disposables.push(
      vscode.workspace.registerTextDocumentContentProvider(CHANGE_SCHEME, { provideTextDocumentContent: (uri) => this.texts.get(uri.toString()) ?? '' }),
      vscode.window.tabGroups.onDidChangeTabs((e) => e.closed.forEach((tab) => this.onClosed(tab))),
    );
  }

  /** Opens now against after; resolves true for Run, false for Cancel or a closed editor. */
  async decide(req: ConfirmRequest): Promise<boolean> {
    const id = String(++this.count);
    const now = vscode.Uri.from({ scheme: CHANGE_SCHEME, path: `/${id}/now.yaml` });
    const after = vscode.Uri.from({ scheme: CHANGE_SCHEME, path: `/${id}/after.yaml` });
    this.texts.set(now.toString(), req.change?.nowText ?? `# No current state was read for ${req.service} ${req.operation}.\n`);
    this.texts.set(after.toString(), req.change?.afterText ?? `${JSON.stringify(req.request, null, 2)}\n`);
    const answer = new Promise<boolean>((resolve) => this.pending.set(id, { after, resolve }));
    const title = `${req.service} ${req.operation} in ${req.region}: now ↔ after`;
    await vscode.commands.executeCommand('vscode.diff', now, after, title, { preview: false });
    return answer;
  }

  /** The title bar's Run / Cancel (the editor's uri as argument; else the latest change shown). */
  answer(uri: unknown, run: boolean): void {
    const id = uri instanceof vscode.Uri && uri.scheme === CHANGE_SCHEME ? uri.path.split('/')[1] : [...this.pending.keys()].pop();
    const p = id !== undefined ? this.pending.get(id) : undefined;
    if (!p || id === undefined) {
      return;
    }
    this.finish(id, run);
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === p.after.toString());
    if (tab) {
      void vscode.window.tabGroups.close(tab);
    }
  }

  private onClosed(tab: vscode.Tab): void {
    if (tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.scheme === CHANGE_SCHEME) {
      this.finish(tab.input.modified.path.split('/')[1], false);
    }
  }

  private finish(id: string, run: boolean): void {
    const p = this.pending.get(id);
    this.pending.delete(id);
    p?.resolve(run);
  }

  dispose(): void {
    [...this.pending.keys()].forEach((id) => this.finish(id, false));
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
