/**
 * Adversarial: no secret goes into a state machine. Step Functions keeps a definition's parameters, an execution's
 * input and every task's answer in its history, so the compiler refuses (or, with --local, hands back to a worker)
 * each call that would put one there, however the runbook spells it: a secret variable in the command or in a
 * file:// it reads, a name declared secret in the frontmatter or the editor, a member the model marks sensitive in
 * the request, or an answer that can hold one. The secrets given as --var appear nowhere in what is compiled.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { compileRunbook, type CompileOptions, type CompiledRunbook } from '../../../src/core/engine/compile';
import { executionEvents } from '../../../src/core/engine/events';
import type { ExecutionView, StateRun } from '../../../src/core/engine/history';
import { cloudFormation, iamPolicy } from '../../../src/core/engine/policy';
import type { ExecutionEvent } from '../../../src/core/session/events';
import { buildOutline } from '../../../src/core/runbook/outline';
import { parseRunbook } from '../../../src/core/runbook/parse';

const ROOT = path.resolve(__dirname, '../../..');
const FILE = 'test/fixtures/engine/secrets-runbook.md';
const SECRETS = { DB_PASSWORD: 'Zq7-Plover-91-db', API_TOKEN: 'tok-Quartz-5512-x', WP_ADMIN: 'adm-Heron-77-wp', EDITOR_ONLY: 'ed-Kestrel-3301' };

async function compile(opts: Partial<CompileOptions> = {}): Promise<CompiledRunbook> {
  const file = path.join(ROOT, FILE);
  const source = readFileSync(file, 'utf8');
  const doc = parseRunbook(source);
  return compileRunbook(doc, buildOutline(doc), {
    region: 'eu-west-1', runbookPath: FILE, source, cwd: path.dirname(file), account: '123456789012',
    vars: { ...SECRETS, ZONE_ID: 'Z0123456789' }, ...opts,
  });
}

/** Everything compiled: the definition, the CloudFormation template, the policy, the report of what was not compiled. */
function everything(c: CompiledRunbook): string {
  return JSON.stringify([c.definition, cloudFormation(c, 'eu-west-1'), iamPolicy(c, 'eu-west-1', '123456789012'), c.notCompiled, c.runtimeVariables, c.states]);
}

function leaked(text: string): string[] {
  return Object.entries(SECRETS).filter(([, v]) => text.includes(v)).map(([k]) => k);
}

