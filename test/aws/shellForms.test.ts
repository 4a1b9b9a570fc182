/**
 * Adversarial suite (issue 9): shell forms that try to change AWS from a shell cell, run through the core
 * runner against the seeded moto. Each form runs twice: refused (the confirmation says no) and confirmed.
 * Afterwards moto is asked: no change without confirmation, ever; the change made when confirmed (forms
 * that reach the kernel), or no change and a message that says why (forms that go around it).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { findAwsCli } from '../../src/core/aws/cliFallback';
import { outputText } from '../../src/core/kernel/outputs';
import { CellRunner } from '../../src/core/kernel/runner';
import type { CellOutput } from '../../src/core/runbook/model';
import { getMotoContext } from '../support/mochaMoto';
import { testContext, type TestContext } from '../unit/kernel/kernelContext';
import { PUT, shellForms, type ShellForm } from './shellFormsCases';

const runner = new CellRunner();
const RUN = Date.now().toString(36);

/** The installed AWS CLI's own executable (behind a pyenv shim, the real one), else the one on PATH. */
export async function realAwsCli(): Promise<string> {
  try {
    return execFileSync('pyenv', ['which', 'aws'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    const found = await findAwsCli();
    assert.ok(found, 'the AWS CLI is not installed: this suite needs it (`aws` on PATH)');
    return found;
  }
}

async function changed(form: ShellForm, id: string): Promise<boolean> {
  const { endpoint } = getMotoContext();
  const config = { region: 'af-south-1', endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 };
  if (form.kind === 'bucket') {
    const s3 = new S3Client({ ...config, forcePathStyle: true });
    try {
      await s3.send(new HeadBucketCommand({ Bucket: id }));
      return true;
    } catch {
      return false;
    } finally {
      s3.destroy();
    }
  }
  const ddb = new DynamoDBClient(config);
  try {
    const out = await ddb.send(new GetItemCommand({ TableName: 'bbws-tenants', Key: { tenantId: { S: id } } }));
    return out.Item !== undefined;
  } finally {
    ddb.destroy();
  }
}

function allText(outputs: CellOutput[]): string {
  return outputs.map(outputText).join('\n');
}

describe('adversarial: shell forms that try to change AWS (through the core runner, against moto)', function () {
  this.timeout(120_000);
  let work: string;
  let forms: ShellForm[];
  const tally = { tried: 0, unconfirmedChanges: 0, throughKernel: 0, failedClosed: 0 };

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'runbook-forms-'));
    writeFileSync(path.join(work, 'form-script.sh'), `#!/bin/sh\n${PUT}\n`);
    chmodSync(path.join(work, 'form-script.sh'), 0o755);
    forms = shellForms(await realAwsCli());
  });
  after(() => {
    rmSync(work, { recursive: true, force: true });
    console.log(`      shell forms: ${tally.tried} tried, ${tally.unconfirmedChanges} changed AWS without confirmation, ${tally.throughKernel} went through the kernel, ${tally.failedClosed} failed closed`);
  });

  function context(confirm: boolean): TestContext {
    return testContext({ cwd: work, confirm, settings: { aws: { endpointUrl: getMotoContext().endpoint, maxAttempts: 1 }, cellTimeoutSeconds: 60 } });
  }

  async function attempt(form: ShellForm, index: number, confirm: boolean): Promise<{ changed: boolean; text: string; ctx: TestContext; success: boolean }> {
    const id = `form-${RUN}-${index}-${confirm ? 'y' : 'n'}`;
    const source = `export ITEM='{"tenantId":{"S":"${id}"}}'\nexport BUCKET='${id}'\n${form.cell}`;
    const ctx = context(confirm);
    const r = await runner.run({ source, language: 'bash', index }, ctx);
    return { changed: await changed(form, id), text: allText(r.outputs), ctx, success: r.success };
  }

  it('has at least 60 forms', () => {
    assert.ok(forms.length >= 60, `${forms.length} forms`);
  });

  // Mocha collects `it`s before `before` runs: the list is built here with a placeholder path, which only
  // names the tests; each test runs the form built from the real path.
  shellForms('/path/to/aws').forEach((named, index) => {
    it(`${index + 1}. ${named.name}`, async () => {
      const form = forms[index];
      tally.tried += 1;
      const refused = await attempt(form, index, false);
      if (refused.changed) {
        tally.unconfirmedChanges += 1;
      }
      assert.equal(refused.changed, false, `changed AWS without confirmation:\n${refused.text}`);
      const confirmed = await attempt(form, index, true);
      const closed = form.message !== undefined && form.message.test(confirmed.text);
      if (form.expect === 'kernel' || (form.expect === 'either' && !closed)) {
        assert.ok(refused.ctx.confirms.length >= 1, `no confirmation was asked:\n${refused.text}`);
        assert.equal(refused.success, false, `a refused call must fail the cell:\n${refused.text}`);
        assert.match(refused.text, /Cancelled by the engineer: .* was not sent \(not a failure of AWS\)/);
        assert.equal(confirmed.changed, true, `confirmed, but no change in moto:\n${confirmed.text}`);
        assert.ok(confirmed.ctx.confirms.length >= 1);
        assert.equal(confirmed.ctx.confirms[0].account, getMotoContext().estate.account);
        assert.ok(confirmed.ctx.session.events.some((e) => e.type === 'aws-call' && e.exitCode === 0), 'the call is journaled');
        assert.ok(refused.ctx.session.events.some((e) => e.type === 'confirmation' && !e.confirmed), 'the refusal is journaled');
        tally.throughKernel += 1;
      } else {
        assert.equal(confirmed.changed, false, `went around the kernel and changed AWS:\n${confirmed.text}`);
        assert.ok(closed, `no message saying why (${String(form.message)}):\n${confirmed.text}`);
        assert.match(refused.text, form.message ?? /$^/);
        tally.failedClosed += 1;
      }
    });
  });
});

