/**
 * One read-only AWS call of a live check, bounded by a deadline: the answer, or why there is none
 * (unreachable, not found, another error). Refuses anything but a read-only operation.
 */
import type { AwsClientPool, AwsServiceName } from '../aws/clients';
import { isReadOnly } from '../aws/policy';
import { kebab } from '../aws/naming';
import { isNotFound, isUnreachable, send, underDeadline, type HealthContext } from '../health/call';
import { errorMessage } from '../errors';
import { NULL_LOGGER } from '../logger';

export type CallResult<T> =
  | { ok: true; value: T; ms: number }
  | { ok: false; kind: 'unreachable' | 'notFound' | 'error'; name: string; message: string; ms: number };

export interface LiveContext {
  pool: Pick<AwsClientPool, 'client' | 'identity'>;
  profile?: string;
  /** A call with no answer by then is unreachable (its request is aborted). */
  deadlineMs: number;
  signal?: AbortSignal;
}

export async function readCall<T>(ctx: LiveContext, service: AwsServiceName | 'iam', region: string, command: string, input: object): Promise<CallResult<T>> {
  if (!isReadOnly(service, kebab(command))) {
    throw new Error(`live checks only read: ${service} ${command} is not read-only`);
  }
  const started = Date.now();
  const health: HealthContext = { pool: ctx.pool, profile: ctx.profile, deadlineMs: ctx.deadlineMs, logger: NULL_LOGGER };
  const deadlineError = () => Object.assign(new Error(`no answer within ${ctx.deadlineMs} ms`), { name: 'TimeoutError' });
  try {
    const value = await underDeadline(ctx.deadlineMs, ctx.signal, (signal) => send<T>(health, signal, service, region, command, input), { deadlineError });
    return { ok: true, value, ms: Date.now() - started };
  } catch (e) {
    const name = (e as { name?: string })?.name ?? 'Error';
    const kind = isUnreachable(e) ? 'unreachable' : isNotFound(e) || /ReplicationConfigurationNotFound/.test(name) ? 'notFound' : 'error';
    return { ok: false, kind, name, message: errorMessage(e).slice(0, 200), ms: Date.now() - started };
  }
}
