/**
 * `dig NAME [TYPE] [@SERVER] [+short]` through `node:dns` (a Resolver): no dig binary needed.
 * The server comes from @SERVER, else the `dns.servers` setting, else the system's resolvers; a server
 * given by name is looked up within the timeout, and one that cannot be is an error that says so, as dig does.
 * A cell succeeds when the answer has records: NXDOMAIN, no data, a timeout or a refused query fail
 * it (dig itself exits 0 on NXDOMAIN; a runbook step that verifies a name means to see it resolve).
 */
import { promises as dnsPromises, type CaaRecord } from 'node:dns';
import { isIP } from 'node:net';
import { RunbookError, errorMessage } from '../errors';
import { formatAnswerOnly, formatDig, formatShort, fqdn, type DigJson, type DigRecord, type DigStatus } from './digFormat';

export type { DigJson, DigRecord, DigStatus } from './digFormat';

export const DIG_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'NS', 'PTR', 'SOA', 'SRV', 'TXT', 'CAA'] as const;
export type DigType = (typeof DIG_TYPES)[number];

export interface DigArgs {
  name: string;
  type: DigType;
  /** host, host:port or [v6]:port, from @SERVER (and -p). */
  server?: string;
  short: boolean;
  /** `+noall +answer`: only the answer lines. */
  answerOnly: boolean;
  /** From +time=N (seconds) and +tries=N / +retry=N. */
  timeoutMs?: number;
  tries?: number;
  /** Options recognised but ignored, said in the output. */
  notes: string[];
}

export type DigErrorReason = 'missingName' | 'badArgument' | 'unsupportedType' | 'badServer';
export class DigError extends RunbookError<DigErrorReason> {}

export interface DigOptions {
  signal?: AbortSignal;
  /** Per-try timeout; default 5000. */
  timeoutMs?: number;
  /** Used when the command names no @SERVER (settings `dns.servers`). */
  servers?: string[];
}

export interface DigResult {
  success: boolean;
  /** What dig would print. */
  text: string;
  json: DigJson;
}

const ALL_TYPES = new Set<string>([...DIG_TYPES, 'ANY', 'AXFR', 'IXFR', 'DS', 'DNSKEY', 'NAPTR', 'HTTPS', 'SVCB']);

function reverseName(addr: string): string {
  if (isIP(addr) === 4) {
    return `${addr.split('.').reverse().join('.')}.in-addr.arpa`;
  }
  throw new DigError('badArgument', `dig -x: only IPv4 addresses are supported here: ${addr}`);
}

function setType(args: DigArgs, t: string): void {
  const up = t.toUpperCase();
  if (!(DIG_TYPES as readonly string[]).includes(up)) {
    throw new DigError('unsupportedType', `dig: record type ${up} is not supported (supported: ${DIG_TYPES.join(', ')})`);
  }
  args.type = up as DigType;
}

function plusOption(args: DigArgs, opt: string): void {
  const [key, value] = opt.slice(1).split('=', 2);
  const k = key.toLowerCase();
  if (k === 'short') {
    args.short = true;
  } else if (k === 'noall') {
    args.answerOnly = true;
  } else if (k === 'answer') {
    // with +noall: only the answer section
  } else if ((k === 'time' || k === 'timeout') && value && /^\d+$/.test(value)) {
    args.timeoutMs = Number(value) * 1000;
  } else if ((k === 'tries' || k === 'retry') && value && /^\d+$/.test(value)) {
    args.tries = Number(value) + (k === 'retry' ? 1 : 0);
  } else {
    args.notes.push(`option ${opt} ignored`);
  }
}

