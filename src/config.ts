import * as vscode from 'vscode';
import { CONFIG_SECTION } from './constants';
import { normalizeSettings, type Settings } from './core/settings';

/** The only reader of `runbooks.*`; VS Code nests dotted keys, so the object maps to Settings directly. */
export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const section = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
  const raw: Record<string, unknown> = {};
  for (const key of ['aws', 'dryRun', 'cellTimeoutSeconds', 'shell', 'variables', 'secretVariables', 'regions', 'health', 'incident', 'dns']) {
    raw[key] = section.get(key);
  }
  return normalizeSettings(raw);
}

export function onSettingsChange(listener: (e: vscode.ConfigurationChangeEvent) => void, disposables: vscode.Disposable[]): void {
  vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(CONFIG_SECTION)) {
      listener(e);
    }
  }, undefined, disposables);
}
