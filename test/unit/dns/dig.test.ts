import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { parseDigArgs, runDig, DigError } from '../../../src/core/dns/dig';
import { startDnsServer, type DnsServer, type DnsAnswer } from '../../support/dnsServer';

const ZONE: Record<string, Record<string, DnsAnswer>> = {
  'wp.example.test': {
    A: {
      records: [
        { name: 'wp.example.test', type: 'CNAME', ttl: 60, value: 'alb.example.test' },
        { name: 'alb.example.test', type: 'A', ttl: 60, value: '10.0.0.1' },
        { name: 'alb.example.test', type: 'A', ttl: 60, value: '10.0.0.2' },
      ],
    },
    CNAME: { records: [{ name: 'wp.example.test', type: 'CNAME', ttl: 60, value: 'alb.example.test' }] },
  },
  'alb.example.test': {
    A: { records: [{ name: 'alb.example.test', type: 'A', ttl: 60, value: '10.0.0.1' }] },
  },
  'example.test': {
    NS: { records: [{ name: 'example.test', type: 'NS', ttl: 300, value: 'ns1.example.test' }] },
    TXT: { records: [{ name: 'example.test', type: 'TXT', ttl: 300, value: 'v=spf1 -all' }] },
    AAAA: { records: [{ name: 'example.test', type: 'AAAA', ttl: 30, value: '2001:db8::1' }] },
  },
};

function answer(name: string, type: string): DnsAnswer | undefined {
  const byType = ZONE[name.toLowerCase()];
  if (!byType) {
    return undefined;
  }
  return byType[type] ?? { records: [] };
}

async function silentUdp(): Promise<{ address: string; close(): void; socket: Socket }> {
  const socket = createSocket('udp4');
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  return { address: `127.0.0.1:${socket.address().port}`, close: () => socket.close(), socket };
}

describe('dns/dig: parseDigArgs', () => {
  it('reads NAME, TYPE, @SERVER and +short in any order', () => {
    assert.deepEqual(parseDigArgs(['dig', 'wp.kimmyai.io']), { name: 'wp.kimmyai.io', type: 'A', short: false, answerOnly: false, notes: [] });
    const a = parseDigArgs(['dig', '@127.0.0.1', 'TXT', 'example.test', '+short']);
    assert.equal(a.name, 'example.test');
    assert.equal(a.type, 'TXT');
    assert.equal(a.server, '127.0.0.1');
    assert.equal(a.short, true);
    assert.equal(parseDigArgs(['example.test', 'mx']).type, 'MX');
    assert.equal(parseDigArgs(['ns']).name, 'ns');
  });

  it('reads -t, -p, -x, +time, +tries, +noall +answer and notes ignored options', () => {
    const a = parseDigArgs(['dig', '-t', 'aaaa', '@10.0.0.53', '-p', '5353', 'x.test', '+time=2', '+tries=3', '+nocmd', '-4']);
    assert.equal(a.type, 'AAAA');
    assert.equal(a.server, '10.0.0.53:5353');
    assert.equal(a.timeoutMs, 2000);
    assert.equal(a.tries, 3);
    assert.deepEqual(a.notes, ['option +nocmd ignored', 'option -4 ignored']);
    const x = parseDigArgs(['-x', '192.0.2.10']);
    assert.deepEqual([x.name, x.type], ['10.2.0.192.in-addr.arpa', 'PTR']);
    assert.equal(parseDigArgs(['a.test', '+noall', '+answer']).answerOnly, true);
  });

  it('gives typed errors', () => {
    assert.throws(() => parseDigArgs(['dig']), (e: unknown) => DigError.is(e, 'missingName'));
    assert.throws(() => parseDigArgs(['dig', 'a.test', 'ANY']), (e: unknown) => DigError.is(e, 'unsupportedType'));
    assert.throws(() => parseDigArgs(['dig', '-z', 'a.test']), (e: unknown) => DigError.is(e, 'badArgument'));
    assert.throws(() => parseDigArgs(['dig', 'a.test', 'b.test']), (e: unknown) => DigError.is(e, 'badArgument'));
    assert.throws(() => parseDigArgs(['dig', '-t']), (e: unknown) => DigError.is(e, 'badArgument'));
  });
});

