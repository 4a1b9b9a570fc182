/**
 * Adversarial, against moto's Step Functions: a runbook that reads a secret and writes one, run on the engine with
 * --local. The calls that carry a secret are not compiled into the state machine; they run on this machine, where
 * the kernel redacts, and their redacted result goes back to the execution. Neither secret reaches the terminal, the
 * record, the state machine's definition or the execution's history, and the write still happens (with --yes).
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DescribeStateMachineCommand, GetExecutionHistoryCommand, ListExecutionsCommand, ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { build } from 'esbuild';
import { getMotoContext } from '../support/mochaMoto';
import { runRunbook } from '../support/cliProcess';

const ROOT = path.join(__dirname, '../..');

describe('runbook run --engine stepfunctions --local: secrets stay on this machine (moto)', function () {
  this.timeout(90_000);
  let work: string;
  let cli: string;
  const stored = `st0red-${randomBytes(9).toString('hex')}`;
  const written = `wr1tten-${randomBytes(9).toString('hex')}`;
  const secretId = `prod/db-${randomBytes(4).toString('hex')}`;
  const creds = { region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'runbook-secrets-'));
    const source = readFileSync(path.join(ROOT, 'test/fixtures/engine/secrets-runbook.md'), 'utf8');
    // Only the two calls this test follows end to end, and a plain read that stays on the engine.
    const cells = source.split('```bash\n').slice(1).map((c) => c.split('\n```')[0]);
    const pick = (prefix: string): string => cells.find((c) => c.startsWith(prefix)) ?? '';
    const body = [pick('aws secretsmanager get-secret-value').replace('prod/db', secretId), pick('aws ssm put-parameter'), pick('aws dynamodb describe-table')];
    writeFileSync(path.join(work, 'secrets.md'), `# Secrets on the engine\n\n### Phase 1: Secrets (10 minutes)\n\n${body.map((b) => `\`\`\`bash\n${b}\n\`\`\`\n`).join('\n')}`);
    cli = path.join(work, 'cli.js');
    await build({ entryPoints: [path.join(ROOT, 'src/cli/main.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: cli, logLevel: 'error' });
    const sm = new SecretsManagerClient({ ...creds, endpoint: getMotoContext().endpoint });
    await sm.send(new CreateSecretCommand({ Name: secretId, SecretString: stored }));
    sm.destroy();
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('the secret calls run here, redacted; neither secret is in the terminal, the record, the definition or the history', async () => {
    const endpoint = getMotoContext().endpoint;
    const r = await runRunbook(cli, ['run', 'secrets.md', '--engine', 'stepfunctions', '--phase', '1', '--region', 'eu-west-1', '--local', '--yes', '--json', '--record', 'record.md', '--var', `DB_PASSWORD=${written}`, '--endpoint-url', endpoint], work);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { success: boolean; cells: { index: number; outputs: Record<string, string>[] }[] };
    assert.equal(report.success, true);
    assert.equal((r.stderr.match(/\[local\] cell \d+: running here for the execution/g) ?? []).length, 2, r.stderr);
    assert.match(JSON.stringify(report.cells), /\[REDACTED\]/, 'the answer\'s SecretString is shown redacted');
    assert.match(JSON.stringify(report.cells), /bbws-tenants/, 'the plain read ran on the engine');

    // The write happened with the secret, on this machine.
    const ssm = new SSMClient({ ...creds, endpoint });
    const param = await ssm.send(new GetParameterCommand({ Name: '/prod/db/password', WithDecryption: true }));
    ssm.destroy();
    assert.equal(param.Parameter?.Value, written);

    // Every place the run left something, including what Step Functions keeps.
    const sfn = new SFNClient({ ...creds, endpoint });
    const machine = (await sfn.send(new ListStateMachinesCommand({}))).stateMachines?.find((m) => m.name === 'runbook-secrets');
    assert.ok(machine?.stateMachineArn, 'the machine was deployed');
    const definition = (await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: machine.stateMachineArn }))).definition ?? '';
    const executions = (await sfn.send(new ListExecutionsCommand({ stateMachineArn: machine.stateMachineArn }))).executions ?? [];
    const histories = await Promise.all(executions.map(async (e) => JSON.stringify((await sfn.send(new GetExecutionHistoryCommand({ executionArn: e.executionArn, maxResults: 1000 }))).events)));
    sfn.destroy();
    assert.ok(histories.join('').includes('[REDACTED]'), 'the local result went back to the execution, redacted');
    const journalDir = path.join(work, '.runbook');
    const journals = existsSync(journalDir) ? readdirSync(journalDir).map((f) => readFileSync(path.join(journalDir, f), 'utf8')) : [];
    const sinks = { stdout: r.stdout, stderr: r.stderr, record: readFileSync(path.join(work, 'record.md'), 'utf8'), definition, history: histories.join('\n'), journals: journals.join('\n') };
    for (const [where, text] of Object.entries(sinks)) {
      for (const [what, secret] of Object.entries({ stored, written })) {
        assert.ok(!text.includes(secret), `the ${what} secret reached the ${where}`);
      }
    }
  });
});
