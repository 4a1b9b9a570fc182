/**
 * Runbooks: Run on Step Functions in the real workbench: Phase 3 of the seed runs in moto's Step Functions
 * interpreter, both approvals are given with the Approve command on the Step Functions view's rows, as a click
 * gives them, and moto's failover record changes. "Save as Incident Record" then writes the execution's record,
 * the same bytes as `runbook attach ARN --record` in another process.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ListResourceRecordSetsCommand, Route53Client, type ResourceRecordSet } from '@aws-sdk/client-route-53';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateExtension, cellContaining, openRunbook, restoreRunbook, revertAll, selectKernel, testContext, waitFor } from './helpers';

interface Row {
  label: string;
  description?: string;
  contextValue?: string;
  notebookUri?: string;
  engineState?: string;
  children?: Row[];
}
interface EngineState {
  nodes: Row[];
  remembered: Record<string, string>;
  executions: { notebookUri: string; executionArn: string; status?: string; error?: string }[];
}

async function primaryRecord(): Promise<ResourceRecordSet | undefined> {
  const { endpoint, estate } = testContext();
  const r53 = new Route53Client({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  try {
    const out = await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: estate.zoneId }));
    return out.ResourceRecordSets?.find((r) => r.Failover === 'PRIMARY');
  } finally {
    r53.destroy();
  }
}

const engineState = async (): Promise<EngineState> => (await vscode.commands.executeCommand('runbooks.getEngineState')) as EngineState;

function rows(nodes: Row[]): Row[] {
  return nodes.flatMap((n) => [n, ...rows(n.children ?? [])]);
}

/**
 * Waits for the approval row of `state` showing its summary (the local confirmation's: what, where, as whom,
 * the change), checks the summary has `lines`, then clicks Approve on it (the command with the row).
 */
async function approveRow(state: RegExp, lines: (string | RegExp)[]): Promise<string> {
  const row = await waitFor(`an approval row ${state} with its summary`, async () => {
    const s = await engineState();
    const failed = s.executions.find((e) => e.error || (e.status && e.status !== 'RUNNING'));
    assert.ok(!failed, `the execution ended early: ${JSON.stringify(failed)}`);
    return rows(s.nodes).find((r) => r.contextValue === 'engineApproval' && state.test(r.engineState ?? '') && (r.children?.length ?? 0) > 0);
  }, 45_000);
  const shown = (row.children ?? []).map((c) => c.label);
  for (const line of lines) {
    assert.ok(shown.some((l) => (typeof line === 'string' ? l === line : line.test(l))), `the summary lacks ${String(line)}:\n${shown.join('\n')}`);
  }
  const who = (await vscode.commands.executeCommand('runbooks.approveEngineStep', row)) as string;
  assert.match(who ?? '', /^arn:aws:/, 'Approve answers with the approver\'s AWS identity');
  return who;
}

