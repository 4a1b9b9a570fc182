/**
 * Run on Step Functions with local steps (`runbooks.engine.local`) in the real workbench: a runbook whose phase
 * is one shell cell runs in moto's Step Functions interpreter, the execution waits on the cell as a local step,
 * the test answers the step's prompt with Run (the command the prompt's Run button executes, with the same
 * argument: an extension host cannot click its own notification), the cell runs here through the kernel, and
 * the execution's record holds the cell's output.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, openRunbook, revertAll, runbookUri, selectKernel, waitFor } from './helpers';

const RUNBOOK = `# Local step runbook

## DR Strategy

- **Primary Region**: af-south-1
- **DR Region**: eu-west-1
- **RTO**: 1 hour

### Phase 1: Check from the responder's machine (5 minutes)

\`\`\`bash
echo "ran in VS Code: $((6 * 7))"
\`\`\`
`;

interface Row { label: string; description?: string; engineState?: string; children?: Row[] }
interface EngineState { nodes: Row[]; executions: { executionArn: string; status?: string; error?: string }[] }

const engineState = async (): Promise<EngineState> => (await vscode.commands.executeCommand('runbooks.getEngineState')) as EngineState;
const rows = (nodes: Row[]): Row[] => nodes.flatMap((n) => [n, ...rows(n.children ?? [])]);
const cellText = (cell: vscode.NotebookCell): string => cell.outputs.flatMap((o) => o.items.map((i) => Buffer.from(i.data).toString('utf8'))).join('\n');

export function defineEngineLocalSuite(): void {
  describe('Run on Step Functions with local steps: a shell cell runs here after Run', function () {
    this.timeout(120_000);
    const uri = (): vscode.Uri => runbookUri('local-step.md');
    const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('runbooks');

    before(async () => {
      await activateExtension();
      fs.writeFileSync(uri().fsPath, RUNBOOK);
      await config().update('engine.local', true, vscode.ConfigurationTarget.Workspace);
    });
    after(async () => {
      await revertAll();
      await config().update('engine.local', undefined, vscode.ConfigurationTarget.Workspace);
      fs.rmSync(uri().fsPath, { force: true });
    });

    it('the execution waits on the cell, Run runs it through the kernel, and the execution\'s record has its output', async () => {
      const editor = await openRunbook(uri());
      await selectKernel(editor);
      const notebookUri = editor.notebook.uri.toString();
      const arn = (await vscode.commands.executeCommand('runbooks.runOnStepFunctions', { notebookUri, phaseTitle: '1' })) as string;
      assert.match(arn ?? '', /^arn:aws:states:eu-west-1:\d{12}:execution:runbook-local-step:/);

      const step = await waitFor('the execution to wait on its local step', async () => {
        const s = await engineState();
        const failed = s.executions.find((e) => e.executionArn === arn && (e.error || (e.status && e.status !== 'RUNNING')));
        assert.ok(!failed, `the execution ended early: ${JSON.stringify(failed)}`);
        return rows(s.nodes).find((r) => /local cell/.test(r.engineState ?? '') && r.description === 'waiting');
      }, 45_000);
      const cell = editor.notebook.getCells().find((c) => c.document.getText().includes('ran in VS Code'));
      assert.ok(cell, 'the shell cell');
      assert.equal(cell.outputs.length, 0, 'nothing ran before Run');

      // The prompt's Run: the same command and argument as its button.
      const ok = (await vscode.commands.executeCommand('runbooks.runEngineLocalStep', { notebookUri, engineState: step.engineState })) as boolean;
      assert.equal(ok, true);
      assert.match(cellText(cell), /ran in VS Code: 42/, 'the cell ran through the kernel, its output in the cell');

      const done = await waitFor('the execution to end', async () => (await engineState()).executions.find((e) => e.executionArn === arn && e.status && e.status !== 'RUNNING'), 45_000);
      assert.equal(done.status, 'SUCCEEDED', JSON.stringify(done));
      const saved = (await vscode.commands.executeCommand('runbooks.saveIncidentRecord')) as string;
      try {
        const text = fs.readFileSync(saved, 'utf8');
        assert.match(text, new RegExp(`\\| Execution \\| ${arn} \\|`), 'the record is the execution\'s');
        assert.match(text, /ran in VS Code: 42/, 'the execution\'s record holds the local step\'s output');
      } finally {
        fs.rmSync(saved, { force: true });
      }
      assert.ok(path.isAbsolute(saved));
    });
  });
}
