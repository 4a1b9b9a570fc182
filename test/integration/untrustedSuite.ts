/** In an untrusted (restricted mode) workspace the runbook opens and renders, but no cell runs. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { cellContaining, codeCells, openRunbook, originalBytes, outputText, revertAll, runbookUri, selectKernel, testContext, withTimeout } from './helpers';

/** No cell succeeded, and no AWS answer (the seeded table's name, the cluster's) reached any output. */
function assertNothingRan(doc: vscode.NotebookDocument): void {
  const { tableName, clusterName } = testContext().estate;
  for (const cell of doc.getCells()) {
    assert.notEqual(cell.executionSummary?.success, true, `cell ${cell.index} ran successfully`);
    const text = outputText(cell).map((o) => o.text).join('\n');
    assert.ok(!text.includes(tableName) && !text.includes(clusterName), `cell ${cell.index} shows an AWS answer: ${text.slice(0, 500)}`);
  }
}

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

    it('does not run a cell when asked to, even with the runbook kernel selected', async () => {
      const editor = await openRunbook();
      const doc = editor.notebook;
      // with the kernel selected, only trust stands between the run button and an AWS call
      await selectKernel(editor);
      const cell = cellContaining(doc, 'aws dynamodb describe-table');
      // not awaited: in restricted mode VS Code asks for trust first (a dialog that tests refuse) and may never return
      void Promise.resolve(
        vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: cell.index, end: cell.index + 1 }], document: doc.uri }),
      ).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 3000));
      assertNothingRan(doc);
    });

    it('does not run a phase through runbooks.runPhase either (it refuses before running a cell)', async () => {
      const doc = (await openRunbook()).notebook;
      // explicit arguments, so no phase picker can make this pass by waiting: trusted, the same call runs Phase 1 and returns true
      const ran = await withTimeout('runbooks.runPhase', vscode.commands.executeCommand('runbooks.runPhase', { notebookUri: doc.uri.toString(), phaseTitle: 1 }), 20_000);
      assert.equal(ran, undefined, 'runbooks.runPhase did not refuse');
      assertNothingRan(doc);
      assert.deepEqual(fs.readFileSync(runbookUri().fsPath), originalBytes());
    });

    it('does not start anything on Step Functions either (runbooks.runOnStepFunctions refuses, no execution is followed)', async () => {
      const doc = (await openRunbook()).notebook;
      const arn = await withTimeout('runbooks.runOnStepFunctions', vscode.commands.executeCommand('runbooks.runOnStepFunctions', { notebookUri: doc.uri.toString(), phaseTitle: '3' }), 20_000);
      assert.equal(arn, undefined, 'runbooks.runOnStepFunctions did not refuse');
      const state = (await vscode.commands.executeCommand('runbooks.getEngineState')) as { executions: unknown[] };
      assert.deepEqual(state.executions, []);
      assertNothingRan(doc);
    });
  });
}
