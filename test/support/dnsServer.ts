/**
 * Real UDP DNS servers on 127.0.0.1 for tests and `npm start`:
 * - `startDnsServer(answer)`: answers each query from a callback (undefined means NXDOMAIN).
 * - `startRoute53Dns(endpoint, zoneName)`: answers from moto's Route 53 zone, read afresh on every
 *   query, so a failover change batch shows up in the next `dig`.
 *
 * Route 53's resolvers cannot exist here, so the Route 53 server is a stand-in: the PRIMARY failover
 * record wins (health is not evaluated); an alias answers with a CNAME to its target DNS name plus an
 * A record of a fixed loopback address for the target's region (REGION_LOOPBACK). Names under
 * `.REGION.elb.amazonaws.com` answer with that address too; other names outside the zone are REFUSED.
 */
import { createSocket } from 'node:dgram';
import { Route53Client, ListHostedZonesByNameCommand, ListResourceRecordSetsCommand, type ResourceRecordSet } from '@aws-sdk/client-route-53';
import { parseQuery, encodeResponse, type DnsAnswer, type DnsRecord, type DnsRecordType } from './dnsWire';

export type { DnsAnswer, DnsRecord, DnsRecordType, DnsRcode } from './dnsWire';

export type AnswerFn = (name: string, type: string) => DnsAnswer | undefined | Promise<DnsAnswer | undefined>;

export interface DnsServer {
  /** host:port, as `dig @SERVER` and `dns.servers` take it. */
  address: string;
  port: number;
  stop(): Promise<void>;
}

/** Test stand-in addresses for each region's load balancers. */
export const REGION_LOOPBACK: Record<string, string> = { 'af-south-1': '127.0.1.1', 'eu-west-1': '127.0.2.1' };
const OTHER_REGION_LOOPBACK = '127.0.9.1';
const ALIAS_TTL = 60;

export function startDnsServer(answer: AnswerFn): Promise<DnsServer> {
  const sock = createSocket('udp4');
  sock.on('message', (msg, rinfo) => {
    let q;
    try {
      q = parseQuery(msg);
    } catch {
      return;
    }
    const question = q;
    void (async () => {
      let a: DnsAnswer;
      try {
        a = (await answer(question.name, question.type)) ?? { rcode: 'NXDOMAIN', records: [] };
      } catch {
        a = { rcode: 'SERVFAIL', records: [] };
      }
      sock.send(encodeResponse(question, a), rinfo.port, rinfo.address);
    })();
  });
  return new Promise((resolve, reject) => {
    sock.once('error', reject);
    sock.bind(0, '127.0.0.1', () => {
      const { port } = sock.address();
      resolve({
        address: `127.0.0.1:${port}`,
        port,
        stop: () => new Promise<void>((done) => sock.close(() => done())),
      });
    });
  });
}

function bare(name: string): string {
  return name.replace(/\.$/, '').toLowerCase();
}

function regionOf(dnsName: string): string | undefined {
  return /\.([a-z]{2}-[a-z]+-\d)\.elb\.amazonaws\.com\.?$/i.exec(dnsName)?.[1];
}

function loopbackFor(dnsName: string): string {
  const region = regionOf(dnsName);
  return (region && REGION_LOOPBACK[region]) ?? OTHER_REGION_LOOPBACK;
}

/** Picks the set that answers: the PRIMARY failover record if there is one, else the first. */
function winner(sets: ResourceRecordSet[]): ResourceRecordSet | undefined {
  return sets.find((s) => s.Failover === 'PRIMARY') ?? sets[0];
}

function recordsOf(set: ResourceRecordSet, qname: string, qtype: string): DnsRecord[] {
  const alias = set.AliasTarget?.DNSName;
  if (alias) {
    const target = bare(alias);
    const cname: DnsRecord = { name: qname, type: 'CNAME', ttl: ALIAS_TTL, value: target };
    return qtype === 'CNAME' ? [cname] : [cname, { name: target, type: 'A', ttl: ALIAS_TTL, value: loopbackFor(target) }];
  }
  const type = set.Type as DnsRecordType;
  return (set.ResourceRecords ?? []).map((r) => ({
    name: qname,
    type,
    ttl: set.TTL ?? 300,
    value: type === 'TXT' ? (r.Value ?? '').replace(/^"|"$/g, '') : bare(r.Value ?? ''),
  }));
}

async function listAll(r53: Route53Client, zoneId: string): Promise<ResourceRecordSet[]> {
  const all: ResourceRecordSet[] = [];
  let start: { StartRecordName?: string; StartRecordType?: ResourceRecordSet['Type']; StartRecordIdentifier?: string } = {};
  for (;;) {
    const page = await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, ...start }));
    all.push(...(page.ResourceRecordSets ?? []));
    if (!page.IsTruncated) {
      return all;
    }
    start = { StartRecordName: page.NextRecordName, StartRecordType: page.NextRecordType, StartRecordIdentifier: page.NextRecordIdentifier };
  }
}

async function zoneIdOf(r53: Route53Client, zoneName: string): Promise<string> {
  const zones = await r53.send(new ListHostedZonesByNameCommand({ DNSName: zoneName }));
  const zone = zones.HostedZones?.find((z) => bare(z.Name ?? '') === bare(zoneName));
  if (!zone?.Id) {
    throw new Error(`no hosted zone ${zoneName} in moto`);
  }
  return zone.Id.replace(/^\/hostedzone\//, '');
}

/** Answers one query from the zone's current record sets. */
async function answerFromZone(r53: Route53Client, zoneId: string, zoneName: string, name: string, type: string): Promise<DnsAnswer | undefined> {
  const qname = bare(name);
  const zone = bare(zoneName);
  if (qname !== zone && !qname.endsWith(`.${zone}`)) {
    return regionOf(qname) && (type === 'A' || type === 'ANY')
      ? { records: [{ name: qname, type: 'A', ttl: ALIAS_TTL, value: loopbackFor(qname) }] }
      : { rcode: 'REFUSED', records: [] };
  }
  const sets = (await listAll(r53, zoneId)).filter((s) => bare(s.Name ?? '') === qname);
  if (sets.length === 0) {
    return undefined;
  }
  const cname = sets.filter((s) => s.Type === 'CNAME');
  const wanted = type === 'CNAME' ? sets.filter((s) => s.Type === 'CNAME' || (s.Type === 'A' && s.AliasTarget)) : sets.filter((s) => s.Type === type);
  const chosen = winner(wanted.length > 0 ? wanted : cname);
  return { records: chosen ? recordsOf(chosen, qname, type) : [] };
}

export async function startRoute53Dns(endpoint: string, zoneName: string): Promise<DnsServer> {
  const r53 = new Route53Client({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  // The zone is looked up on every query: a reseeded moto has a new zone id.
  const server = await startDnsServer(async (name, type) => answerFromZone(r53, await zoneIdOf(r53, zoneName), zoneName, name, type));
  return {
    ...server,
    async stop() {
      await server.stop();
      r53.destroy();
    },
  };
}
