import * as vscode from 'vscode';
import { errorMessage } from './core/errors';
import type { ExtensionDeps } from './deps';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- command arguments come from menus, trees and other extensions
export type CommandHandler = (...args: any[]) => unknown;

/**
 * Registers a surface's table of commands, each wrapped once for the cross-cutting work: a failure is logged
 * and shown as one toast, and the command then resolves to undefined (no second toast from VS Code).
 */
export function registerCommands(deps: ExtensionDeps, table: Record<string, CommandHandler>): void {
  for (const [id, handler] of Object.entries(table)) {
    deps.context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await handler(...args);
        } catch (e) {
          deps.log.error(`${id}: ${errorMessage(e)}`);
          void vscode.window.showErrorMessage(errorMessage(e));
          return undefined;
        }
      }),
    );
  }
}
