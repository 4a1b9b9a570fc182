/** Small helpers for the suites that run inside the real extension host. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'runbook-notebook.runbook-notebook';
export const NOTEBOOK_TYPE = 'runbook';
export const CONTROLLER_ID = 'runbook-kernel';

/** What the harness hands the suite (RUNBOOK_TEST_CONTEXT names a JSON file holding it). */
export interface IntegrationContext {
  /** The seeded moto's endpoint. */
  endpoint: string;
  /** The repository's runbooks/dr-runbook.md: the bytes every save is compared against. */
  originalRunbook: string;
  /** The estate as seeded (test/support/estate.ts), as plain JSON. */
  estate: { tableName: string; zoneId: string; tgArn: Record<string, string>; clusterName: string; bucket: string };
}

let cached: IntegrationContext | undefined;

export function testContext(): IntegrationContext {
  if (!cached) {
    const file = process.env.RUNBOOK_TEST_CONTEXT;
    assert.ok(file, 'RUNBOOK_TEST_CONTEXT is not set: run this suite through npm run test:integration (or test:electron)');
    cached = JSON.parse(fs.readFileSync(file, 'utf8')) as IntegrationContext;
  }
  return cached;
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open');
  return folder.uri.fsPath;
}

export function runbookUri(name = 'dr-runbook.md'): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceRoot(), 'runbooks', name));
}

export function originalBytes(): Buffer {
  return fs.readFileSync(testContext().originalRunbook);
}

/** Puts the workspace copy of the runbook back to the repository's bytes. */
export function restoreRunbook(): void {
  fs.writeFileSync(runbookUri().fsPath, originalBytes());
}

export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  await ext.activate();
  return ext;
}

/**
 * Opens the runbook as a notebook editor, reusing a visible one. Editors are kept open between tests on
 * purpose: in the web workbench every new notebook webview waits ~30 s for its service worker hand-off.
 */
export async function openRunbook(uri = runbookUri()): Promise<vscode.NotebookEditor> {
  const doc = await vscode.workspace.openNotebookDocument(uri);
  return vscode.window.showNotebookDocument(doc);
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) {
        return v;
      }
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** Reverts every dirty notebook (outputs and edits are dropped; the file on disk wins) and closes any quick pick. */
export async function revertAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  await withTimeout('revert', revertAllNow(), 15_000);
}

async function revertAllNow(): Promise<void> {
  for (const doc of vscode.workspace.notebookDocuments) {
    const hasOutputs = doc.getCells().some((c) => c.outputs.length > 0 || c.executionSummary?.executionOrder !== undefined);
    if (!doc.isDirty && !hasOutputs) {
      continue;
    }
    await vscode.window.showNotebookDocument(doc);
    // VS Code's revert keeps outputs of cells whose source did not change: clear them first
    if (hasOutputs) {
      await vscode.commands.executeCommand('notebook.clearAllCellsOutputs');
    }
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
}

/** At the very end: revert, then close every editor, so no dirty notebook outlives the run. */
export async function revertAndCloseAll(): Promise<void> {
  await revertAll();
  await withTimeout('close all editors', vscode.commands.executeCommand('workbench.action.closeAllEditors'), 15_000);
}

export async function withTimeout<T>(what: string, p: Thenable<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_r, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish in ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([Promise.resolve(p), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function codeCells(doc: vscode.NotebookDocument): vscode.NotebookCell[] {
  return doc.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
}

export function cellContaining(doc: vscode.NotebookDocument, text: string): vscode.NotebookCell {
  const cell = doc.getCells().find((c) => c.document.getText().includes(text));
  assert.ok(cell, `no cell contains ${JSON.stringify(text)} in ${doc.uri.fsPath} (${doc.cellCount} cells, closed: ${doc.isClosed})`);
  return cell;
}

export async function selectKernel(editor: vscode.NotebookEditor): Promise<void> {
  await vscode.window.showNotebookDocument(editor.notebook);
  await vscode.commands.executeCommand('notebook.selectKernel', { id: CONTROLLER_ID, extension: EXTENSION_ID });
}

/**
 * Asks VS Code to run one cell (as the run button does) and waits until its execution ends.
 * The command is not awaited: without a kernel it opens the kernel picker and never returns.
 */
export async function executeCell(cell: vscode.NotebookCell, timeoutMs = 30_000): Promise<vscode.NotebookCell> {
  const before = JSON.stringify(cell.executionSummary ?? null);
  void vscode.commands.executeCommand('notebook.cell.execute', {
    ranges: [{ start: cell.index, end: cell.index + 1 }],
    document: cell.notebook.uri,
  });
  return waitFor(
    `cell ${cell.index} to finish`,
    () => {
      const s = cell.executionSummary;
      return s?.success !== undefined && JSON.stringify(s) !== before ? cell : undefined;
    },
    timeoutMs,
  );
}

export function outputText(cell: vscode.NotebookCell): { mime: string; text: string }[] {
  const decoder = new TextDecoder();
  return cell.outputs.flatMap((o) => o.items.map((i) => ({ mime: i.mime, text: decoder.decode(i.data) })));
}

/** The first output item that parses as JSON and satisfies `pick`. */
export function jsonOutput<T>(cell: vscode.NotebookCell, pick: (v: unknown) => v is T): T {
  for (const { text } of outputText(cell)) {
    try {
      const v: unknown = JSON.parse(text);
      if (pick(v)) {
        return v;
      }
    } catch (_e) {
      // not JSON: the table or text rendering
    }
  }
  assert.fail(`no JSON output of the expected shape in cell ${cell.index}: ${JSON.stringify(outputText(cell)).slice(0, 2000)}`);
}
