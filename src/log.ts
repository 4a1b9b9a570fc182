import * as vscode from 'vscode';
import { LOG_CHANNEL } from './constants';
import { redactingLogger } from './core/incident/redact';
import type { Logger } from './core/logger';

/**
 * The one log channel, seen by the rest of the extension only through a redacting core Logger: key-shaped
 * secrets and the values `secrets()` names (secret variables) never reach the log.
 */
export function createLog(context: vscode.ExtensionContext, secrets: () => string[]): Logger {
  const channel = vscode.window.createOutputChannel(LOG_CHANNEL, { log: true });
  context.subscriptions.push(channel);
  return redactingLogger(channel, () => ({ secrets: secrets() }));
}
