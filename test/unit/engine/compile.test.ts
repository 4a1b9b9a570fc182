/**
 * The compiler against golden ASL files (test/fixtures/engine/*.asl.json): the seed runbook and a runbook
 * that uses every mapping. `UPDATE_GOLDENS=1 npx mocha test/unit/engine/compile.test.ts` rewrites them;
 * review the diff before committing.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { compileRunbook, machineMeta, type CompileOptions, type CompiledRunbook } from '../../../src/core/engine/compile';
import { dynamicString, sentinel } from '../../../src/core/engine/params';
import { cloudFormation, iamPolicy } from '../../../src/core/engine/policy';
import { buildOutline } from '../../../src/core/runbook/outline';
import { parseRunbook } from '../../../src/core/runbook/parse';

const ROOT = path.resolve(__dirname, '../../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/engine');

async function compileFile(rel: string, opts: Partial<CompileOptions> = {}): Promise<CompiledRunbook> {
  const file = path.join(ROOT, rel);
  const source = readFileSync(file, 'utf8');
  const doc = parseRunbook(source);
  return compileRunbook(doc, buildOutline(doc), { region: 'eu-west-1', runbookPath: rel, source, cwd: path.dirname(file), account: '123456789012', ...opts });
}

function golden(name: string, value: unknown): void {
  const file = path.join(FIXTURES, name);
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (process.env.UPDATE_GOLDENS) {
    writeFileSync(file, text);
  }
  assert.ok(existsSync(file), `${name} is missing: UPDATE_GOLDENS=1 writes it`);
  assert.equal(text, readFileSync(file, 'utf8'), `${name} differs from its golden file (UPDATE_GOLDENS=1 rewrites it)`);
}

describe('engine: compile a runbook to Amazon States Language', () => {
  it('compiles the seed runbook (golden): Prerequisites + three phases, two approvals, dig reported', async () => {
    const c = await compileFile('runbooks/dr-runbook.md');
    golden('dr-runbook.asl.json', c.definition);
    assert.equal(c.definition.StartAt, 'Approve Prerequisites');
    assert.equal(c.definition.TimeoutSeconds, 4 * 3600);
    assert.deepEqual(Object.keys(c.definition.States), [
      'Approve Prerequisites',
      'Phase 1 Assessment (15 minutes)',
      'Phase 2 Data Verification (30 minutes)',
      'Phase 3 DNS Failover (15 minutes)',
      'Runbook succeeded',
      'Runbook failed',
    ]);
    assert.equal(c.approvals, 2);
    assert.deepEqual(Object.keys(c.states).length, 6);
    assert.deepEqual(c.notCompiled.map((n) => [n.line, n.text]), [[74, 'dig wp.kimmyai.io']]);
    assert.deepEqual(c.runtimeVariables, ['TG_ARN', 'ZONE_ID']);
    const meta = machineMeta(c.definition);
    assert.equal(meta?.path, 'runbooks/dr-runbook.md');
    assert.equal(meta?.source, readFileSync(path.join(ROOT, 'runbooks/dr-runbook.md'), 'utf8'));
  });

  it('compiles a runbook that uses every mapping (golden)', async () => {
    const c = await compileFile('test/fixtures/engine/every-mapping.md', { vars: { NOTE: "it's {fine}", RECORD_NAME: 'wp.example.org.' } });
    golden('every-mapping.asl.json', c.definition);
    const phase1 = c.definition.States['Phase 1 Read (10 minutes)'] as unknown as { Branches: { States: Record<string, Record<string, unknown>> }[] };
    const s = phase1.Branches[0].States;
    assert.equal(s['ecs describe-services (cell 4.1)'].Resource, 'arn:aws:states:af-south-1::aws-sdk:ecs:describeServices');
    assert.deepEqual(s['ecs describe-services (cell 4.1)'].Parameters, { Cluster: 'prod-cluster', 'Services.$': "States.Array($.vars.SERVICE, 'web')" });
    assert.equal(s['elbv2 describe-target-health (cell 4.2)'].Resource, 'arn:aws:states:::aws-sdk:elasticloadbalancingv2:describeTargetHealth');
    assert.deepEqual(s['s3api get-bucket-versioning (cell 5.1)'].Parameters, { 'Bucket.$': "States.Format('assets-{}', $.vars.ENV)" });
    assert.ok(!JSON.stringify(Object.values(s).map((x) => [x.Resource, x.Parameters])).includes('runningCount'), '--query is applied when shown, not in the state machine');
    assert.deepEqual(c.notCompiled.map((n) => [n.line, n.reason.split(':')[0]]), [
      [32, 'dig needs a DNS resolver'],
      [36, 'a shell command needs a machine to run on'],
    ]);
    assert.equal(c.approvals, 3);
    assert.ok(!('Phase 3 Nothing to run (5 minutes)' in c.definition.States), 'a phase without steps is left out');
  });

  it('--local compiles dig and shell cells as callbacks a worker runs', async () => {
    const c = await compileFile('test/fixtures/engine/every-mapping.md', { local: true, vars: { NOTE: 'n', RECORD_NAME: 'r.' } });
    const locals = Object.entries(c.states).filter(([, s]) => s.kind === 'local');
    assert.deepEqual(locals.map(([n, s]) => [n, s.cell, s.line]), [
      ['local cell 6 (cell 6)', 6, 32],
      ['local cell 7 (cell 7)', 7, 36],
    ]);
    assert.deepEqual(c.notCompiled, []);
  });

  it('reports a placeholder inside a list of objects that has no compile-time value', async () => {
    const c = await compileFile('test/fixtures/engine/every-mapping.md', { vars: { NOTE: 'n' } });
    const n = c.notCompiled.find((x) => x.cell === 10);
    assert.ok(n, 'cell 10 is reported');
    assert.match(n.reason, /placeholder inside a list of objects needs a value at compile time \(--var\)/);
    assert.match(n.text, /<ZONE_ID>/);
  });

  it('an unknown --phase is an error naming the phases', async () => {
    await assert.rejects(compileFile('runbooks/dr-runbook.md', { phases: ['9'] }), /No phase '9'.*Phase 1: Assessment/);
  });

  it('placeholders in strings become States.Format with the literal parts escaped', () => {
    assert.equal(dynamicString(sentinel('X')), '$.vars.X');
    assert.equal(dynamicString(`a{b}'c-${sentinel('X')}-${sentinel('Y')}`), "States.Format('a\\{b\\}\\'c-{}-{}', $.vars.X, $.vars.Y)");
  });

  it('the least-privilege policy names only the calls made and the approval queue', async () => {
    const seed = await compileFile('runbooks/dr-runbook.md');
    assert.deepEqual(iamPolicy(seed, 'eu-west-1', '123456789012'), {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'RunbookCalls',
          Effect: 'Allow',
          Action: ['dynamodb:DescribeTable', 'ecs:DescribeClusters', 'elasticloadbalancing:DescribeTargetHealth', 'route53:ChangeResourceRecordSets', 's3:GetReplicationConfiguration'],
          Resource: '*',
        },
        { Sid: 'ApprovalQueue', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: 'arn:aws:sqs:eu-west-1:123456789012:runbook-dr-runbook-approvals' },
      ],
    });
    const cfn = cloudFormation(seed, 'eu-west-1') as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    assert.deepEqual(Object.values(cfn.Resources).map((r) => r.Type), ['AWS::SQS::Queue', 'AWS::IAM::Role', 'AWS::StepFunctions::StateMachine']);
    assert.deepEqual(cfn.Resources.RunbookStateMachine.Properties.Definition, seed.definition);
  });
});
