import * as vscode from 'vscode';
import type { TreeNodeModel } from './core/tree/node';

/** Maps one pure TreeNodeModel onto a TreeItem; nothing else. */
export function toTreeItem(node: TreeNodeModel): vscode.TreeItem {
  const state = node.children?.length
    ? node.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed
    : vscode.TreeItemCollapsibleState.None;
  const item = new vscode.TreeItem(node.label, state);
  item.id = node.id;
  item.description = node.description;
  item.tooltip = node.tooltip;
  item.contextValue = node.contextValue;
  if (node.icon) {
    item.iconPath = new vscode.ThemeIcon(node.icon, node.iconColor ? new vscode.ThemeColor(node.iconColor) : undefined);
  }
  if (node.checked !== undefined) {
    item.checkboxState = node.checked ? vscode.TreeItemCheckboxState.Checked : vscode.TreeItemCheckboxState.Unchecked;
  }
  if (node.command) {
    item.command = { command: node.command.command, title: node.command.title, arguments: node.command.arguments };
  }
  return item;
}

/** A thin TreeDataProvider over a list of models that the sidebar replaces wholesale. */
export class ModelTreeProvider implements vscode.TreeDataProvider<TreeNodeModel>, vscode.Disposable {
  private roots: TreeNodeModel[] = [];
  private readonly changed = new vscode.EventEmitter<TreeNodeModel | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  get nodes(): TreeNodeModel[] {
    return this.roots;
  }

  set(nodes: TreeNodeModel[]): void {
    this.roots = nodes;
    this.changed.fire(undefined);
  }

  getTreeItem(node: TreeNodeModel): vscode.TreeItem {
    return toTreeItem(node);
  }

  getChildren(node?: TreeNodeModel): TreeNodeModel[] {
    return node ? (node.children ?? []) : this.roots;
  }

  getParent(node: TreeNodeModel): TreeNodeModel | undefined {
    const find = (list: TreeNodeModel[], parent?: TreeNodeModel): TreeNodeModel | undefined => {
      for (const n of list) {
        if (n.id === node.id) {
          return parent;
        }
        const hit = n.children ? find(n.children, n) : undefined;
        if (hit) {
          return hit;
        }
      }
      return undefined;
    };
    return find(this.roots);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
