/**
 * One endpoint, one account (issue 9): the endpoint settings reach every AWS call of every cell, the shell's
 * included, and the identity shown is asked of the endpoint the call uses.
 */
import * as assert from 'node:assert/strict';
import { outputText } from '../../src/core/kernel/outputs';
import { CellRunner } from '../../src/core/kernel/runner';
import { getMotoContext } from '../support/mochaMoto';
import { testContext } from '../unit/kernel/kernelContext';

const runner = new CellRunner();
const READ = "bash -c 'aws dynamodb describe-table --region af-south-1 --table-name bbws-tenants --query Table.TableName --output text'";

describe('one endpoint, one account: every AWS call of every cell', () => {
  it('a shell cell\'s aws uses a region\'s own endpoint (--region-endpoint) and shows the identity that endpoint answers', async () => {
    const ctx = testContext({ settings: { aws: { regionEndpoints: { 'af-south-1': getMotoContext().endpoint }, maxAttempts: 1 } } });
    const r = await runner.run({ source: READ, language: 'bash' }, ctx);
    const text = r.outputs.map(outputText).join('');
    assert.equal(r.success, true, text);
    assert.match(text, /^bbws-tenants$/m);
    assert.match(text, new RegExp(`AWS identity: account ${getMotoContext().estate.account}, .*region af-south-1`));
  });

  it('AWS_ENDPOINT_URL of the kernel\'s environment reaches the shell\'s aws (the shell itself only holds an unusable one)', async () => {
    const env = { PATH: process.env.PATH, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_ENDPOINT_URL: getMotoContext().endpoint };
    const ctx = testContext({ env, settings: { aws: { maxAttempts: 1 } } });
    const r = await runner.run({ source: `${READ}\necho "shell endpoint: $AWS_ENDPOINT_URL"`, language: 'bash' }, ctx);
    const text = r.outputs.map(outputText).join('');
    assert.equal(r.success, true, text);
    assert.match(text, /^bbws-tenants$/m);
    assert.match(text, /shell endpoint: https:\/\/[^\s]*\.invalid/);
  });
});