describe('dns/dig: runDig against a real DNS server on 127.0.0.1', () => {
  let server: DnsServer;
  before(async () => {
    server = await startDnsServer(answer);
  });
  after(async () => {
    await server.stop();
  });

  it('answers A with the CNAME chain, like dig', async () => {
    const r = await runDig(parseDigArgs(['dig', 'wp.example.test', `@${server.address}`]));
    assert.equal(r.success, true);
    assert.equal(r.json.status, 'NOERROR');
    assert.deepEqual(
      r.json.answer.map((a) => [a.name, a.type, a.value, a.ttl]),
      [
        ['wp.example.test.', 'CNAME', 'alb.example.test.', undefined],
        ['alb.example.test.', 'A', '10.0.0.1', 60],
        ['alb.example.test.', 'A', '10.0.0.2', 60],
      ],
    );
    assert.match(r.text, /status: NOERROR/);
    assert.match(r.text, /;; QUESTION SECTION:\n;wp\.example\.test\.\s+IN\tA\n/);
    assert.match(r.text, /;; ANSWER SECTION:\nwp\.example\.test\.\s+IN\tCNAME\talb\.example\.test\.\nalb\.example\.test\.\s+60\s+IN\tA\t10\.0\.0\.1\n/);
    assert.match(r.text, new RegExp(`;; SERVER: 127\\.0\\.0\\.1#${server.port}\\(127\\.0\\.0\\.1\\)`));
    assert.match(r.text, /;; Query time: \d+ msec/);
  });

  it('+short prints the values one per line', async () => {
    const r = await runDig(parseDigArgs(['dig', '+short', 'wp.example.test', `@${server.address}`]));
    assert.equal(r.text, 'alb.example.test.\n10.0.0.1\n10.0.0.2\n');
  });

  it('answers TXT, NS, AAAA and CNAME', async () => {
    const short = async (type: string) => (await runDig(parseDigArgs(['example.test', type, `@${server.address}`, '+short']))).text;
    assert.equal(await short('TXT'), '"v=spf1 -all"\n');
    assert.equal(await short('NS'), 'ns1.example.test.\n');
    assert.equal(await short('AAAA'), '2001:db8::1\n');
    const c = await runDig(parseDigArgs(['wp.example.test', 'CNAME', `@${server.address}`, '+noall', '+answer']));
    assert.match(c.text, /^wp\.example\.test\.\s+IN\tCNAME\talb\.example\.test\.\n$/);
  });

  it('uses the servers option when the command names no @SERVER', async () => {
    const r = await runDig(parseDigArgs(['alb.example.test', '+short']), { servers: [server.address] });
    assert.equal(r.text, '10.0.0.1\n');
  });

  it('NXDOMAIN: dig-like status, no answer, not a success', async () => {
    const r = await runDig(parseDigArgs(['nope.example.test', `@${server.address}`]));
    assert.equal(r.success, false);
    assert.equal(r.json.status, 'NXDOMAIN');
    assert.match(r.text, /->>HEADER<<- opcode: QUERY, status: NXDOMAIN/);
    assert.match(r.text, /ANSWER: 0/);
    assert.doesNotMatch(r.text, /ANSWER SECTION/);
    assert.equal((await runDig(parseDigArgs(['nope.example.test', `@${server.address}`, '+short']))).text, '');
  });

  it('no data: NOERROR with an empty answer is not a success', async () => {
    const r = await runDig(parseDigArgs(['alb.example.test', 'TXT', `@${server.address}`]));
    assert.equal(r.json.status, 'NOERROR');
    assert.deepEqual(r.json.answer, []);
    assert.equal(r.success, false);
  });
});

describe('dns/dig: no network', () => {
  it('a server that never answers times out within the timeout', async () => {
    const hole = await silentUdp();
    const t0 = Date.now();
    const r = await runDig(parseDigArgs(['wp.example.test', `@${hole.address}`]), { timeoutMs: 400 });
    const took = Date.now() - t0;
    hole.close();
    assert.equal(r.success, false);
    assert.equal(r.json.status, 'TIMEOUT');
    assert.ok(took < 2000, `took ${took} ms`);
    assert.match(r.text, /;; connection timed out; no servers could be reached/);
  });

  it('a closed port fails fast, saying no server could be reached', async () => {
    const hole = await silentUdp();
    const address = hole.address;
    hole.close();
    const t0 = Date.now();
    const r = await runDig(parseDigArgs(['wp.example.test', `@${address}`]), { timeoutMs: 1000 });
    assert.equal(r.success, false);
    assert.ok(['CONNREFUSED', 'TIMEOUT'].includes(r.json.status), r.json.status);
    assert.ok(Date.now() - t0 < 2500);
    assert.match(r.text, /no servers could be reached/);
  });

  it("a server name that does not resolve fails like dig, within the timeout", async () => {
    const t0 = Date.now();
    await assert.rejects(
      runDig(parseDigArgs(['wp.example.test', '@no-such-server.invalid']), { timeoutMs: 500 }),
      (e: unknown) => DigError.is(e, 'badServer') && /couldn't get address for 'no-such-server\.invalid'/.test((e as Error).message),
    );
    assert.ok(Date.now() - t0 < 1500, `took ${Date.now() - t0} ms`);
  });

  it('cancel ends the query', async () => {
    const hole = await silentUdp();
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const t0 = Date.now();
    const r = await runDig(parseDigArgs(['wp.example.test', `@${hole.address}`]), { timeoutMs: 5000, signal: ac.signal });
    hole.close();
    assert.equal(r.json.status, 'CANCELLED');
    assert.equal(r.success, false);
    assert.ok(Date.now() - t0 < 1000);
  });
});
