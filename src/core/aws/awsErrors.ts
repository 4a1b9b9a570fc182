/**
 * AWS call failures as one typed error: the AWS code, message, request id and HTTP status, and a
 * reason the kernel branches on. Unreachable endpoints and timeouts say which region/endpoint.
 */
import { RunbookError } from '../errors';
import { noAnswer, noAnswerCode } from './networkErrors';

export type AwsCallReason = 'service' | 'credentials' | 'unreachable' | 'timeout' | 'aborted';

export interface AwsCallDetails {
  code?: string;
  requestId?: string;
  httpStatus?: number;
  region?: string;
  endpoint?: string;
  operation?: string;
}

export class AwsCallError extends RunbookError<AwsCallReason> {
  constructor(reason: AwsCallReason, message: string, readonly call: AwsCallDetails) {
    super(reason, message, { ...call });
    this.name = 'AwsCallError';
  }

  static isCall(e: unknown, reason?: AwsCallReason): e is AwsCallError {
    return e instanceof AwsCallError && (reason === undefined || e.reason === reason);
  }
}

const CREDENTIAL_CODES = new Set([
  'InvalidClientTokenId', 'UnrecognizedClientException', 'SignatureDoesNotMatch', 'ExpiredToken', 'ExpiredTokenException',
  'InvalidAccessKeyId', 'AccessDeniedException', 'AccessDenied', 'AuthFailure', 'MissingAuthenticationToken',
]);

interface SdkErrorLike {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string; extendedRequestId?: string };
  $response?: { statusCode?: number; headers?: Record<string, string> };
}

function where(ctx: AwsCallDetails): string {
  return `${ctx.region ?? 'region'}${ctx.endpoint ? ` (${ctx.endpoint})` : ''}`;
}

/** The reason and message for a failed SDK call. `deadlineHit`: our own overall timeout fired. */
export function toAwsCallError(e: unknown, ctx: AwsCallDetails, timeoutMs: number, state: { aborted: boolean; deadlineHit: boolean }): AwsCallError {
  if (e instanceof AwsCallError) {
    return e;
  }
  const err = (e ?? {}) as SdkErrorLike;
  const failure = noAnswer(e);
  if (state.deadlineHit || failure === 'timeout') {
    return new AwsCallError('timeout', `AWS ${where(ctx)} is unreachable: no answer within ${timeoutMs / 1000} s (${ctx.operation ?? 'call'} timed out).`, { ...ctx, code: 'TimeoutError' });
  }
  if (state.aborted || failure === 'aborted') {
    return new AwsCallError('aborted', `${ctx.operation ?? 'AWS call'} was cancelled.`, { ...ctx, code: 'AbortError' });
  }
  if (failure === 'unreachable') {
    const code = noAnswerCode(e);
    return new AwsCallError('unreachable', `AWS ${where(ctx)} is unreachable (${code}): ${err.message ?? ''}`.trim(), { ...ctx, code });
  }
  if (err.name === 'CredentialsProviderError' || err.name === 'ProviderError') {
    return new AwsCallError('credentials', `No usable AWS credentials: ${err.message ?? ''}`, { ...ctx, code: err.name });
  }
  return serviceError(err, ctx);
}

function serviceError(err: SdkErrorLike, ctx: AwsCallDetails): AwsCallError {
  const code = err.Code ?? err.name ?? 'UnknownError';
  const httpStatus = err.$metadata?.httpStatusCode ?? err.$response?.statusCode;
  const requestId = err.$metadata?.requestId ?? err.$response?.headers?.['x-amzn-requestid'] ?? err.$response?.headers?.['x-amz-request-id'];
  const op = (ctx.operation ?? '').replace(/Command$/, '');
  const text = err.message && err.message !== 'UnknownError' ? err.message : code;
  const tail = [httpStatus ? `HTTP ${httpStatus}` : '', requestId ? `request id ${requestId}` : ''].filter(Boolean).join(', ');
  const message = `An error occurred (${code}) when calling the ${op} operation: ${text}${tail ? ` [${tail}]` : ''}`;
  return new AwsCallError(CREDENTIAL_CODES.has(code) ? 'credentials' : 'service', message, { ...ctx, code, httpStatus, requestId });
}
