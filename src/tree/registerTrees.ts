import * as vscode from 'vscode';
import { registerCommands } from '../commands';
import { COMMANDS, RENDERER_ID, VIEWS } from '../constants';
import type { TreeNodeModel } from '../core/tree/node';
import type { ExtensionDeps } from '../deps';
import type { ToggleTaskMessage } from '../rendererMessages';
import { Sidebar } from './sidebar';
import { cellBySource, revealCell, toggleChecklistItem } from './treeCommands';

function isToggleMessage(m: unknown): m is ToggleTaskMessage {
  const t = m as Partial<ToggleTaskMessage> | undefined;
  return t?.type === 'runbook.toggleTask' && typeof t.source === 'string' && typeof t.lineInCell === 'number' && typeof t.checked === 'boolean';
}

/** Clicks on `input.runbook-task` in rendered markdown cells arrive here from the notebook renderer. */
function registerRendererMessaging(deps: ExtensionDeps): void {
  const messaging = vscode.notebooks.createRendererMessaging(RENDERER_ID);
  deps.context.subscriptions.push(messaging.onDidReceiveMessage(async ({ editor, message }) => {
    if (!isToggleMessage(message)) {
      return;
    }
    const cellIndex = cellBySource(editor, message.source);
    if (cellIndex === undefined) {
      deps.log.warn('checklist: a tick from the renderer matched no single markdown cell (edited meanwhile, or the same text in several cells)');
      void vscode.window.showWarningMessage('Runbooks: could not tell which cell that box is in; tick it in the Checklists view.');
      return;
    }
    const args = { notebookUri: editor.notebook.uri.toString(), cellIndex, lineInCell: message.lineInCell, checked: message.checked };
    await vscode.commands.executeCommand(COMMANDS.toggleChecklistItem, args).then(undefined, () => undefined);
  }));
}

function registerViews(deps: ExtensionDeps, sidebar: Sidebar): void {
  const phases = vscode.window.createTreeView(VIEWS.phases, { treeDataProvider: sidebar.phases, showCollapseAll: true });
  const checklists = vscode.window.createTreeView(VIEWS.checklists, { treeDataProvider: sidebar.checklists, manageCheckboxStateManually: true });
  const health = vscode.window.createTreeView(VIEWS.regionHealth, { treeDataProvider: sidebar.health });
  deps.context.subscriptions.push(phases, checklists, health);
  phases.onDidChangeVisibility((e) => sidebar.setPhasesVisible(e.visible), undefined, deps.context.subscriptions);
  checklists.onDidChangeCheckboxState(async (e) => {
    for (const [node, state] of e.items as readonly [TreeNodeModel, vscode.TreeItemCheckboxState][]) {
      const args = { notebookUri: node.notebookUri, cellIndex: node.cellIndex, lineInCell: node.lineInCell, checked: state === vscode.TreeItemCheckboxState.Checked };
      await vscode.commands.executeCommand(COMMANDS.toggleChecklistItem, args).then(undefined, () => undefined);
    }
  }, undefined, deps.context.subscriptions);
}

/** The sidebar: three views following the active runbook notebook, their commands, and the renderer's ticks. */
export function registerTrees(deps: ExtensionDeps): void {
  const sidebar = new Sidebar(deps);
  deps.context.subscriptions.push(sidebar);
  registerCommands(deps, {
    [COMMANDS.revealPhase]: (arg: unknown) => revealCell(arg),
    [COMMANDS.toggleChecklistItem]: async (arg: unknown) => {
      const outcome = await toggleChecklistItem(deps.sessions, arg);
      sidebar.update();
      return outcome;
    },
    [COMMANDS.refreshHealth]: () => sidebar.refreshHealth(),
    [COMMANDS.getSidebarState]: () => {
      sidebar.update();
      return JSON.parse(JSON.stringify(sidebar.state())) as unknown;
    },
  });
  registerViews(deps, sidebar);
  registerRendererMessaging(deps);
}
