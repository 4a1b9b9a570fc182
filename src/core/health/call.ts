import type { AwsClientPool, AwsServiceName } from '../aws/clients';
import { noAnswer } from '../aws/networkErrors';
import { loadSdkModule } from '../aws/sdkModules';
import { errorMessage } from '../errors';
import type { Logger } from '../logger';
import type { CheckName, CheckResult } from './types';

/** What every check needs: the client pool, the profile, and how long a check may take. */
export interface HealthContext {
  pool: Pick<AwsClientPool, 'client'>;
  profile?: string;
  /** A check that has not answered by then reads unreachable (its requests are aborted). */
  deadlineMs: number;
  logger: Logger;
  /** Aborts every check (the refresh was cancelled). */
  signal?: AbortSignal;
  /** Rejects when the region's reachability probe got no answer: pending checks read unreachable at once. */
  unreachable?: Promise<never>;
}

/** One SDK call: the command class is looked up by name in the lazily loaded client package. */
export async function send<O>(ctx: HealthContext, signal: AbortSignal, service: AwsServiceName | 'iam', region: string, command: string, input: object): Promise<O> {
  const [client, mod] = await Promise.all([ctx.pool.client(service, { region, profile: ctx.profile }), loadSdkModule(service)]);
  const Cmd = mod[`${command}Command`] as new (input: object) => unknown;
  return (await client.send(new Cmd(input), { abortSignal: signal })) as O;
}

/** The health checks' own ways of giving up on an answer (the check's deadline, the region's reachability probe). */
const OWN_NO_ANSWER = new Set(['HealthDeadline', 'RegionUnreachable']);

/** True for errors that mean the endpoint did not answer (as opposed to answering with an error): aws/networkErrors.ts decides. */
export function isUnreachable(e: unknown): boolean {
  return noAnswer(e) !== undefined || OWN_NO_ANSWER.has((e as { name?: string } | undefined)?.name ?? '');
}

/** True for "it is not there" answers: a missing cluster, table, bucket. */
export function isNotFound(e: unknown): boolean {
  return /NotFound|NoSuch/.test((e as { name?: string })?.name ?? '');
}

type CheckBody = Omit<CheckResult, 'check' | 'latencyMs'>;

class DeadlineError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'HealthDeadline';
  }
}

/**
 * Runs `body` with a signal that aborts when `outer` does or when `deadlineMs` pass; rejects with `deadlineError()`
 * at the deadline, or as soon as one of `also` rejects (a failed reachability probe), and aborts the body then too.
 * The one deadline of a health check and of a live check's call.
 */
export async function underDeadline<T>(
  deadlineMs: number,
  outer: AbortSignal | undefined,
  body: (signal: AbortSignal) => Promise<T>,
  opts: { deadlineError?: () => Error; also?: Promise<never>[] } = {},
): Promise<T> {
  const ac = new AbortController();
  const onAbort = (): void => ac.abort();
  outer?.addEventListener('abort', onAbort);
  if (outer?.aborted) {
    // Cancelled before the call started (the S3 replica check waits for the source's): do not wait out the deadline.
    ac.abort();
  }
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      ac.abort();
      reject((opts.deadlineError ?? (() => new DeadlineError(deadlineMs)))());
    }, deadlineMs);
  });
  try {
    return await Promise.race([body(ac.signal), deadline, ...(opts.also ?? [])]);
  } catch (e) {
    ac.abort();
    throw e;
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
  }
}

/** Runs one check under the deadline; turns every failure into a result, never a throw. */
export async function runCheck(check: CheckName, ctx: HealthContext, body: (signal: AbortSignal) => Promise<CheckBody>): Promise<CheckResult> {
  const started = Date.now();
  try {
    const result = await underDeadline(ctx.deadlineMs, ctx.signal, body, { also: ctx.unreachable ? [ctx.unreachable] : [] });
    return { check, latencyMs: Date.now() - started, ...result };
  } catch (e) {
    return failedCheck(check, e, Date.now() - started, ctx.logger);
  }
}

function failedCheck(check: CheckName, e: unknown, latencyMs: number, logger: Logger): CheckResult {
  const name = (e as { name?: string })?.name ?? 'Error';
  logger.debug(`health: ${check} failed after ${latencyMs} ms: ${name}: ${errorMessage(e)}`);
  if (isUnreachable(e)) {
    const why = name === 'RegionUnreachable' ? 'no answer to the reachability probe' : `no answer (${name})`;
    return { check, state: 'unreachable', latencyMs, summary: why, error: name };
  }
  if (isNotFound(e)) {
    return { check, state: 'down', latencyMs, summary: `not found (${name})`, error: name };
  }
  return { check, state: 'unknown', latencyMs, summary: `error: ${name}: ${errorMessage(e).slice(0, 120)}`, error: name };
}