/** Parses dig's arguments (with or without the leading `dig`). */
export function parseDigArgs(argv: readonly string[]): DigArgs {
  const rest = argv[0] === 'dig' ? argv.slice(1) : [...argv];
  const args: DigArgs = { name: '', type: 'A', short: false, answerOnly: false, notes: [] };
  let port: string | undefined;
  for (let i = 0; i < rest.length; i += 1) {
    const a = rest[i];
    const next = (): string => {
      const v = rest[++i];
      if (v === undefined) {
        throw new DigError('badArgument', `dig: ${a} needs a value`);
      }
      return v;
    };
    if (a.startsWith('@')) {
      args.server = a.slice(1);
    } else if (a.startsWith('+')) {
      plusOption(args, a);
    } else if (a === '-t') {
      setType(args, next());
    } else if (a === '-p') {
      port = next();
    } else if (a === '-x') {
      args.name = reverseName(next());
      args.type = 'PTR';
    } else if (a === '-c') {
      const cls = next().toUpperCase();
      if (cls !== 'IN') {
        throw new DigError('badArgument', `dig: only class IN is supported, not ${cls}`);
      }
    } else if (a === '-4' || a === '-6') {
      args.notes.push(`option ${a} ignored`);
    } else if (a.startsWith('-')) {
      throw new DigError('badArgument', `dig: unknown option ${a}`);
    } else if (ALL_TYPES.has(a.toUpperCase()) && (args.name !== '' || i + 1 < rest.length)) {
      setType(args, a);
    } else if (a.toUpperCase() === 'IN') {
      // class, the only one there is here
    } else if (args.name === '') {
      args.name = a;
    } else {
      throw new DigError('badArgument', `dig: one name per command (got ${args.name} and ${a})`);
    }
  }
  if (args.name === '') {
    throw new DigError('missingName', 'dig: which name? usage: dig NAME [TYPE] [@SERVER] [+short]');
  }
  if (port !== undefined) {
    const host = args.server ?? '127.0.0.1';
    args.server = isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
  }
  return args;
}

/** The address of a server given by name, as dig says it when it cannot: within `timeoutMs`, never longer. */
async function serverHost(host: string, timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
  });
  try {
    return (await Promise.race([dnsPromises.lookup(host), timedOut])).address;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOTFOUND' ? 'not found' : errorMessage(e);
    throw new DigError('badServer', `dig: couldn't get address for '${host}': ${why}`, { server: host });
  } finally {
    clearTimeout(timer);
  }
}

/** Turns `host`, `host:port` or `[v6]:port` into what Resolver.setServers takes; names are looked up. */
async function serverAddress(server: string, timeoutMs: number): Promise<string> {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(server) ?? /^([^:]+)(?::(\d+))?$/.exec(server);
  if (!m) {
    if (isIP(server) === 6) {
      return server;
    }
    throw new DigError('badArgument', `dig: bad server ${server}`);
  }
  let host = m[1];
  if (isIP(host) === 0) {
    host = await serverHost(host, timeoutMs);
  }
  const v6 = isIP(host) === 6;
  if (!m[2]) {
    return host;
  }
  return v6 ? `[${host}]:${m[2]}` : `${host}:${m[2]}`;
}

function displayServer(s: string | undefined): string {
  if (!s) {
    return '';
  }
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(s) ?? /^([^:]+):(\d+)$/.exec(s);
  return m ? `${m[1]}#${m[2]}` : `${s}#53`;
}

const STATUS_OF: Record<string, DigStatus> = {
  ENOTFOUND: 'NXDOMAIN',
  ESERVFAIL: 'SERVFAIL',
  EREFUSED: 'REFUSED',
  EFORMERR: 'FORMERR',
  ENOTIMP: 'NOTIMP',
  ETIMEOUT: 'TIMEOUT',
  ECONNREFUSED: 'CONNREFUSED',
  ECANCELLED: 'CANCELLED',
};

type Resolver = dnsPromises.Resolver;

async function cnameChain(r: Resolver, name: string): Promise<DigRecord[]> {
  const chain: DigRecord[] = [];
  let current = name;
  for (let hop = 0; hop < 8; hop += 1) {
    const targets = await r.resolveCname(current).catch(() => [] as string[]);
    if (targets.length === 0) {
      break;
    }
    chain.push({ name: fqdn(current), class: 'IN', type: 'CNAME', value: fqdn(targets[0]) });
    current = targets[0];
  }
  return chain;
}

async function addresses(r: Resolver, name: string, type: 'A' | 'AAAA'): Promise<DigRecord[]> {
  const [found, chain] = await Promise.all([
    type === 'A' ? r.resolve4(name, { ttl: true }) : r.resolve6(name, { ttl: true }),
    cnameChain(r, name),
  ]);
  const owner = chain.length > 0 ? chain[chain.length - 1].value : fqdn(name);
  return [...chain, ...found.map((a) => ({ name: owner, ttl: a.ttl, class: 'IN' as const, type, value: a.address }))];
}

