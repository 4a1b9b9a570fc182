/**
 * `runbook run --engine stepfunctions --local` against moto's interpreter: a shell cell the state machine hands
 * back runs here and its output lands in the record. Adversarially: the worker runs only its own runbook's
 * cell that the execution's state asks for (position and hash), never a command carried by a queue message;
 * forged and tampered requests are refused with a clear line and nothing runs.
 */
import * as assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { SendTaskFailureCommand } from '@aws-sdk/client-sfn';
import { build } from 'esbuild';
import { localGuard, runLocalCell } from '../../src/cli/engineLocal';
import { AwsClientPool } from '../../src/core/aws/clients';
import { engineClients, type EngineClients } from '../../src/core/engine/clients';
import { compileRunbook, type CompiledRunbook } from '../../src/core/engine/compile';
import { deployRunbook } from '../../src/core/engine/deploy';
import { fullHistory, startExecution, type QueueRequest } from '../../src/core/engine/follow';
import { executionView } from '../../src/core/engine/history';
import { cellHash } from '../../src/core/engine/localGuard';
import { buildOutline } from '../../src/core/runbook/outline';
import { parseRunbook } from '../../src/core/runbook/parse';
import { normalizeSettings, type Settings } from '../../src/core/settings';
import { captureIO } from '../support/cliIO';
import { getMotoContext } from '../support/mochaMoto';
import { runRunbook } from '../support/cliProcess';

const ROOT = path.join(__dirname, '../..');

