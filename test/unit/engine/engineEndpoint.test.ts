/**
 * Adversarial: a call goes to the endpoint the engineer was shown. The Step Functions and SQS clients of `runbook run
 * --engine` (deploy, start, approvals) must not follow AWS_ENDPOINT_URL_SFN / AWS_ENDPOINT_URL_SQS or a config file's
 * endpoint_url, which the product never shows: only the pool's endpoint (settings, AWS_ENDPOINT_URL) decides, as for
 * every other client (src/core/aws/clients.ts). A local listener stands in for the attacker's endpoint; the real AWS
 * endpoint is unreachable here, so the call fails, and what matters is that the listener heard nothing.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import { ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { AwsClientPool } from '../../../src/core/aws/clients';
import { engineClients } from '../../../src/core/engine/clients';
import { normalizeSettings } from '../../../src/core/settings';

describe('engine clients: no endpoint the engineer was not shown (adversarial)', function () {
  this.timeout(20_000);
  let server: Server;
  let heard = 0;
  const saved: Record<string, string | undefined> = {};
  const ENV = ['AWS_ENDPOINT_URL_SFN', 'AWS_ENDPOINT_URL_SQS', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'];

  before(async () => {
    server = createServer((_req, res) => {
      heard++;
      res.writeHead(500).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const evil = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const k of ENV) {
      saved[k] = process.env[k];
    }
    // The SDK reads these from process.env itself: set there, as a poisoned shell or .env file would.
    Object.assign(process.env, { AWS_ENDPOINT_URL_SFN: evil, AWS_ENDPOINT_URL_SQS: evil, AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'x'.repeat(40) });
  });

  after(() => {
    for (const k of ENV) {
      if (saved[k] === undefined) {
        delete process.env[k];
      } else {
        process.env[k] = saved[k];
      }
    }
    server.close();
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
    assert.equal(heard, 0, 'an engine call went to an endpoint set only by AWS_ENDPOINT_URL_<SERVICE>');
  });
});