async function lookup(r: Resolver, name: string, type: DigType): Promise<DigRecord[]> {
  const rec = (value: string): DigRecord => ({ name: fqdn(name), class: 'IN', type, value });
  switch (type) {
    case 'A':
    case 'AAAA':
      return addresses(r, name, type);
    case 'CNAME':
      return (await r.resolveCname(name)).map((v) => rec(fqdn(v)));
    case 'NS':
      return (await r.resolveNs(name)).map((v) => rec(fqdn(v)));
    case 'PTR':
      return (await r.resolvePtr(name)).map((v) => rec(fqdn(v)));
    case 'MX':
      return (await r.resolveMx(name)).map((v) => rec(`${v.priority} ${fqdn(v.exchange)}`));
    case 'TXT':
      return (await r.resolveTxt(name)).map((parts) => rec(parts.map((p) => JSON.stringify(p)).join(' ')));
    case 'SRV':
      return (await r.resolveSrv(name)).map((v) => rec(`${v.priority} ${v.weight} ${v.port} ${fqdn(v.name)}`));
    case 'CAA':
      return (await r.resolveCaa(name)).map((v) => rec(caaValue(v)));
    case 'SOA': {
      const s = await r.resolveSoa(name);
      return [rec(`${fqdn(s.nsname)} ${fqdn(s.hostmaster)} ${s.serial} ${s.refresh} ${s.retry} ${s.expire} ${s.minttl}`)];
    }
  }
}

function caaValue(v: CaaRecord): string {
  const tags = ['issue', 'issuewild', 'iodef', 'contactemail', 'contactphone'] as const;
  const tag = tags.find((t) => v[t] !== undefined) ?? 'issue';
  return `${v.critical} ${tag} ${JSON.stringify(v[tag] ?? '')}`;
}

function errorStatus(e: unknown): { status: DigStatus; error: string } {
  const code = (e as NodeJS.ErrnoException | undefined)?.code ?? '';
  if (code === 'ENODATA') {
    return { status: 'NOERROR', error: '' };
  }
  return { status: STATUS_OF[code] ?? 'ERROR', error: errorMessage(e) };
}

/** Runs the lookup and answers like dig (text) plus the structured answer (json). */
export async function runDig(args: DigArgs, options: DigOptions = {}): Promise<DigResult> {
  const timeoutMs = args.timeoutMs ?? options.timeoutMs ?? 5000;
  const resolver = new dnsPromises.Resolver({ timeout: timeoutMs, tries: args.tries ?? 1 });
  const servers = args.server ? [args.server] : (options.servers ?? []);
  if (servers.length > 0) {
    resolver.setServers(await Promise.all(servers.map((s) => serverAddress(s, timeoutMs))));
  }
  const json: DigJson = {
    question: { name: fqdn(args.name), type: args.type, class: 'IN' },
    status: 'NOERROR',
    answer: [],
    server: displayServer(resolver.getServers()[0]),
    queryTimeMs: 0,
    notes: [...args.notes],
  };
  const onAbort = (): void => resolver.cancel();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const guard = setTimeout(() => resolver.cancel(), timeoutMs * (args.tries ?? 1) + 1000);
  const t0 = performance.now();
  try {
    json.answer = await lookup(resolver, args.name.replace(/\.$/, ''), args.type);
  } catch (e) {
    Object.assign(json, errorStatus(e));
    if (json.status === 'CANCELLED' && !options.signal?.aborted) {
      json.status = 'TIMEOUT';
    }
    if (!json.error) {
      delete json.error;
    }
  } finally {
    clearTimeout(guard);
    options.signal?.removeEventListener('abort', onAbort);
  }
  json.queryTimeMs = Math.round(performance.now() - t0);
  const success = json.status === 'NOERROR' && json.answer.length > 0;
  const text = args.short ? formatShort(json) : args.answerOnly ? formatAnswerOnly(json) : formatDig(json, commandLine(args), new Date());
  return { success, text, json };
}

function commandLine(a: DigArgs): string {
  return [a.name, a.type, a.server ? `@${a.server}` : '', a.short ? '+short' : ''].filter((s) => s !== '').join(' ');
}
