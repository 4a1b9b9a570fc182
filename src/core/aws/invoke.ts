/**
 * Sends a translated command through the SDK v3 client of its service, aggregating pages like the
 * CLI, and returns the CLI-shaped JSON (no $metadata, ISO 8601 timestamps, base64 blobs).
 */
import { writeFile } from 'node:fs/promises';
import { raceAbort } from '../abort';
import type { Settings } from '../settings';
import { toAwsCallError } from './awsErrors';
import { toCliShape } from './cliShape';
import type { AwsCommand } from './command';
import type { AwsClientPool, AwsTarget, SdkClient } from './clients';
import { collectPages, pageSource } from './paginate';
import { operationShapes } from './schema';
import { loadSdkModule, type AwsServiceName, type SdkModule } from './sdkModules';
import { redactSensitive } from './sensitive';

export interface InvokeOptions {
  signal?: AbortSignal;
  settings: Settings['aws'];
  env?: NodeJS.ProcessEnv;
}

export interface AwsResult {
  /** The CLI-shaped output. */
  data: unknown;
  region: string;
  endpoint?: string;
  pages: number;
  /** Paginated calls: each page as the CLI's text output prints it (pass to formatAwsOutput). */
  pageResults?: unknown[];
  durationMs: number;
}

const GLOBAL_SERVICES: AwsServiceName[] = ['route53', 'sts'];

/** The region a command runs in: --region, then settings, then AWS_REGION / AWS_DEFAULT_REGION. */
export function regionOf(cmd: AwsCommand, settings: Settings['aws'], env: NodeJS.ProcessEnv = process.env): string {
  const r = cmd.globals.region || settings.defaultRegion || env.AWS_REGION || env.AWS_DEFAULT_REGION || '';
  return r || (GLOBAL_SERVICES.includes(cmd.service) ? 'us-east-1' : '');
}

export function targetOf(cmd: AwsCommand, settings: Settings['aws'], env?: NodeJS.ProcessEnv): AwsTarget {
  return { region: regionOf(cmd, settings, env), profile: cmd.globals.profile, endpointUrl: cmd.globals.endpointUrl };
}

interface Sent {
  data: unknown;
  pages: number;
  pageResults?: unknown[];
}

async function sendOnce(cmd: AwsCommand, Cmd: new (i: object) => unknown, client: SdkClient, signal: AbortSignal): Promise<Sent> {
  const out = (await client.send(new Cmd(cmd.input), { abortSignal: signal })) as Record<string, unknown>;
  if (cmd.globals.outfile && out.Body) {
    const body = out.Body as { transformToByteArray(): Promise<Uint8Array> };
    await writeFile(cmd.globals.outfile, await body.transformToByteArray());
    delete out.Body;
  }
  return { data: out, pages: 1 };
}

/** Aborts when no page has arrived for `ms`; each page restarts the clock. */
class Deadline {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout;

  constructor(private readonly ms: number) {
    this.timer = setTimeout(() => this.controller.abort(), ms);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  touch(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.controller.abort(), this.ms);
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}

/**
 * Sends the command; AbortSignal honoured. Each request (with its retries) is bounded by
 * connect + request timeout, so an endpoint that never answers fails within that budget.
 */
export async function invokeAws(cmd: AwsCommand, pool: AwsClientPool, opts: InvokeOptions): Promise<AwsResult> {
  const started = performance.now();
  const target = targetOf(cmd, opts.settings, opts.env);
  const endpoint = pool.endpointFor(target);
  const ctx = { region: target.region, endpoint, operation: cmd.commandName };
  const budget = opts.settings.connectTimeoutMs + opts.settings.requestTimeoutMs;
  const deadline = new Deadline(budget);
  const signal = opts.signal ? AbortSignal.any([opts.signal, deadline.signal]) : deadline.signal;
  try {
    const [mod, client] = await Promise.all([loadSdkModule(cmd.service), pool.client(cmd.service, target)]);
    const source = pageSource(cmd, mod, client);
    const Cmd = mod[cmd.commandName] as new (i: object) => unknown;
    const raced = source ? collectPages(cmd, source, signal, () => deadline.touch()) : sendOnce(cmd, Cmd, client, signal);
    const sent: Sent = await raceAbort<Sent>(raced, signal);
    // Secrets the model marks sensitive never leave this function: every rendering starts from this object.
    const shape = outputShapeOf(mod, cmd.commandName);
    const pageResults = sent.pageResults?.map((p) => redactSensitive(toCliShape(p), shape));
    return { data: redactSensitive(toCliShape(sent.data), shape), region: target.region, endpoint, pages: sent.pages, pageResults, durationMs: performance.now() - started };
  } catch (e) {
    throw toAwsCallError(e, ctx, budget, { aborted: opts.signal?.aborted ?? false, deadlineHit: deadline.signal.aborted && !opts.signal?.aborted });
  } finally {
    deadline.clear();
  }
}

/** The output shape of `XxxCommand` from its `Xxx$` operation schema. */
function outputShapeOf(mod: SdkModule, commandName: string) {
  const schema = mod[`${commandName.replace(/Command$/, '')}$`];
  return Array.isArray(schema) && schema[0] === 9 ? operationShapes(schema).output : undefined;
}