/** `runbook attach ARN --record OUT` in another process, through the installed extension's CLI (bin/runbook.js). */
function attachRecord(executionArn: string, out: string): Promise<{ code: number | null; stderr: string }> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, 'the extension is installed');
  const bin = path.join(ext.extensionPath, 'bin', 'runbook.js');
  const env = { ...process.env, ELECTRON_RUN_AS_NODE: '1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', RUNBOOK_COMPILE_CACHE: 'off' };
  const child = spawn(process.execPath, [bin, 'attach', executionArn, '--endpoint-url', testContext().endpoint, '--record', out], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

/** Phase 3's row in the Phases view (runbooks.getSidebarState), its description. */
async function phase3Description(): Promise<string> {
  const state = (await vscode.commands.executeCommand('runbooks.getSidebarState')) as { phases: Row[] };
  const row = rows(state.phases).find((r) => (r as Row & { phaseTitle?: string }).phaseTitle?.startsWith('Phase 3'));
  return row?.description ?? '';
}

export function defineEngineSuite(): void {
  describe('Run on Step Functions: a phase on the engine, approved from the sidebar', function () {
    this.timeout(150_000);
    let editor: vscode.NotebookEditor;

    before(async () => {
      restoreRunbook();
      await activateExtension();
      editor = await openRunbook();
      await selectKernel(editor);
    });
    after(async () => {
      await revertAll();
      restoreRunbook();
    });

    it('runs Phase 3 in moto: the failover record changes only after Approve, and the cells fill from the execution', async () => {
      const before = await primaryRecord();
      assert.match(before?.AliasTarget?.DNSName ?? '', /af-south-1/, 'the seeded failover record points at the primary region');
      const arn = (await vscode.commands.executeCommand('runbooks.runOnStepFunctions', { notebookUri: editor.notebook.uri.toString(), phaseTitle: '3' })) as string;
      assert.match(arn ?? '', /^arn:aws:states:eu-west-1:\d{12}:execution:runbook-dr-runbook:/, 'an execution starts in the DR region');

      await approveRow(/^Approve Prerequisites$/, [/^Approve the Prerequisites checklist \(4 items\)\?$/, /^As: arn:aws:/, '- [ ] On-call team notified']);
      // Remembered for a reopen (the reattach after a window reload reads it; this host cannot reload itself).
      assert.equal((await engineState()).remembered[editor.notebook.uri.toString()], arn);
      await waitFor('the change approval row', async () => rows((await engineState()).nodes).some((r) => r.contextValue === 'engineApproval' && /route53/.test(r.engineState ?? '')), 45_000);
      assert.deepEqual(await primaryRecord(), before, 'nothing changed while the approval waits');
      await waitFor('the Phases view to show Phase 3 waiting in the execution', async () => /^Step Functions: waiting for approval/.test(await phase3Description()), 20_000);
      await approveRow(/^Approve route53 change-resource-record-sets/, [
        'Change AWS: route53 change-resource-record-sets in eu-west-1?',
        /^As: arn:aws:/,
        'UPSERT wp.kimmyai.io A PRIMARY: alias bbws-alb-1.af-south-1… -> bbws-alb-1.eu-west-1…',
      ]);

      const done = await waitFor('the execution to end', async () => (await engineState()).executions.find((e) => e.executionArn === arn && e.status && e.status !== 'RUNNING'), 60_000);
      assert.equal(done.status, 'SUCCEEDED', JSON.stringify(done));
      assert.match((await primaryRecord())?.AliasTarget?.DNSName ?? '', /eu-west-1/, 'the failover record now points at the DR region');
      await waitFor('the Phases view to show Phase 3 succeeded in the execution', async () => /^Step Functions: succeeded/.test(await phase3Description()), 20_000);
      const root = (await engineState()).nodes[0];
      assert.equal(root.label, 'Step Functions: SUCCEEDED');
      await waitFor('an ended execution to be forgotten (nothing to reattach to)', async () => Object.keys((await engineState()).remembered).length === 0, 10_000);

      const cell = cellContaining(editor.notebook, 'aws route53 change-resource-record-sets');
      await waitFor('the change cell to fill from the execution', () => (cell.outputs.length > 0 && cell.executionSummary?.success !== undefined ? cell : undefined), 20_000);
      const runner = cell.outputs.map((o) => (o.metadata?.runbookExecution as { runner?: string } | undefined)?.runner);
      assert.ok(runner.includes('stepfunctions'), `the cell's result came from the execution: ${JSON.stringify(runner)}`);
      assert.equal(cell.executionSummary?.success, true);

      // The record of this run is the execution's: Save as Incident Record writes what `runbook attach` writes.
      const saved = (await vscode.commands.executeCommand('runbooks.saveIncidentRecord')) as string;
      const attached = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-attach-')), 'attached.md');
      try {
        const r = await attachRecord(arn, attached);
        assert.equal(r.code, 0, r.stderr);
        const text = fs.readFileSync(saved, 'utf8');
        assert.match(text, new RegExp(`\\| Execution \\| ${arn} \\|`), 'the saved record is the execution\'s');
        assert.match(text, /change-resource-record-sets .* \| approved \| arn:aws:/, 'it says who approved the change');
        assert.equal(text, fs.readFileSync(attached, 'utf8'), 'VS Code and `runbook attach --record` write the same bytes');
      } finally {
        fs.rmSync(saved, { force: true });
        fs.rmSync(path.dirname(attached), { recursive: true, force: true });
      }
    });
  });
}
