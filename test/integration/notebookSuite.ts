/** Opening runbooks/dr-runbook.md as the `runbook` notebook, its cells, and byte-identical saves. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { MIME } from '../../src/core/runbook/model';
import { writeOutputBlock } from '../../src/core/runbook/outputBlock';
import { activateExtension, codeCells, openRunbook, originalBytes, restoreRunbook, revertAll, runbookUri, waitFor } from './helpers';

/** A runbook with persisted outputs, written into the workspace's runbooks/ by one test. */
const OUTPUTS_FILE = 'outputs-roundtrip.md';

/** The five fenced snippets of the seed runbook, in order (the first holds two commands). */
const SNIPPETS = [
  ['aws ecs describe-clusters --clusters prod-cluster --region af-south-1', 'aws elbv2 describe-target-health --target-group-arn <TG_ARN>'],
  ['aws dynamodb describe-table --table-name bbws-tenants --region eu-west-1'],
  ['aws s3api get-bucket-replication --bucket bbws-assets --region af-south-1'],
  ['aws route53 change-resource-record-sets', '--change-batch file://failover-dns.json'],
  ['dig wp.kimmyai.io'],
];

export function defineNotebookSuite(): void {
  describe('notebook: opening and saving the seed runbook', () => {
    before(() => restoreRunbook());
    afterEach(() => revertAll());
    // Removed only once the suite is done: VS Code copies a saved file into its local history after the save.
    after(() => fs.rmSync(runbookUri(OUTPUTS_FILE).fsPath, { force: true }));
    after(() => restoreRunbook());

    it('activates the extension', async () => {
      const ext = await activateExtension();
      assert.equal(ext.isActive, true);
    });

    it('opens runbooks/dr-runbook.md as the runbook notebook type', async () => {
      const editor = await openRunbook();
      assert.equal(editor.notebook.notebookType, 'runbook');
      assert.equal(editor.notebook.uri.fsPath, runbookUri().fsPath);
      assert.equal(vscode.window.activeNotebookEditor?.notebook.uri.toString(), editor.notebook.uri.toString());
    });

    it('has markdown cells and one bash code cell per fenced snippet', async () => {
      const doc = (await openRunbook()).notebook;
      const code = codeCells(doc);
      // a ```bash fence is VS Code's `shellscript` language (bash is one of its aliases)
      assert.deepEqual(
        code.map((c) => c.document.languageId),
        SNIPPETS.map(() => 'shellscript'),
      );
      SNIPPETS.forEach((parts, i) => {
        for (const part of parts) {
          assert.ok(code[i].document.getText().includes(part), `code cell ${i} lacks ${part}:\n${code[i].document.getText()}`);
        }
      });
      const markup = doc.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Markup);
      assert.ok(markup.length >= SNIPPETS.length, `expected markdown cells around the snippets, got ${markup.length}`);
      assert.ok(markup.every((c) => c.document.languageId === 'markdown'));
      assert.match(doc.cellAt(0).document.getText(), /^# Disaster Recovery Runbook/);
      const all = doc.getCells().map((c) => c.document.getText()).join('\n');
      for (const heading of ['### Phase 1: Assessment (15 minutes)', '### Phase 4: Verification (30 minutes)', '## Post-Incident']) {
        assert.ok(all.includes(heading), `no cell holds ${heading}`);
      }
    });

    it('saves without edits byte for byte', async () => {
      const doc = (await openRunbook()).notebook;
      assert.equal(doc.isDirty, false);
      await doc.save();
      assert.deepEqual(fs.readFileSync(runbookUri().fsPath), originalBytes());
    });

    it('saves an edit that was undone by hand byte for byte', async () => {
      const doc = (await openRunbook()).notebook;
      const cell = doc.cellAt(0);
      const text = cell.document.getText();
      await replaceCellText(cell, `${text}\n\nedited`);
      await replaceCellText(cell, text);
      await waitFor('the notebook to be dirty', () => doc.isDirty);
      assert.equal(await doc.save(), true);
      assert.deepEqual(fs.readFileSync(runbookUri().fsPath), originalBytes());
    });

    it('saves persisted outputs byte for byte, also an execution that left no output', async () => {
      const execution = { startTime: '2026-11-29T03:12:45.120Z', durationMs: 812, success: true, exitCode: 0, ranBy: 'alice', host: 'h', runner: 'shell' };
      const stdout = [{ items: [{ mime: MIME.stdout, data: 'hi ``` </details> -->\n' }] }];
      const text = [
        '# Outputs\n\n```bash\necho hi\n```\n\n',
        writeOutputBlock(stdout, { ...execution, executionOrder: 1 }, '', '\n'),
        '\n```bash\ntrue\n```\n\n',
        writeOutputBlock([], { ...execution, executionOrder: 2 }, '', '\n'),
      ].join('');
      const uri = runbookUri(OUTPUTS_FILE);
      fs.writeFileSync(uri.fsPath, text);
      const doc = await vscode.workspace.openNotebookDocument(uri);
      assert.deepEqual(
        doc.getCells().map((c) => [c.kind, c.outputs.length]),
        [
          [vscode.NotebookCellKind.Markup, 0],
          [vscode.NotebookCellKind.Code, 1],
          [vscode.NotebookCellKind.Code, 0],
        ],
      );
      const cell = doc.cellAt(0);
      const source = cell.document.getText();
      await replaceCellText(cell, `${source}\n\nedited`);
      await replaceCellText(cell, source);
      await waitFor('the notebook to be dirty', () => doc.isDirty);
      assert.equal(await doc.save(), true);
      assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), text);
    });
  });
}

async function replaceCellText(cell: vscode.NotebookCell, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  const doc = cell.document;
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  assert.equal(await vscode.workspace.applyEdit(edit), true);
}
