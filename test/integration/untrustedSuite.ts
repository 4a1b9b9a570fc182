/** In an untrusted (restricted mode) workspace the runbook opens and renders, but no cell runs. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { cellContaining, codeCells, openRunbook, originalBytes, revertAll, runbookUri } from './helpers';

export function defineUntrustedSuite(): void {
  describe('untrusted workspace: nothing runs', () => {
    after(() => revertAll());

    it('is really untrusted', () => {
      assert.equal(vscode.workspace.isTrusted, false);
    });

    it('still opens the runbook as a notebook with its cells', async () => {
      const doc = (await openRunbook()).notebook;
      assert.equal(doc.notebookType, 'runbook');
      assert.equal(codeCells(doc).length, 5);
    });

    it('does not run a cell when asked to', async () => {
      const doc = (await openRunbook()).notebook;
      const cell = cellContaining(doc, 'aws dynamodb describe-table');
      // not awaited: in restricted mode VS Code asks for trust first (a dialog that tests refuse) and may never return
      void Promise.resolve(
        vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: cell.index, end: cell.index + 1 }], document: doc.uri }),
      ).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 3000));
      assert.equal(cell.outputs.length, 0, 'the cell produced outputs');
      assert.equal(cell.executionSummary?.success, undefined, 'the cell has an execution result');
    });

    it('does not run a cell through the extension commands either', async () => {
      const doc = (await openRunbook()).notebook;
      void Promise.resolve(vscode.commands.executeCommand('runbooks.runPhase')).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 1000));
      assert.ok(
        doc.getCells().every((c) => c.outputs.length === 0),
        'a cell has outputs',
      );
      assert.deepEqual(fs.readFileSync(runbookUri().fsPath), originalBytes());
    });
  });
}