describe('runbook run --local against moto: the worker runs only its own runbook\'s cell', function () {
  this.timeout(60_000);
  let work: string;
  let cli: string;
  let pool: AwsClientPool;
  let clients: EngineClients;
  let settings: Settings;

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'runbook-local-'));
    copyFileSync(path.join(ROOT, 'test/fixtures/engine/local-runbook.md'), path.join(work, 'local-runbook.md'));
    cli = path.join(work, 'cli.js');
    await build({ entryPoints: [path.join(ROOT, 'src/cli/main.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: cli, logLevel: 'error' });
    settings = normalizeSettings({ aws: { endpointUrl: getMotoContext().endpoint, maxAttempts: 1 } });
    pool = new AwsClientPool(settings.aws, process.env);
    clients = await engineClients('eu-west-1', settings.aws, pool);
  });
  after(() => {
    clients.dispose();
    pool.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  it('a shell cell runs locally for the execution; its output is the cell\'s result and in the record', async () => {
    const { code, stdout, stderr } = await runRunbook(cli, ['run', 'local-runbook.md', '--engine', 'stepfunctions', '--phase', '1', '--local', '--yes', '--json', '--record', 'local.md', '--endpoint-url', getMotoContext().endpoint], work);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /\[local\] cell \d+: running here for the execution/);
    const report = JSON.parse(stdout) as { success: boolean; cells: { success: boolean; execution: { runner: string }; outputs: Record<string, string>[] }[] };
    assert.equal(report.success, true);
    assert.equal(report.cells.length, 1);
    assert.equal(report.cells[0].execution.runner, 'stepfunctions');
    assert.match(JSON.stringify(report.cells[0].outputs), /ran locally: 42/);
    assert.match(readFileSync(path.join(work, 'local.md'), 'utf8'), /ran locally: 42/, 'the local output is in the record');
    assert.ok(!existsSync(path.join(work, 'forged-ran.txt')), 'Phase 2 was not compiled and did not run');
  });

  it('a local cell\'s AWS calls go to the endpoint the command was given, and its change is not applied without --yes', async () => {
    // Adversarial: before, the worker ran the cell with default settings (the real endpoint, not --endpoint-url).
    const id = `local-unconfirmed-${Date.now().toString(36)}`;
    writeFileSync(
      path.join(work, 'local-aws.md'),
      [
        '# Local AWS',
        '',
        '### Phase 1: Local AWS (5 minutes)',
        '',
        '```bash',
        'aws dynamodb describe-table --table-name bbws-tenants --region af-south-1 --query Table.TableName --output text',
        '```',
        '',
        '```bash',
        `aws dynamodb put-item --table-name bbws-tenants --region af-south-1 --item '{"tenantId":{"S":"${id}"}}'`,
        'echo "after the change: $?"',
        '```',
        '',
      ].join('\n'),
    );
    const { code, stdout, stderr } = await runRunbook(cli, ['run', 'local-aws.md', '--engine', 'stepfunctions', '--region', 'eu-west-1', '--local', '--json', '--endpoint-url', getMotoContext().endpoint], work);
    assert.match(stderr, /\[local\] cell \d+: running here for the execution/, stderr);
    const outputs = JSON.stringify((JSON.parse(stdout) as { cells: { outputs: unknown }[] }).cells.map((c) => c.outputs));
    assert.match(outputs, /bbws-tenants/, `the read reached moto, the endpoint given on the command line: ${outputs} ${stderr}`);
    assert.match(outputs, /notConfirmed.*was not sent/, `the change was refused inside the cell: ${outputs}`);
    assert.doesNotMatch(outputs, /after the change: 0/);
    const ddb = new DynamoDBClient({ region: 'af-south-1', endpoint: getMotoContext().endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
    try {
      const got = await ddb.send(new GetItemCommand({ TableName: 'bbws-tenants', Key: { tenantId: { S: id } } }));
      assert.equal(got.Item, undefined, 'no item written without --yes');
    } finally {
      ddb.destroy();
    }
    assert.equal(code, 1, 'the execution failed at the refused change');
  });

  describe('forged and tampered requests', () => {
    let compiled: CompiledRunbook;
    let arn: string;
    let waiting: QueueRequest;
    let echoCell: number;
    let touchCell: number;
    let machineArn: string;
    const file = () => path.join(work, 'local-runbook.md');
    const rb = () => {
      const source = readFileSync(file(), 'utf8');
      const doc = parseRunbook(source);
      return { file: file(), source, doc, outline: buildOutline(doc) };
    };

    before(async () => {
      const r = rb();
      compiled = await compileRunbook(r.doc, r.outline, { region: 'eu-west-1', runbookPath: 'local-runbook.md', source: r.source, cwd: work, phases: ['1'], local: true, account: '123456789012' });
      const deployed = await deployRunbook(clients, compiled, 'arn:aws:iam::123456789012:role/r');
      machineArn = deployed.stateMachineArn;
      arn = await startExecution(clients, machineArn, { vars: {}, startedBy: 'test' });
      echoCell = r.doc.cells.findIndex((c) => c.source.includes('ran locally'));
      touchCell = r.doc.cells.findIndex((c) => c.source.includes('forged-ran.txt'));
      // The execution's own request, as Step Functions put it in the history.
      for (let i = 0; i < 50 && !waiting; i++) {
        const view = executionView(arn, compiled.definition, await fullHistory(clients, arn));
        const run = view.runs.find((x) => x.kind === 'local' && x.status === 'waiting' && x.message?.token);
        if (run?.message) {
          waiting = { kind: 'local', execution: arn, state: run.state, token: String(run.message.token), body: { ...run.message } };
        } else {
          await new Promise((res) => setTimeout(res, 100));
        }
      }
      assert.ok(waiting, 'the execution waits for its local cell');
      assert.equal(waiting.body.sha256, cellHash(r.doc.cells[echoCell].source), 'the request names the cell by position and hash');
    });

    /** The token of the local step `executionArn` waits on, as Step Functions wrote it in the history. */
    async function waitingToken(executionArn: string): Promise<string> {
      for (let i = 0; i < 50; i++) {
        const view = executionView(executionArn, compiled.definition, await fullHistory(clients, executionArn));
        const token = view.runs.find((x) => x.kind === 'local' && x.status === 'waiting')?.message?.token;
        if (typeof token === 'string') {
          return token;
        }
        await new Promise((res) => setTimeout(res, 100));
      }
      throw new Error(`${executionArn} never waited for its local step`);
    }

    const run = (req: QueueRequest, runbook = rb()) => {
      const io = captureIO(work);
      return runLocalCell(req, runbook, io, localGuard(clients, compiled, arn), { settings, yes: false }).then((r) => ({ ...r, err: io.err }));
    };

    it('a command carried by the message is never run: the runbook\'s own cell runs', async () => {
      const r = await run({ ...waiting, body: { ...waiting.body, source: 'touch forged-ran.txt', command: 'touch forged-ran.txt' } });
      assert.equal(r.success, true, r.err);
      assert.match(JSON.stringify(r.outputs), /ran locally: 42/);
      assert.ok(!existsSync(path.join(work, 'forged-ran.txt')));
    });

    it('a message pointing at another cell of the runbook (with that cell\'s hash) is refused as tampered', async () => {
      const src = rb().doc.cells[touchCell].source;
      const r = await run({ ...waiting, body: { ...waiting.body, cell: touchCell, sha256: cellHash(src), source: src } });
      assert.equal(r.success, false);
      assert.equal(r.refused, false, 'the execution\'s real task fails, so it does not wait forever');
      assert.match(r.error ?? '', /^refused a local request: the message names another cell than the execution's state .* \(tampered\); nothing ran$/);
      assert.ok(!existsSync(path.join(work, 'forged-ran.txt')));
    });

    it('a forged token or a state the worker did not compile is refused and not answered', async () => {
      const forgedToken = await run({ ...waiting, token: 'AAAA-forged', body: { ...waiting.body, token: 'AAAA-forged' } });
      assert.equal(forgedToken.refused, true);
      assert.match(forgedToken.error ?? '', /does not wait in .* with this task token \(a message the execution did not send\); nothing ran$/);
      const otherState = await run({ ...waiting, state: 'local cell 99 (cell 99)' });
      assert.equal(otherState.refused, true);
      assert.match(otherState.error ?? '', /is not a local step of the runbook this worker started/);
      assert.match(otherState.err, /^\[local\] refused a local request/m, 'the refusal is said on stderr');
    });

    it('a forged state name that would rewrite the terminal reaches stderr escaped: one line, no raw control character', async () => {
      // ESC/CSI erase-line, CR, an OSC title, a C1 CSI, a right-to-left override and a line break faking a second line.
      const hostile = '\u001b[2K\r[local] cell 1: running here\u001b]0;owned\u0007\u009b31m\u202egnp.exe\u202c\u2066\n[local] ok';
      const r = await run({ ...waiting, state: hostile, body: { ...waiting.body, state: hostile } });
      assert.equal(r.refused, true);
      assert.ok(!existsSync(path.join(work, 'forged-ran.txt')));
      assert.equal(r.err.split('\n').length, 2, `one line: ${JSON.stringify(r.err)}`);
      assert.doesNotMatch(r.err.slice(0, -1), /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u, `no raw control or bidi character: ${JSON.stringify(r.err)}`);
      assert.match(r.err, /^\[local\] refused a local request: "\\u001b\[2K\\r\[local\] cell 1: running here\\u001b\]0;owned\\u0007\\u009b31m\\u202egnp\.exe\\u202c\\u2066\\n\[local\] ok" is not a local step of the runbook this worker started; nothing ran\n$/);
    });

    it('runbook attach: an execution failed with a hostile error and cause (anyone with the token can) ends in one escaped line', async () => {
      const other = await startExecution(clients, machineArn, { vars: {}, startedBy: 'test' });
      const error = '\u001b[2J\u001b[HOK\u009b0m';
      const cause = `all good\r\u001b[2K\u202eSUCCEEDED\u202c\nrunbook: execution SUCCEEDED${'x'.repeat(1000)}`;
      await clients.sfn.send(new SendTaskFailureCommand({ taskToken: await waitingToken(other), error, cause }));
      const { code, stderr } = await runRunbook(cli, ['attach', other, '--endpoint-url', getMotoContext().endpoint], work);
      assert.equal(code, 1, stderr);
      // The failed cell's error output (built from the cause) is output, printed as it is; the status line is ours.
      const last = stderr.slice(stderr.lastIndexOf('runbook: execution FAILED: '));
      assert.ok(last.startsWith('runbook: execution FAILED: ') && last.indexOf('\n') === last.length - 1, `one line: ${JSON.stringify(last)}`);
      assert.doesNotMatch(last.slice(0, -1), /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u, `no raw control or bidi character: ${JSON.stringify(last)}`);
      assert.ok(last.includes('\\u001b[2J') && last.includes('\\u202eSUCCEEDED\\u202c\\nrunbook: execution SUCCEEDED'), last);
      assert.ok(last.length < 500 && last.endsWith('…\n'), `the cause is cut: ${last.length} characters`);
    });

    it('a runbook whose cell changed since it was compiled is refused', async () => {
      const changed = rb();
      changed.doc.cells[echoCell] = { ...changed.doc.cells[echoCell], source: 'touch forged-ran.txt\n' };
      const r = await run(waiting, changed);
      assert.equal(r.success, false);
      assert.match(r.error ?? '', /cell \d+ of the runbook is not the cell that was compiled \(its text changed\)/);
      assert.ok(!existsSync(path.join(work, 'forged-ran.txt')));
    });
  });
});
