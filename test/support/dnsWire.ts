/**
 * Just enough of the RFC 1035 wire format for a test DNS server: parse a query's question, encode an
 * answer with A, AAAA, CNAME, NS and TXT records (names written uncompressed).
 */
import { isIPv6 } from 'node:net';

export type DnsRecordType = 'A' | 'AAAA' | 'CNAME' | 'NS' | 'TXT';
export type DnsRcode = 'NOERROR' | 'SERVFAIL' | 'NXDOMAIN' | 'REFUSED';

export interface DnsRecord {
  name: string;
  type: DnsRecordType;
  ttl: number;
  /** Address for A/AAAA, a domain name for CNAME/NS, the text for TXT. */
  value: string;
}

export interface DnsAnswer {
  rcode?: DnsRcode;
  records: DnsRecord[];
}

export interface DnsQuestion {
  id: number;
  flags: number;
  name: string;
  /** The numeric QTYPE and its name when known (e.g. 'A'), else 'TYPE<n>'. */
  qtype: number;
  type: string;
  /** The raw question section, echoed in the answer. */
  questionBytes: Buffer;
}

export const TYPE_CODES: Record<DnsRecordType, number> = { A: 1, NS: 2, CNAME: 5, TXT: 16, AAAA: 28 };
const TYPE_NAMES: Record<number, string> = { 1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 15: 'MX', 16: 'TXT', 28: 'AAAA', 33: 'SRV', 255: 'ANY' };
const RCODES: Record<DnsRcode, number> = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 };

/** Parses the header and the first question of a query; throws on a malformed packet. */
export function parseQuery(msg: Buffer): DnsQuestion {
  if (msg.length < 12) {
    throw new Error('short DNS message');
  }
  const labels: string[] = [];
  let off = 12;
  for (;;) {
    const len = msg.readUInt8(off);
    off += 1;
    if (len === 0) {
      break;
    }
    if (len > 63 || off + len > msg.length) {
      throw new Error('bad label');
    }
    labels.push(msg.toString('latin1', off, off + len));
    off += len;
  }
  const qtype = msg.readUInt16BE(off);
  const questionBytes = msg.subarray(12, off + 4);
  return {
    id: msg.readUInt16BE(0),
    flags: msg.readUInt16BE(2),
    name: labels.join('.'),
    qtype,
    type: TYPE_NAMES[qtype] ?? `TYPE${qtype}`,
    questionBytes,
  };
}

function encodeName(name: string): Buffer {
  const parts = name.replace(/\.$/, '').split('.').filter((p) => p !== '');
  const bufs = parts.map((p) => Buffer.concat([Buffer.from([p.length]), Buffer.from(p, 'latin1')]));
  return Buffer.concat([...bufs, Buffer.from([0])]);
}

function ipv6Bytes(addr: string): Buffer {
  const [head, tail = ''] = addr.split('::');
  const h = head ? head.split(':') : [];
  const t = addr.includes('::') && tail ? tail.split(':') : [];
  const groups = addr.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

function encodeRdata(r: DnsRecord): Buffer {
  switch (r.type) {
    case 'A':
      return Buffer.from(r.value.split('.').map((n) => Number(n)));
    case 'AAAA':
      if (!isIPv6(r.value)) {
        throw new Error(`not an IPv6 address: ${r.value}`);
      }
      return ipv6Bytes(r.value);
    case 'CNAME':
    case 'NS':
      return encodeName(r.value);
    case 'TXT': {
      const raw = Buffer.from(r.value, 'utf8');
      const chunks: Buffer[] = [];
      for (let i = 0; i === 0 || i < raw.length; i += 255) {
        const part = raw.subarray(i, i + 255);
        chunks.push(Buffer.from([part.length]), part);
      }
      return Buffer.concat(chunks);
    }
  }
}

function encodeRecord(r: DnsRecord): Buffer {
  const rdata = encodeRdata(r);
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(TYPE_CODES[r.type], 0);
  fixed.writeUInt16BE(1, 2); // class IN
  fixed.writeUInt32BE(r.ttl, 4);
  fixed.writeUInt16BE(rdata.length, 8);
  return Buffer.concat([encodeName(r.name), fixed, rdata]);
}

/** Encodes the response to `q`: authoritative, recursion available, the question echoed. */
export function encodeResponse(q: DnsQuestion, answer: DnsAnswer): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(q.id, 0);
  const rd = q.flags & 0x0100;
  header.writeUInt16BE(0x8000 | 0x0400 | rd | 0x0080 | RCODES[answer.rcode ?? 'NOERROR'], 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answer.records.length, 6);
  return Buffer.concat([header, q.questionBytes, ...answer.records.map(encodeRecord)]);
}
