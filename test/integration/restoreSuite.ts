/**
 * Crash safety and the changed-on-disk guard in the real extension host: an unfinished session's journal is
 * restored into the open notebook by `runbooks.restoreSession`, and a save never silently overwrites a runbook
 * someone else changed on disk.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, cellContaining, openRunbook, originalBytes, outputText, restoreRunbook, revertAll, runbookUri, waitFor, withTimeout } from './helpers';

const SESSION = 'crashed-session';

function journalPath(): string {
  return path.join(path.dirname(runbookUri().fsPath), '.runbook', `dr-runbook.${SESSION}.jsonl`);
}

export function defineRestoreSuite(): void {
  describe('incident: restore an unfinished session, and never overwrite a runbook changed on disk', function () {
    this.timeout(90_000);
    before(async () => {
      // A write to the runbook makes VS Code reload the open notebook from disk a moment later; a reload landing after
      // the restore would wipe its dirty state. Write only if needed, then let the workbench catch up with the disk.
      if (!fs.readFileSync(runbookUri().fsPath).equals(originalBytes())) {
        restoreRunbook();
      }
      const settle = fs.statSync(runbookUri().fsPath).mtimeMs + 4000 - Date.now();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, settle)));
    });
    after(async () => {
      await revertAll();
      restoreRunbook();
      fs.rmSync(journalPath(), { force: true });
    });

    it('restores the outputs of an unfinished journal through runbooks.restoreSession and closes that journal', async () => {
      await activateExtension();
      const editor = await openRunbook();
      const cell = cellContaining(editor.notebook, 'aws dynamodb describe-table');
      const events = [
        { type: 'session-start', time: '2026-11-29T03:00:00.000Z', sessionId: SESSION, runbookPath: runbookUri().fsPath, operator: 'jane', host: 'laptop' },
        {
          type: 'execution',
          time: '2026-11-29T03:01:00.000Z',
          cellIndex: cell.index,
          source: cell.document.getText(),
          execution: { startTime: '2026-11-29T03:01:00.000Z', durationMs: 10, success: true, ranBy: 'jane' },
          outputs: [{ items: [{ mime: 'text/plain', data: 'RESTORED-OUTPUT\n' }] }],
        },
      ];
      fs.mkdirSync(path.dirname(journalPath()), { recursive: true });
      fs.writeFileSync(journalPath(), events.map((e) => JSON.stringify(e)).join('\n') + '\n');

      await vscode.commands.executeCommand('runbooks.restoreSession');

      await waitFor('the restored output', () => outputText(cellContaining(editor.notebook, 'aws dynamodb describe-table')).some((o) => o.text.includes('RESTORED-OUTPUT')));
      // the dirty flag reaches the extension host after the edit itself (seconds later while the web workbench is busy)
      await waitFor('the notebook to be dirty: a restore is an edit the engineer saves', () => editor.notebook.isDirty, 45_000);
      assert.match(fs.readFileSync(journalPath(), 'utf8'), /"session-end"/);
    });

    it('does not overwrite a runbook that changed on disk since it was opened', async () => {
      const editor = await openRunbook();
      await waitFor('the restored outputs to be unsaved', () => editor.notebook.isDirty, 45_000);
      fs.appendFileSync(runbookUri().fsPath, '\nchanged by someone else\n');
      const changed = fs.readFileSync(runbookUri().fsPath, 'utf8');
      await withTimeout('save', editor.notebook.save(), 10_000).catch(() => false);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.equal(fs.readFileSync(runbookUri().fsPath, 'utf8'), changed, 'the change on disk was overwritten');
    });
  });
}
