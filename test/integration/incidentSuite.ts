/** "Save as Incident Record" after a run: a record under incidents/, the template untouched. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  activateExtension,
  cellContaining,
  executeCell,
  openRunbook,
  originalBytes,
  restoreRunbook,
  revertAll,
  runbookUri,
  selectKernel,
  testContext,
  waitFor,
  workspaceRoot,
} from './helpers';

function records(): string[] {
  const dir = path.join(workspaceRoot(), 'incidents');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.md')) : [];
}

export function defineIncidentSuite(): void {
  describe('incident record', function () {
    this.timeout(90_000);
    before(() => restoreRunbook());
    after(async () => {
      await revertAll();
      restoreRunbook();
    });

    it('saves the executed runbook as incidents/<UTC start>-dr-runbook.md and leaves the template alone', async () => {
      await activateExtension();
      const editor = await openRunbook();
      await selectKernel(editor);
      const cell = await executeCell(cellContaining(editor.notebook, 'aws dynamodb describe-table'));
      assert.equal(cell.executionSummary?.success, true);
      const before = new Set(records());
      await vscode.commands.executeCommand('runbooks.saveIncidentRecord');
      const name = await waitFor('an incident record file', () => records().find((f) => !before.has(f)));
      assert.match(name, /^\d{4}-?\d{2}-?\d{2}T?.*-dr-runbook\.md$/);
      const text = fs.readFileSync(path.join(workspaceRoot(), 'incidents', name), 'utf8');
      assert.ok(text.includes('aws dynamodb describe-table'), 'the record lacks the executed cell');
      assert.ok(text.includes(testContext().estate.tableName), 'the record lacks the cell output');
      assert.ok(text.includes('123456789012'), 'the record lacks the AWS account');
      assert.ok(!/AKIA[0-9A-Z]{16}/.test(text), 'the record holds an access key id');
      assert.deepEqual(fs.readFileSync(runbookUri().fsPath), originalBytes(), 'the runbook template changed on disk');
    });

    it('writes a record that itself opens as a runbook notebook', async () => {
      const name = records()[0];
      assert.ok(name, 'no record was written');
      const doc = await vscode.workspace.openNotebookDocument(vscode.Uri.file(path.join(workspaceRoot(), 'incidents', name)));
      await vscode.window.showNotebookDocument(doc);
      assert.ok(doc.getCells().some((c) => c.document.getText().includes('aws dynamodb describe-table')));
    });
  });
}
