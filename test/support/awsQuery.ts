/**
 * A small AWS Query-protocol caller (EC2, IAM) for seeding moto. The project ships no EC2 or IAM SDK
 * client (the product never calls them), so the harness signs the form-encoded request itself with the
 * SDK's own SigV4 signer and reads the few ids it needs out of the XML answer.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

const API_VERSIONS: Record<string, string> = { ec2: '2016-11-15', iam: '2010-05-08' };

type SourceData = string | ArrayBuffer | ArrayBufferView;

function bytes(d: SourceData): string | Buffer {
  if (typeof d === 'string') {
    return d;
  }
  return ArrayBuffer.isView(d) ? Buffer.from(d.buffer, d.byteOffset, d.byteLength) : Buffer.from(d);
}

/** SHA-256 (or HMAC-SHA-256 when given a secret) in the shape the SigV4 signer takes. */
class NodeSha256 {
  private readonly h: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.h.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.h.digest()));
  }
}

export class QueryError extends Error {
  constructor(
    readonly reason: 'httpError',
    readonly status: number,
    readonly body: string,
  ) {
    super(`AWS Query call failed with HTTP ${status}: ${body.slice(0, 500)}`);
    this.name = 'QueryError';
  }
}

/** Calls `action` of `service` (ec2 | iam) on the endpoint; returns the XML body. */
export async function queryCall(
  endpoint: string,
  service: 'ec2' | 'iam',
  region: string,
  action: string,
  params: Record<string, string | number> = {},
): Promise<string> {
  const url = new URL(endpoint);
  const form = new URLSearchParams({ Action: action, Version: API_VERSIONS[service] });
  for (const [k, v] of Object.entries(params)) {
    form.set(k, String(v));
  }
  const body = form.toString();
  const signer = new SignatureV4({
    service,
    region,
    sha256: NodeSha256,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    query: {},
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });
  const res = await fetch(new URL('/', url), { method: 'POST', headers: signed.headers, body });
  const text = await res.text();
  if (!res.ok) {
    throw new QueryError('httpError', res.status, text);
  }
  return text;
}

/** Every text value of `<tag>` in document order. */
export function xmlValues(xml: string, tag: string): string[] {
  const re = new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g');
  return [...xml.matchAll(re)].map((m) => m[1]);
}

/** The first text value of `<tag>`, or an error naming it. */
export function xmlValue(xml: string, tag: string): string {
  const [v] = xmlValues(xml, tag);
  if (v === undefined) {
    throw new Error(`no <${tag}> in: ${xml.slice(0, 300)}`);
  }
  return v;
}
