import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Route53Client, ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand, type ChangeBatch } from '@aws-sdk/client-route-53';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { getMotoContext, reseedEstate } from '../support/mochaMoto';
import { startMoto, startBlackhole, PRIMARY_REGION, DR_REGION } from '../support/moto';
import { clientConfig } from '../support/estateNetwork';

const ROOT = join(__dirname, '..', '..');

async function refuses(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1000) });
    return false;
  } catch {
    return true;
  }
}

describe('moto harness', () => {
  it('answers STS with the moto account', async () => {
    const { endpoint } = getMotoContext();
    const sts = new STSClient(clientConfig(endpoint, PRIMARY_REGION));
    const id = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(id.Account, '123456789012');
    sts.destroy();
  });

  it('starts a second moto, resets it and stops it (the port is closed after stop)', async () => {
    const moto = await startMoto();
    assert.match(moto.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    await moto.reset();
    await moto.stop();
    assert.ok(await refuses(`${moto.endpoint}/moto-api/`));
  });

  it('leaves no moto behind when the test process is SIGKILLed', async function () {
    this.timeout(40_000);
    const script = "require('./test/support/moto').startMoto().then((m) => console.log(m.endpoint));";
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const endpoint = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (d: string) => {
        const m = /http:\/\/127\.0\.0\.1:\d+/.exec(d);
        if (m) {
          resolve(m[0]);
        }
      });
      child.once('exit', () => reject(new Error('child exited before printing the endpoint')));
    });
    assert.equal(await refuses(`${endpoint}/moto-api/`), false);
    child.kill('SIGKILL');
    const deadline = Date.now() + 5000;
    while (!(await refuses(`${endpoint}/moto-api/`)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(await refuses(`${endpoint}/moto-api/`), 'moto still answers after its parent died');
  });

  it('blackhole accepts connections and never answers', async () => {
    const hole = await startBlackhole();
    const t0 = Date.now();
    await assert.rejects(fetch(hole.url, { signal: AbortSignal.timeout(300) }), (e: Error) => e.name === 'TimeoutError');
    assert.ok(Date.now() - t0 >= 280);
    await hole.stop();
  });

  it('the runbook Phase 3 change batch (runbooks/failover-dns.json) flips PRIMARY to eu-west-1', async () => {
    const { endpoint, estate } = getMotoContext();
    const batch = JSON.parse(readFileSync(join(ROOT, 'runbooks', 'failover-dns.json'), 'utf8')) as ChangeBatch;
    const r53 = new Route53Client(clientConfig(endpoint, 'us-east-1'));
    try {
      const out = await r53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: estate.zoneId, ChangeBatch: batch }));
      assert.ok(out.ChangeInfo?.Id);
      const sets = await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: estate.zoneId }));
      const wp = (sets.ResourceRecordSets ?? []).filter((r) => r.Name === 'wp.kimmyai.io.');
      const byId = Object.fromEntries(wp.map((r) => [r.SetIdentifier, r]));
      assert.equal(wp.length, 2);
      assert.equal(byId.primary?.AliasTarget?.DNSName, estate.albDns[DR_REGION]);
      assert.equal(byId.secondary?.AliasTarget?.DNSName, estate.albDns[PRIMARY_REGION]);
    } finally {
      r53.destroy();
      await reseedEstate();
    }
  });
});
