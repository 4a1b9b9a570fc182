/**
 * The runbook on AWS Step Functions, against moto's ASL interpreter (which really runs the state machine;
 * test/support/moto.ts starts moto with MOTO_PORT and execution on). The test itself is the approver:
 * it reads the approval queue and answers with SendTaskSuccess / SendTaskFailure, as a responder would.
 */
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { primaryFailoverRecord } from '../support/route53Query';
import { SendTaskFailureCommand, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { AwsClientPool } from '../../src/core/aws/clients';
import { engineClients, type EngineClients } from '../../src/core/engine/clients';
import { approvalSummary } from '../../src/core/engine/approvalSummary';
import { compileRunbook } from '../../src/core/engine/compile';
import { readCurrentState } from '../../src/core/confirm/current';
import { deployRunbook, type Deployed } from '../../src/core/engine/deploy';
import { fullHistory, machineOf, startExecution } from '../../src/core/engine/follow';
import { executionView, type ExecutionView } from '../../src/core/engine/history';
import { EngineProgress } from '../../src/core/engine/progress';
import { buildOutline } from '../../src/core/runbook/outline';
import { parseRunbook } from '../../src/core/runbook/parse';
import { normalizeSettings } from '../../src/core/settings';
import { getMotoContext, reseedEstate } from '../support/mochaMoto';
import { runRunbook, type CliRun } from '../support/cliProcess';

const ROOT = path.join(__dirname, '../..');
const APPROVER = 'arn:aws:sts::123456789012:assumed-role/oncall/approver-in-test';

let clients: EngineClients;
let pool: AwsClientPool;
let deployed: Deployed;
let work: string;
let cli: string;

function primaryRecord(): Promise<ResourceRecordSet | undefined> {
  const { endpoint, estate } = getMotoContext();
  return primaryFailoverRecord(endpoint, estate.zoneId, estate.recordName);
}

async function view(executionArn: string): Promise<ExecutionView> {
  const machine = await machineOf(clients, executionArn);
  return executionView(executionArn, machine.definition, await fullHistory(clients, executionArn));
}

/** Polls until `done(view)` holds (5 s at most). */
async function until(executionArn: string, done: (v: ExecutionView) => boolean, what: string): Promise<ExecutionView> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const v = await view(executionArn);
    if (done(v)) {
      return v;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; execution ${v.status}, states: ${v.runs.map((r) => `${r.state}=${r.status}`).join(', ')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Takes this execution's request for `state` off the approval queue. */
async function request(executionArn: string, state: string): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const got = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: deployed.queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 1 }));
    for (const m of got.Messages ?? []) {
      const body = JSON.parse(m.Body ?? '{}') as Record<string, unknown>;
      if (body.execution === executionArn && body.state === state) {
        await clients.sqs.send(new DeleteMessageCommand({ QueueUrl: deployed.queueUrl, ReceiptHandle: m.ReceiptHandle }));
        return body;
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no request for ${state} on the approval queue`);
}

const approve = (token: unknown) => clients.sfn.send(new SendTaskSuccessCommand({ taskToken: String(token), output: JSON.stringify({ approved: true, by: APPROVER }) }));

/** An execution of the deployed machine (whichever phases it was compiled with). */
async function startSeed(): Promise<string> {
  const { estate } = getMotoContext();
  return startExecution(clients, deployed.stateMachineArn, { vars: { ZONE_ID: estate.zoneId, TG_ARN: estate.tgArn['af-south-1'] }, startedBy: 'arn:aws:sts::123456789012:user/moto' });
}

/** `runbook ARGS` in a second process, over the bundled CLI. */
function runbook(args: string[]): Promise<CliRun> {
  return runRunbook(cli, args, work);
}

describe('runbook on AWS Step Functions (moto runs the state machine)', function () {
  this.timeout(60_000);
  before(async () => {
    const { endpoint } = getMotoContext();
    const settings = normalizeSettings({ aws: { endpointUrl: endpoint, maxAttempts: 1 } });
    pool = new AwsClientPool(settings.aws, process.env);
    clients = await engineClients('eu-west-1', settings.aws, pool);
    work = mkdtempSync(path.join(tmpdir(), 'runbook-engine-'));
    for (const f of ['dr-runbook.md', 'failover-dns.json']) {
      copyFileSync(path.join(ROOT, 'runbooks', f), path.join(work, f));
    }
    copyFileSync(path.join(ROOT, 'test/fixtures/engine/failing-runbook.md'), path.join(work, 'failing-runbook.md'));
    cli = path.join(work, 'cli.js');
    await build({ entryPoints: [path.join(ROOT, 'src/cli/main.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: cli, logLevel: 'error' });
    // Phases 1-3 (Phase 4 has no runnable cell). moto runs Phase 1's ECS and ELBv2 calls thanks to the
    // emulator mend in test/support/moto_sfn_aws_sdk.py (Step Functions' names, as AWS documents them).
    const source = readFileSync(path.join(work, 'dr-runbook.md'), 'utf8');
    const doc = parseRunbook(source);
    const compiled = await compileRunbook(doc, buildOutline(doc), { region: 'eu-west-1', runbookPath: 'dr-runbook.md', source, cwd: work, phases: ['1', '2', '3'], account: '123456789012' });
    deployed = await deployRunbook(clients, compiled, 'arn:aws:iam::123456789012:role/runbook-dr-runbook-role');
  });
  after(async () => {
    clients.dispose();
    pool.dispose();
    rmSync(work, { recursive: true, force: true });
    await reseedEstate();
  });

  it('runs Phases 1-3: the failover record changes only after the approval, and the record says who approved', async () => {
    const { estate } = getMotoContext();
    const before = await primaryRecord();
    assert.match(before?.AliasTarget?.DNSName ?? '', /af-south-1/);
    const arn = await startSeed();
    const checklist = await request(arn, 'Approve Prerequisites');
    assert.deepEqual(checklist.items, ['AWS CLI configured with appropriate credentials', 'Access to both primary and DR regions', 'Route 53 hosted zone access', 'On-call team notified']);
    await approve(checklist.token);
    const change = await request(arn, 'Approve route53 change-resource-record-sets (cell 14.1)');
    assert.equal(change.service, 'route53');
    assert.equal(change.region, 'eu-west-1');
    assert.equal((change.request as { HostedZoneId: string }).HostedZoneId, estate.zoneId, 'the approver sees the request with its values');
    const waiting = await until(arn, (v) => v.runs.some((r) => r.kind === 'approval' && r.status === 'waiting'), 'the change approval');
    assert.deepEqual(waiting.runs.filter((r) => r.kind === 'aws').map((r) => [r.state, r.status]), [
      ['ecs describe-clusters (cell 7.1)', 'succeeded'],
      ['elbv2 describe-target-health (cell 7.2)', 'succeeded'],
      ['dynamodb describe-table (cell 10.1)', 'succeeded'],
      ['s3api get-bucket-replication (cell 12.1)', 'succeeded'],
    ]);
    assert.deepEqual(await primaryRecord(), before, 'nothing changed while the approval waits');
    // What the approver is shown: the local confirmation's summary (src/core/confirm), the state read now.
    const run = waiting.runs.find((r) => r.kind === 'approval' && r.status === 'waiting');
    assert.ok(run);
    const summary = await approvalSummary(run, await clients.identity(), (req) => readCurrentState({ ...req, globals: { region: req.region } }, pool));
    assert.equal(summary.message, 'Change AWS: route53 change-resource-record-sets in eu-west-1?');
    assert.deepEqual(summary.lines.slice(0, 4), [
      'Where: eu-west-1, account 123456789012',
      'As: arn:aws:sts::123456789012:user/moto',
      'Change:',
      '  UPSERT wp.kimmyai.io A PRIMARY: alias bbws-alb-1.af-south-1… -> bbws-alb-1.eu-west-1…',
    ]);
    assert.match(summary.change?.nowText ?? '', /af-south-1/, 'now: the record as moto has it');
    assert.match(summary.change?.afterText ?? '', /eu-west-1/, 'after: computed locally');
    await approve(change.token);
    const done = await until(arn, (v) => v.status !== 'RUNNING', 'the end');
    assert.equal(done.status, 'SUCCEEDED');
    assert.match((await primaryRecord())?.AliasTarget?.DNSName ?? '', /eu-west-1/, 'the failover record now points at the DR region');

    const progress = new EngineProgress(await machineOf(clients, arn));
    progress.update(done, await fullHistory(clients, arn));
    const record = progress.record();
    assert.match(record, new RegExp(`\\| Execution \\| ${arn} \\|`));
    assert.match(record, /\| Status \| SUCCEEDED \|/);
    assert.match(record, /Prerequisites checklist \| approved \| arn:aws:sts::123456789012:assumed-role\/oncall\/approver-in-test \|/);
    assert.match(record, /aws route53 change-resource-record-sets --hosted-zone-id &lt;ZONE_ID&gt; --change-batch file:\/\/failover-dns.json \| approved \| arn:aws:sts::123456789012:assumed-role\/oncall\/approver-in-test \|/);
    assert.match(record, /\| Phase 2: Data Verification \(30 minutes\) \| 30 min \| [\d.]+ m?s \| done, within budget \|/);
    assert.match(record, /ticked \(Prerequisites\): On-call team notified/);
    assert.match(record, /"TableName": "bbws-tenants"/, 'the describe-table result is the cell\'s output');

    // A second responder, in another process, attaches to the same execution: the same record.
    const second = await runbook(['attach', arn, '--endpoint-url', getMotoContext().endpoint, '--record', 'second.md']);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(readFileSync(path.join(work, 'second.md'), 'utf8'), record);
    const third = await runbook(['attach', arn, '--endpoint-url', getMotoContext().endpoint, '--record', 'third.md']);
    assert.equal(third.code, 0, third.stderr);
    assert.equal(readFileSync(path.join(work, 'third.md'), 'utf8'), record, 'every responder gets the same record');
  });

  it('a rejected approval changes nothing and fails the execution, naming who rejected it', async () => {
    await reseedEstate();
    const settings = normalizeSettings({ aws: { endpointUrl: getMotoContext().endpoint, maxAttempts: 1 } });
    clients.dispose();
    clients = await engineClients('eu-west-1', settings.aws, pool);
    const source = readFileSync(path.join(work, 'dr-runbook.md'), 'utf8');
    const doc = parseRunbook(source);
    deployed = await deployRunbook(clients, await compileRunbook(doc, buildOutline(doc), { region: 'eu-west-1', runbookPath: 'dr-runbook.md', source, cwd: work, phases: ['3'] }), 'arn:aws:iam::123456789012:role/r');
    const before = await primaryRecord();
    const arn = await startSeed();
    await approve((await request(arn, 'Approve Prerequisites')).token);
    const change = await request(arn, 'Approve route53 change-resource-record-sets (cell 14.1)');
    await clients.sfn.send(new SendTaskFailureCommand({ taskToken: String(change.token), error: 'Rejected', cause: `rejected by ${APPROVER}: not yet` }));
    const done = await until(arn, (v) => v.status !== 'RUNNING', 'the end');
    assert.equal(done.status, 'FAILED');
    assert.equal(done.error, 'RunbookStepFailed');
    assert.match(done.cause ?? '', /^Rejected: rejected by .*approver-in-test: not yet$/);
    assert.deepEqual(await primaryRecord(), before, 'the failover record did not change');
    assert.ok(!done.runs.some((r) => r.kind === 'aws' && r.info?.operation === 'change-resource-record-sets'), 'the change was never sent');
    const progress = new EngineProgress(await machineOf(clients, arn));
    progress.update(done, await fullHistory(clients, arn));
    assert.match(progress.record(), /change-resource-record-sets .* \| rejected \| arn:aws:sts::123456789012:assumed-role\/oncall\/approver-in-test \|/);
  });

  it('a failing step stops the execution with a clear error; the change after it is never asked for (CLI, --yes)', async () => {
    const r = await runbook(['run', 'failing-runbook.md', '--engine', 'stepfunctions', '--endpoint-url', getMotoContext().endpoint, '--yes', '--json', '--record', 'failed.md']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /execution FAILED: RunbookStepFailed: DynamoDb\.ResourceNotFoundException: Requested resource not found: Table: no-such-table not found/);
    assert.match(r.stderr, /approval asked by Approve Prerequisites|runbook run: created/);
    assert.doesNotMatch(r.stderr, /delete-table/, 'the approval of the change after the failure is never asked');
    const report = JSON.parse(r.stdout) as { success: boolean; status: string; cells: { index: number; success: boolean }[] };
    assert.equal(report.status, 'FAILED');
    assert.deepEqual(report.cells.map((c) => [c.index, c.success]), [[3, false]]);
    const record = readFileSync(path.join(work, 'failed.md'), 'utf8');
    assert.match(record, /\| Phase 1: Check \(5 minutes\) \| 5 min \| .* \| failed/);
    assert.match(record, /\| Phase 2: Change \(5 minutes\) \| 5 min \| +\| not run \|/);
  });

  it('runbook run --engine stepfunctions: Phases 1-3 with --yes, exit 0, the same per-cell JSON as a local run', async () => {
    const { endpoint, estate } = getMotoContext();
    const vars = ['--var', `ZONE_ID=${estate.zoneId}`, '--var', `TG_ARN=${estate.tgArn['af-south-1']}`];
    type Report = { success: boolean; cells: { index: number; success: boolean; execution: { runner: string }; outputs: Record<string, string>[] }[] };
    // The read-only phases run locally first (before the failover changes the estate), for the same cells' answers.
    const local = await runbook(['run', 'dr-runbook.md', '--phase', '1', '--phase', '2', '--endpoint-url', endpoint, ...vars, '--json']);
    assert.equal(local.code, 0, local.stderr);
    const r = await runbook(['run', 'dr-runbook.md', '--engine', 'stepfunctions', '--phase', '1', '--phase', '2', '--phase', '3', '--endpoint-url', endpoint, ...vars, '--yes', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    assert.equal(report.success, true);
    assert.deepEqual(report.cells.map((c) => [c.index, c.success, c.execution.runner]), [[7, true, 'stepfunctions'], [10, true, 'stepfunctions'], [12, true, 'stepfunctions'], [14, true, 'stepfunctions']]);
    // One output per call, as locally: Step Functions' PascalCase is read back through the model (ECS's clusterName, not
    // ClusterName), so the JSON of each read-only cell is the local run's, and a --query written for it matches.
    const localCells = (JSON.parse(local.stdout) as Report).cells.filter((c) => c.execution.runner !== 'dig');
    // The AWS results (a local run also streams a line of its own before them).
    const json = (c: Report['cells'][number]) => c.outputs.map((o) => o['application/json']).filter((j) => j !== undefined);
    for (const c of report.cells.filter((x) => x.index !== 14)) {
      const same = localCells.find((l) => l.index === c.index);
      assert.ok(same, `cell ${c.index} ran locally too`);
      assert.deepEqual(json(c), json(same), `cell ${c.index}: the engine's answer reads as the local run's`);
    }
    const phase1 = json(report.cells[0]).join('\n');
    assert.match(phase1, /"clusterName": "prod-cluster"/);
    assert.match(phase1, /"TargetHealthDescriptions": \[/);
    assert.match((await primaryRecord())?.AliasTarget?.DNSName ?? '', /eu-west-1/);
  });
});
