import * as vscode from 'vscode';
import { LOG_CHANNEL } from './constants';
import type { Logger } from './core/logger';

/** The one log channel; it satisfies core's Logger structurally. */
export function createLog(context: vscode.ExtensionContext): vscode.LogOutputChannel & Logger {
  const channel = vscode.window.createOutputChannel(LOG_CHANNEL, { log: true });
  context.subscriptions.push(channel);
  return channel;
}
