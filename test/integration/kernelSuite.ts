/** Running the seed runbook's cells through the `runbook-kernel` controller against the seeded moto. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activateExtension,
  cellContaining,
  executeCell,
  jsonOutput,
  openRunbook,
  outputText,
  restoreRunbook,
  revertAll,
  selectKernel,
  testContext,
  waitFor,
} from './helpers';

interface DescribeTable {
  Table: { TableName: string; TableStatus: string };
}
interface DescribeClusters {
  clusters: { clusterName: string }[];
}
interface Replication {
  ReplicationConfiguration: { Rules: unknown[] };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
const isDescribeTable = (v: unknown): v is DescribeTable => isObject(v) && isObject(v.Table);
const isDescribeClusters = (v: unknown): v is DescribeClusters => isObject(v) && Array.isArray(v.clusters);
const isReplication = (v: unknown): v is Replication => isObject(v) && isObject(v.ReplicationConfiguration);

export function defineKernelSuite(): void {
  describe('kernel: cells run against the seeded moto', function () {
    this.timeout(90_000);
    let editor: vscode.NotebookEditor;
    let kernelRuns = false;

    before(async () => {
      restoreRunbook();
      await activateExtension();
      editor = await openRunbook();
      await selectKernel(editor);
      kernelRuns = await executeCell(cellContaining(editor.notebook, 'aws dynamodb describe-table'), 20_000).then(
        () => true,
        () => false,
      );
    });
    /** Without a working controller every test would wait out its timeout: fail each at once instead. */
    const requireKernel = () => assert.ok(kernelRuns, 'the runbook-kernel controller did not run a cell within 20 s (is it registered?)');
    after(async () => {
      await revertAll();
      restoreRunbook();
    });

    it('runs the DynamoDB describe-table cell and shows the table as JSON', async () => {
      requireKernel();
      const cell = await executeCell(cellContaining(editor.notebook, 'aws dynamodb describe-table'));
      assert.equal(cell.executionSummary?.success, true, JSON.stringify(outputText(cell)).slice(0, 2000));
      const out = jsonOutput(cell, isDescribeTable);
      assert.equal(out.Table.TableName, testContext().estate.tableName);
      assert.equal(out.Table.TableStatus, 'ACTIVE');
    });

    it('runs the Phase 1 cell (ECS and the target group, with <TG_ARN> resolved)', async () => {
      requireKernel();
      const cell = await executeCell(cellContaining(editor.notebook, 'aws ecs describe-clusters'));
      assert.equal(cell.executionSummary?.success, true, JSON.stringify(outputText(cell)).slice(0, 2000));
      const clusters = jsonOutput(cell, isDescribeClusters);
      assert.equal(clusters.clusters[0]?.clusterName, testContext().estate.clusterName);
      const all = outputText(cell).map((o) => o.text).join('\n');
      assert.ok(all.includes('TargetHealthDescriptions'), 'the describe-target-health output is missing');
      assert.ok(!all.includes('<TG_ARN>'), 'the placeholder was sent literally');
    });

    it('runs the S3 get-bucket-replication cell', async () => {
      requireKernel();
      const cell = await executeCell(cellContaining(editor.notebook, 'aws s3api get-bucket-replication'));
      assert.equal(cell.executionSummary?.success, true, JSON.stringify(outputText(cell)).slice(0, 2000));
      assert.ok(jsonOutput(cell, isReplication).ReplicationConfiguration.Rules.length > 0);
      // One output for the call: the JSON asked for first, the CLI's text and table and a markdown table beside it.
      const result = cell.outputs.filter((o) => o.items.some((i) => i.mime === 'application/json'));
      assert.equal(result.length, 1, JSON.stringify(outputText(cell)).slice(0, 500));
      assert.deepEqual(result[0].items.map((i) => i.mime), ['application/json', 'application/vnd.runbook.aws-text', 'application/vnd.runbook.aws-table', 'text/markdown']);
    });

    it('gives each run an increasing execution order', async () => {
      requireKernel();
      const first = await executeCell(cellContaining(editor.notebook, 'aws dynamodb describe-table'));
      const a = first.executionSummary?.executionOrder ?? 0;
      const second = await executeCell(first);
      assert.ok((second.executionSummary?.executionOrder ?? 0) > a, 'execution order did not increase');
    });

    it('runs Phase 1 through runbooks.runPhase (the same call the untrusted suite expects to be refused)', async () => {
      requireKernel();
      const cell = cellContaining(editor.notebook, 'aws ecs describe-clusters');
      await vscode.commands.executeCommand('notebook.clearAllCellsOutputs');
      const ran = await vscode.commands.executeCommand('runbooks.runPhase', { notebookUri: editor.notebook.uri.toString(), phaseTitle: 1 });
      assert.equal(ran, true, JSON.stringify(outputText(cell)).slice(0, 2000));
      // the cell's summary and outputs reach this extension host a moment after the command resolves
      await waitFor('the Phase 1 cell to show its result', () => cell.executionSummary?.success === true && cell.outputs.length > 0);
      assert.equal(jsonOutput(cell, isDescribeClusters).clusters[0]?.clusterName, testContext().estate.clusterName);
    });

    it('runs a plain shell cell and streams its stdout', async () => {
      requireKernel();
      const edit = new vscode.WorkspaceEdit();
      const data = new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'echo "hello from $0"; exit 0', 'bash');
      edit.set(editor.notebook.uri, [vscode.NotebookEdit.insertCells(editor.notebook.cellCount, [data])]);
      assert.equal(await vscode.workspace.applyEdit(edit), true);
      const cell = await executeCell(editor.notebook.cellAt(editor.notebook.cellCount - 1));
      assert.equal(cell.executionSummary?.success, true, JSON.stringify(outputText(cell)));
      assert.match(outputText(cell).map((o) => o.text).join(''), /hello from/);
    });

    it('routes a shell cell\'s aws (even inside bash -c) through the kernel, to the settings\' endpoint', async () => {
      requireKernel();
      const edit = new vscode.WorkspaceEdit();
      const text = `bash -c 'aws sts get-caller-identity --query Account --output text'\necho "keys: [$AWS_ACCESS_KEY_ID]"`;
      const data = new vscode.NotebookCellData(vscode.NotebookCellKind.Code, text, 'bash');
      edit.set(editor.notebook.uri, [vscode.NotebookEdit.insertCells(editor.notebook.cellCount, [data])]);
      assert.equal(await vscode.workspace.applyEdit(edit), true);
      const cell = await executeCell(editor.notebook.cellAt(editor.notebook.cellCount - 1));
      const all = outputText(cell).map((o) => o.text).join('');
      assert.equal(cell.executionSummary?.success, true, all);
      assert.match(all, /^\d{12}$/m, 'the account moto answers, through the shim');
      assert.match(all, /keys: \[\]/, 'the shell holds no AWS keys of its own');
    });

    it('fails a cell that calls an unknown AWS operation, with an error output', async () => {
      requireKernel();
      const edit = new vscode.WorkspaceEdit();
      const data = new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'aws dynamodb describe-tabel --table-name x --region eu-west-1', 'bash');
      edit.set(editor.notebook.uri, [vscode.NotebookEdit.insertCells(editor.notebook.cellCount, [data])]);
      assert.equal(await vscode.workspace.applyEdit(edit), true);
      const cell = await executeCell(editor.notebook.cellAt(editor.notebook.cellCount - 1));
      assert.equal(cell.executionSummary?.success, false);
      const all = outputText(cell);
      assert.ok(all.some((o) => o.mime === 'application/vnd.code.notebook.error'), JSON.stringify(all));
      assert.match(all.map((o) => o.text).join('\n'), /describe-table/, 'the error should suggest the closest operation');
    });
  });
}
