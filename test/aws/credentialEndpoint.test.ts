/**
 * Adversarial: the credentials' own calls go to the endpoint the engineer was shown too. A profile that assumes a role
 * makes the SDK's credential chain build its own STS client for AssumeRole. That client followed
 * AWS_ENDPOINT_URL_STS (and a config file's endpoint_url), which the product never shows: a poisoned environment could
 * take the signed AssumeRole request, replay it to AWS within its validity and hold the role. A local listener stands
 * in for that endpoint; moto is the endpoint shown (settings), and must answer the role assumption itself.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { AwsClientPool } from '../../src/core/aws/clients';
import { engineClients } from '../../src/core/engine/clients';
import { normalizeSettings } from '../../src/core/settings';
import { getMotoContext } from '../support/mochaMoto';
import { type Listener, poisonEnv, poisonedEndpoint } from '../support/poisonedEndpoint';

describe('credentials: a role is assumed at the endpoint shown, never at AWS_ENDPOINT_URL_STS (adversarial)', function () {
  this.timeout(30_000);
  let evil: Listener;
  let restore: () => void;
  let dir: string;

  before(async () => {
    evil = await poisonedEndpoint();
    dir = mkdtempSync(join(tmpdir(), 'runbook-creds-'));
    // The role profile also names the listener in its own services section, as a tampered config file would.
    writeFileSync(
      join(dir, 'config'),
      [
        '[profile base]',
        'region = eu-west-1',
        '',
        '[profile dr-operator]',
        'role_arn = arn:aws:iam::123456789012:role/dr-operator',
        'source_profile = base',
        'region = eu-west-1',
        'services = poisoned',
        '',
        '[services poisoned]',
        'sts =',
        `  endpoint_url = ${evil.url}`,
        '',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'credentials'), '[base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = testtesttesttesttesttesttesttesttesttest\n');
    // The SDK reads these from process.env itself: set there, as a poisoned shell or .env file would.
    restore = poisonEnv(
      { AWS_ENDPOINT_URL_STS: evil.url, AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') },
      ['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'],
    );
  });

  beforeEach(() => {
    evil.heard.length = 0;
  });

  after(() => {
    restore();
    evil.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const settings = () => normalizeSettings({ aws: { endpointUrl: getMotoContext().endpoint, profile: 'dr-operator', maxAttempts: 1, connectTimeoutMs: 1000, requestTimeoutMs: 3000 } });

  it('the kernel: the identity shown is the assumed role, assumed at moto; the listener hears nothing', async () => {
    const pool = new AwsClientPool(settings().aws, process.env);
    try {
      const id = await pool.identity({ region: 'eu-west-1' });
      assert.match(id.arn, /assumed-role\/dr-operator\//);
      assert.deepEqual(evil.heard, [], 'the role was assumed at an endpoint the engineer was not shown');
      // The assumed role's secret parts are known to the redactor, as every resolved credential's are.
      assert.ok(pool.secretValues.size >= 2, 'the session credentials reach the redactor');
    } finally {
      pool.dispose();
    }
  });

  it("a cell's own --endpoint-url gets the cell's call, never the role assumption (its signed request could be replayed)", async () => {
    const pool = new AwsClientPool(settings().aws, process.env);
    try {
      // The cell's call goes where the cell says (the listener, which fails it); the role is assumed at moto.
      await assert.rejects(pool.identity({ region: 'eu-west-1', endpointUrl: evil.url }));
      assert.equal(evil.heard.length, 1, evil.heard.join('\n'));
      assert.match(evil.heard[0], /Action=GetCallerIdentity/);
      assert.doesNotMatch(evil.heard.join('\n'), /AssumeRole/);
      assert.match((await pool.identity({ region: 'eu-west-1' })).arn, /assumed-role\/dr-operator\//);
    } finally {
      pool.dispose();
    }
  });

  it('the engine (Step Functions, SQS) takes the same credentials: one role assumption, at moto', async () => {
    const s = settings();
    const pool = new AwsClientPool(s.aws, process.env);
    const c = await engineClients('eu-west-1', s.aws, pool);
    try {
      await c.sfn.send(new ListStateMachinesCommand({}));
      await pool.identity({ region: 'eu-west-1' });
      assert.deepEqual(evil.heard, [], 'the engine assumed the role at an endpoint the engineer was not shown');
      assert.ok(pool.secretValues.size >= 2, "the engine's session credentials reach the redactor");
    } finally {
      c.dispose();
      pool.dispose();
    }
  });
});
