/**
 * dig-like text for a lookup's result: the full form (HEADER, QUESTION and ANSWER sections, query
 * time, SERVER) and `+short` (the values, one per line).
 */

export type DigStatus = 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED' | 'FORMERR' | 'NOTIMP' | 'TIMEOUT' | 'CONNREFUSED' | 'CANCELLED' | 'ERROR';

export interface DigRecord {
  /** Owner name, fully qualified with the trailing dot. */
  name: string;
  /** Known for A and AAAA (node:dns reports no TTL for other types). */
  ttl?: number;
  class: 'IN';
  type: string;
  /** The record's data as dig prints it. */
  value: string;
}

export interface DigJson {
  question: { name: string; type: string; class: 'IN' };
  status: DigStatus;
  answer: DigRecord[];
  /** ip#port of the server asked, or '' when the system's. */
  server: string;
  queryTimeMs: number;
  /** Why the lookup failed when status is not a DNS rcode (timeout, refused, other). */
  error?: string;
  notes: string[];
}

export function fqdn(name: string): string {
  return name.endsWith('.') ? name : `${name}.`;
}

function pad(s: string, width: number): string {
  return s.length >= width ? `${s} ` : s.padEnd(width);
}

function recordLine(r: DigRecord): string {
  return `${pad(r.name, 24)}${pad(r.ttl === undefined ? '' : String(r.ttl), 6)}IN\t${r.type}\t${r.value}`;
}

function transportError(j: DigJson): string | undefined {
  switch (j.status) {
    case 'TIMEOUT':
      return ';; connection timed out; no servers could be reached';
    case 'CONNREFUSED':
      return `;; communications error to ${j.server || 'the server'}: connection refused\n;; no servers could be reached`;
    case 'CANCELLED':
      return ';; query cancelled';
    case 'ERROR':
      return `;; error: ${j.error ?? 'lookup failed'}`;
    default:
      return undefined;
  }
}

function serverLine(server: string): string {
  if (!server) {
    return ';; SERVER: (system resolver)';
  }
  const [host] = server.split('#');
  return `;; SERVER: ${server}(${host}) (UDP)`;
}

/** The full dig-like report. */
export function formatDig(j: DigJson, commandLine: string, when: Date): string {
  const lines = [`; <<>> dig (node:dns) <<>> ${commandLine}`];
  for (const n of j.notes) {
    lines.push(`;; note: ${n}`);
  }
  const failed = transportError(j);
  if (failed) {
    lines.push(failed);
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    ';; Got answer:',
    `;; ->>HEADER<<- opcode: QUERY, status: ${j.status}`,
    `;; QUERY: 1, ANSWER: ${j.answer.length}`,
    '',
    ';; QUESTION SECTION:',
    `;${pad(j.question.name, 31)}IN\t${j.question.type}`,
  );
  if (j.answer.length > 0) {
    lines.push('', ';; ANSWER SECTION:', ...j.answer.map(recordLine));
  }
  lines.push('', `;; Query time: ${j.queryTimeMs} msec`, serverLine(j.server), `;; WHEN: ${when.toUTCString()}`);
  return `${lines.join('\n')}\n`;
}

/** Only the answer lines (`+noall +answer`). */
export function formatAnswerOnly(j: DigJson): string {
  const failed = transportError(j);
  if (failed) {
    return `${failed}\n`;
  }
  return j.answer.map((r) => `${recordLine(r)}\n`).join('');
}

/** `+short`: the values one per line; a transport failure still says so, as dig does. */
export function formatShort(j: DigJson): string {
  const failed = transportError(j);
  if (failed) {
    return `${failed}\n`;
  }
  return j.answer.map((r) => `${r.value}\n`).join('');
}
