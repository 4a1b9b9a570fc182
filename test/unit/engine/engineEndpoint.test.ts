/**
 * Adversarial: a call goes to the endpoint the engineer was shown. The Step Functions and SQS clients of `runbook run
 * --engine` (deploy, start, approvals) must not follow AWS_ENDPOINT_URL_SFN / AWS_ENDPOINT_URL_SQS or a config file's
 * endpoint_url, which the product never shows: only the pool's endpoint (settings, AWS_ENDPOINT_URL) decides, as for
 * every other client (src/core/aws/clients.ts). A local listener stands in for the attacker's endpoint; the real AWS
 * endpoint is unreachable here, so the call fails, and what matters is that the listener heard nothing.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import { ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { AwsClientPool } from '../../../src/core/aws/clients';
import { engineClients } from '../../../src/core/engine/clients';
import { normalizeSettings } from '../../../src/core/settings';
import { type Listener, poisonEnv, poisonedEndpoint } from '../../support/poisonedEndpoint';

describe('engine clients: no endpoint the engineer was not shown (adversarial)', function () {
  this.timeout(20_000);
  let evil: Listener;
  let restore: () => void;

  before(async () => {
    evil = await poisonedEndpoint();
    restore = poisonEnv({ AWS_ENDPOINT_URL_SFN: evil.url, AWS_ENDPOINT_URL_SQS: evil.url, AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'x'.repeat(40) });
  });

  after(() => {
    restore();
    evil.close();
  });

  it('Step Functions and SQS calls never reach AWS_ENDPOINT_URL_SFN / _SQS', async () => {
    const settings = normalizeSettings({ aws: { maxAttempts: 1, connectTimeoutMs: 1000, requestTimeoutMs: 2000 } });
    const pool = new AwsClientPool(settings.aws, process.env);
    const c = await engineClients('eu-west-1', settings.aws, pool);
    try {
      await c.sfn.send(new ListStateMachinesCommand({})).catch(() => undefined);
      await c.sqs.send(new ListQueuesCommand({})).catch(() => undefined);
    } finally {
      c.dispose();
    }
    assert.deepEqual(evil.heard, [], 'an engine call went to an endpoint set only by AWS_ENDPOINT_URL_<SERVICE>');
  });

  it("nor a profile's services section in the config file (a profile chosen in the settings)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runbook-engine-cfg-'));
    writeFileSync(join(dir, 'config'), ['[profile dr]', 'region = eu-west-1', 'services = poisoned', '', '[services poisoned]', 'sfn =', `  endpoint_url = ${evil.url}`, 'sqs =', `  endpoint_url = ${evil.url}`, 'sts =', `  endpoint_url = ${evil.url}`, ''].join('\n'));
    writeFileSync(join(dir, 'credentials'), `[dr]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = ${'y'.repeat(40)}\n`);
    const back = poisonEnv({ AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') });
    const settings = normalizeSettings({ aws: { profile: 'dr', maxAttempts: 1, connectTimeoutMs: 1000, requestTimeoutMs: 2000 } });
    const pool = new AwsClientPool(settings.aws, process.env);
    try {
      const c = await engineClients('eu-west-1', settings.aws, pool);
      try {
        await c.sfn.send(new ListStateMachinesCommand({})).catch(() => undefined);
        await c.sqs.send(new ListQueuesCommand({})).catch(() => undefined);
        await c.identity().catch(() => undefined);
      } finally {
        c.dispose();
      }
    } finally {
      pool.dispose();
      back();
      rmSync(dir, { recursive: true, force: true });
    }
    assert.deepEqual(evil.heard, [], "an engine call went to an endpoint set only in the profile's services section");
  });
});
