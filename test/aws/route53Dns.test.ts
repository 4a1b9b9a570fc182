import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Route53Client, ChangeResourceRecordSetsCommand, type ChangeBatch } from '@aws-sdk/client-route-53';
import { parseDigArgs, runDig } from '../../src/core/dns/dig';
import { getMotoContext, reseedEstate } from '../support/mochaMoto';
import { startRoute53Dns, REGION_LOOPBACK, type DnsServer } from '../support/dnsServer';
import { clientConfig } from '../support/estateNetwork';
import { PRIMARY_REGION, DR_REGION } from '../support/moto';

const ROOT = join(__dirname, '..', '..');

describe('dig against the Route 53 stand-in DNS server (moto zone)', () => {
  let dns: DnsServer;
  before(async () => {
    dns = await startRoute53Dns(getMotoContext().endpoint, 'kimmyai.io');
  });
  after(async () => {
    await dns.stop();
  });

  const dig = (...argv: string[]) => runDig(parseDigArgs(['dig', ...argv]), { servers: [dns.address], timeoutMs: 2000 });

  it('answers wp.kimmyai.io from the PRIMARY record: the af-south-1 ALB', async () => {
    const { estate } = getMotoContext();
    const r = await dig('wp.kimmyai.io', '+short');
    assert.equal(r.text, `${estate.albDns[PRIMARY_REGION]}.\n${REGION_LOOPBACK[PRIMARY_REGION]}\n`);
    const full = await dig('wp.kimmyai.io');
    assert.equal(full.success, true);
    assert.match(full.text, /status: NOERROR/);
  });

  it('after the runbook Phase 3 change batch, the next dig answers eu-west-1', async () => {
    const { endpoint, estate } = getMotoContext();
    const batch = JSON.parse(readFileSync(join(ROOT, 'runbooks', 'failover-dns.json'), 'utf8')) as ChangeBatch;
    const r53 = new Route53Client(clientConfig(endpoint, 'us-east-1'));
    try {
      await r53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: estate.zoneId, ChangeBatch: batch }));
      const r = await dig('wp.kimmyai.io', '+short');
      assert.equal(r.text, `${estate.albDns[DR_REGION]}.\n${REGION_LOOPBACK[DR_REGION]}\n`);
    } finally {
      r53.destroy();
      await reseedEstate();
    }
    // A reseeded moto has a new zone id: the server still answers.
    const again = await dig('wp.kimmyai.io', '+short');
    assert.match(again.text, new RegExp(REGION_LOOPBACK[PRIMARY_REGION].replace(/\./g, '\\.')));
  });

  it('NXDOMAIN inside the zone, REFUSED outside it, the ALB names resolve', async () => {
    assert.equal((await dig('nope.kimmyai.io')).json.status, 'NXDOMAIN');
    assert.equal((await dig('example.com')).json.status, 'REFUSED');
    assert.equal((await dig('bbws-alb-1.eu-west-1.elb.amazonaws.com', '+short')).text, `${REGION_LOOPBACK[DR_REGION]}\n`);
  });
});