describe('engine: no secret goes into a state machine', () => {
  it('refuses each call that would put a secret in the definition, the input or the history, and says why', async () => {
    const c = await compile();
    const why = (r: string): string => r.replace(/ \(run the cell --local, where secrets are redacted\)$/, '');
    assert.deepEqual(c.notCompiled.map((n) => [n.cell, n.text, why(n.reason)]), [
      [2, 'aws secretsmanager get-secret-value --secret-id prod/db --region eu-west-1', "its answer can hold SecretBinary, which the service model marks secret: Step Functions keeps every answer in the execution's history"],
      [3, 'aws ssm put-parameter --name /prod/db/password --value <DB_PASSWORD> --type SecureString --overwrite --region eu-west-1', "it uses <DB_PASSWORD>, a secret: Step Functions would keep its value in the execution's input and history"],
      [4, 'aws route53 change-resource-record-sets --hosted-zone-id Z0123456789 --change-batch file://token-record.json', "it uses <API_TOKEN>, a secret: Step Functions would keep its value in the execution's input and history"],
      [5, 'aws ecs describe-clusters --clusters <WP_ADMIN> --region af-south-1', "it uses <WP_ADMIN>, a secret: Step Functions would keep its value in the execution's input and history"],
      [6, 'aws sts assume-role --role-arn arn:aws:iam::123456789012:role/dr --role-session-name oncall', "its answer can hold Credentials.SecretAccessKey, which the service model marks secret: Step Functions keeps every answer in the execution's history"],
      [7, 'aws secretsmanager put-secret-value --secret-id prod/db --secret-string literal-in-the-runbook', "it sends SecretString, which the service model marks secret: Step Functions would keep it in the definition and the execution's history"],
    ]);
    assert.ok(c.notCompiled.every((n) => n.reason.endsWith('(run the cell --local, where secrets are redacted)')));
    // What carries no secret still runs on the engine: RDS never answers with the password; a plain read.
    assert.deepEqual(Object.values(c.states).filter((s) => s.kind === 'aws').map((s) => s.cell), [8, 9]);
    assert.deepEqual(c.runtimeVariables, []);
    assert.deepEqual(leaked(everything(c)), []);
  });

  it('a secret given at compile time is never compiled in, not even into a call that would take it', async () => {
    // --var DB_PASSWORD=... does not fill <DB_PASSWORD> in the definition: the call is refused instead.
    const c = await compile({ local: false });
    assert.ok(!JSON.stringify(c.definition).includes('Zq7-Plover-91-db'));
    assert.ok(c.notCompiled.some((n) => n.text.includes('<DB_PASSWORD>')), 'the report shows the placeholder, not the value');
  });

  it('a name the editor declares secret counts too (runbooks.secretVariables, the session\'s secrets)', async () => {
    const file = path.join(ROOT, FILE);
    const source = `${readFileSync(file, 'utf8')}\n### Phase 2: Editor (5 minutes)\n\n\`\`\`bash\naws ecs describe-clusters --clusters <EDITOR_ONLY> --region af-south-1\n\`\`\`\n`;
    const doc = parseRunbook(source);
    const base = { region: 'eu-west-1', runbookPath: FILE, source, cwd: path.dirname(file), account: '123456789012', vars: { ...SECRETS, ZONE_ID: 'Z1' }, phases: ['2'] };
    const open = await compileRunbook(doc, buildOutline(doc), base);
    assert.match(JSON.stringify(open.definition), /ed-Kestrel-3301/, 'not declared secret: an ordinary value, compiled in');
    const c = await compileRunbook(doc, buildOutline(doc), { ...base, secretNames: ['EDITOR_ONLY'] });
    assert.deepEqual(c.notCompiled.map((n) => n.text), ['aws ecs describe-clusters --clusters <EDITOR_ONLY> --region af-south-1']);
    assert.deepEqual(leaked(everything(c)), []);
  });

  it('other spellings: ${NAME}, a secret in --query, --cli-input-json with a sensitive member, a paginated read of secrets', async () => {
    const source = [
      '# More spellings', '', '### Phase 1: Spellings (5 minutes)', '',
      '```bash', 'aws dynamodb describe-table --table-name ${DB_TOKEN} --region af-south-1', '```', '',
      "```bash", "aws dynamodb describe-table --table-name t --region af-south-1 --query \"Table.TableName=='<DB_PASSWORD>'\"", '```', '',
      '```bash', 'aws ssm get-parameters-by-path --path /prod --region eu-west-1', '```', '',
      '```bash', 'aws ssm put-parameter --cli-input-json file://put.json --region eu-west-1', '```', '',
    ].join('\n');
    const doc = parseRunbook(source);
    const c = await compileRunbook(doc, buildOutline(doc), {
      region: 'eu-west-1', runbookPath: 'more.md', source, cwd: ROOT, account: '123456789012',
      vars: { DB_TOKEN: 'tok-Quartz-5512-x', DB_PASSWORD: 'Zq7-Plover-91-db' },
      readFile: async () => Buffer.from(JSON.stringify({ Name: '/prod/db', Value: 'adm-Heron-77-wp', Type: 'SecureString' })),
    });
    assert.deepEqual(c.notCompiled.map((n) => n.reason.split(':')[0]), ['it uses <DB_TOKEN>, a secret', 'its answer can hold Parameters[].Value, which the service model marks secret', 'it sends Value, which the service model marks secret']);
    // The --query is not sent to AWS but kept in the task's Comment: it keeps the placeholder, never the value.
    assert.deepEqual(leaked(JSON.stringify(c.definition)), []);
    assert.deepEqual(leaked(everything(c)), []);
  });

  it('with --local each refused cell becomes a step the worker runs (its source as written), and still no secret is compiled in', async () => {
    const c = await compile({ local: true });
    assert.deepEqual(c.notCompiled, []);
    const locals = Object.values(c.states).filter((s) => s.kind === 'local');
    assert.deepEqual(locals.map((s) => s.cell), [2, 3, 4, 5, 6, 7]);
    assert.ok(locals.every((s) => !/Zq7|tok-Quartz|adm-Heron/.test(s.text)), 'the local step carries the cell as written');
    assert.deepEqual(leaked(everything(c)), []);
  });

  // A machine compiled elsewhere (an older build, by hand) may still carry one: what is read back from its history is
  // redacted by the same model as a local run's answer, and a secret-named input is recorded by name only.
  describe('what an execution\'s history carries is read back without its secrets', () => {
    const run = (service: string, operation: string, answer: unknown, extra: Partial<StateRun['info']> = {}): StateRun => ({
      state: `${service} ${operation}`,
      kind: 'aws',
      status: 'succeeded',
      started: '2026-12-03T03:00:00.000Z',
      ended: '2026-12-03T03:00:01.000Z',
      output: JSON.stringify(answer),
      info: { kind: 'aws', cell: 1, command: 0, line: 3, text: `aws ${service} ${operation}`, service, operation, region: 'eu-west-1', ...extra },
    });
    const view = (runs: StateRun[], input: Record<string, unknown> = {}): ExecutionView => ({
      executionArn: 'arn:aws:states:eu-west-1:123456789012:execution:m:e', name: 'e', status: 'SUCCEEDED', started: '2026-12-03T03:00:00.000Z', input, runs, phases: [],
    });
    const meta = { path: 'r.md', region: 'eu-west-1', queueName: 'q', source: '' };
    const outline = buildOutline(parseRunbook(''));
    const cellOutputs = (v: ExecutionView): string => JSON.stringify(executionEvents(v, meta, outline, []).filter((e): e is ExecutionEvent => e.type === 'execution').map((e) => e.outputs));

    it('a secret in an answer is redacted in every rendering; the rest reads as a local run has it', () => {
      const out = cellOutputs(view([run('secretsmanager', 'get-secret-value', { ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:prod/db', Name: 'prod/db', SecretString: 'Zq7-Plover-91-db' })]));
      assert.ok(!out.includes('Zq7-Plover-91-db'), out);
      assert.match(out, /\[REDACTED\]/);
      assert.match(out, /prod\/db/);
      const creds = cellOutputs(view([run('sts', 'assume-role', { Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'sk-Kestrel-99', SessionToken: 'st-Heron-11', Expiration: 'x' } })]));
      assert.ok(!/sk-Kestrel-99|st-Heron-11/.test(creds), creds);
    });

    it('one output per call, its members read back through the model, and --query on the local names', () => {
      const events = executionEvents(view([run('ecs', 'describe-clusters', { Clusters: [{ ClusterName: 'prod-cluster', Status: 'ACTIVE' }], Failures: [] }, { query: 'clusters[0].clusterName', output: 'text' })]), meta, outline, []);
      const ex = events.find((e): e is ExecutionEvent => e.type === 'execution');
      assert.equal(ex?.outputs.length, 1);
      assert.deepEqual(ex?.outputs[0].items.map((i) => i.mime), ['application/vnd.runbook.aws-text', 'application/json', 'application/vnd.runbook.aws-table', 'text/markdown']);
      assert.equal(ex?.outputs[0].items[0].data, 'prod-cluster\n');
    });

    it('an answer whose model this build cannot read is withheld, not shown', () => {
      const out = cellOutputs(view([run('lambda', 'get-function', { Configuration: { Environment: { Variables: { DB_PASSWORD: 'Zq7-Plover-91-db' } } } })]));
      assert.ok(!out.includes('Zq7-Plover-91-db'), out);
      assert.match(out, /not shown: this build cannot read the operation's model/);
    });

    it('a secret-named value in the execution\'s input is recorded by name only', () => {
      const events = executionEvents(view([], { vars: { DB_PASSWORD: 'Zq7-Plover-91-db', ZONE_ID: 'Z1' } }), meta, outline, []);
      const vars = events.filter((e) => e.type === 'variable');
      assert.deepEqual(vars, [
        { type: 'variable', time: '2026-12-03T03:00:00.000Z', name: 'DB_PASSWORD', secret: true, source: 'cli' },
        { type: 'variable', time: '2026-12-03T03:00:00.000Z', name: 'ZONE_ID', value: 'Z1', secret: false, source: 'cli' },
      ]);
    });
  });
});