describe('a shell cell\'s aws calls: output, stdin, redaction', function () {
  this.timeout(60_000);
  const settings = () => ({ aws: { endpointUrl: getMotoContext().endpoint, maxAttempts: 1 } });

  it('gives the program what the AWS CLI prints, and the cell output passes the same redactor as an aws cell', async () => {
    const ctx = testContext({ settings: settings() });
    const { account } = getMotoContext().estate;
    ctx.session.secrets.add('ACCOUNT_SECRET');
    ctx.session.variables.set('ACCOUNT_SECRET', account);
    const r = await runner.run({ source: 'id=$(aws sts get-caller-identity --query Account --output text)\n[ "$id" = "$ACCOUNT_SECRET" ] && echo "the program got it: $id"', language: 'bash' }, ctx);
    const text = allText(r.outputs);
    assert.equal(r.success, true, text);
    assert.match(text, /the program got it: /);
    assert.ok(!text.includes(account), `the secret reached the cell output:\n${text}`);
    const execution = ctx.session.events.find((e) => e.type === 'execution');
    assert.ok(execution && !JSON.stringify(execution).includes(account), 'the secret reached the execution event');
  });

  it('uploads stdin with `aws s3 cp - s3://...` (AWS CLI fallback) and prints a download with `s3 cp s3://... -`', async () => {
    const ctx = testContext({ confirm: true, settings: settings() });
    const { bucket } = getMotoContext().estate;
    const key = `stdin-${RUN}.txt`;
    const r = await runner.run({ source: `echo "piped through the kernel" | aws s3 cp - s3://${bucket}/${key} --region af-south-1\naws s3 cp s3://${bucket}/${key} - --region af-south-1`, language: 'bash' }, ctx);
    const text = allText(r.outputs);
    assert.equal(r.success, true, text);
    assert.match(text, /^piped through the kernel$/m);
    // `s3 cp` may upload, so both copies ask (the kernel does not tell a download from an upload by its words).
    assert.deepEqual(ctx.confirms.map((c) => `${c.service} ${c.operation}`), ['s3 cp', 's3 cp']);
  });
});
