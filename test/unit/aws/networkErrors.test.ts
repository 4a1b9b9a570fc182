import * as assert from 'node:assert/strict';
import { toAwsCallError } from '../../../src/core/aws/awsErrors';
import { noAnswer } from '../../../src/core/aws/networkErrors';
import { type HealthContext, isUnreachable, runCheck } from '../../../src/core/health/call';
import { NULL_LOGGER } from '../../../src/core/logger';

/** An error as Node's sockets, DNS and the SDK throw them: a name, a code, and maybe the HTTP answer. */
function err(name: string, extra: Record<string, unknown> = {}, message = 'x'): Error {
  return Object.assign(new Error(message), { name }, extra);
}

const answered = (status: number) => ({ $metadata: { httpStatusCode: status, requestId: 'r-1' } });

/** Each error with how it must read: no answer (and why), or an answer. */
const CASES: [string, unknown, ReturnType<typeof noAnswer>][] = [
  ['connection refused', err('Error', { code: 'ECONNREFUSED', errno: -111, syscall: 'connect' }), 'unreachable'],
  ['refused on every address (AggregateError)', Object.assign(new AggregateError([], 'connect'), { code: 'ECONNREFUSED' }), 'unreachable'],
  ['socket hang up', err('Error', { code: 'ECONNRESET' }, 'socket hang up'), 'unreachable'],
  ['connection aborted', err('Error', { code: 'ECONNABORTED' }), 'unreachable'],
  ['name not found', err('Error', { code: 'ENOTFOUND', syscall: 'getaddrinfo' }), 'unreachable'],
  ['DNS try again', err('Error', { code: 'EAI_AGAIN' }), 'unreachable'],
  ['host unreachable', err('Error', { code: 'EHOSTUNREACH' }), 'unreachable'],
  ['network unreachable', err('Error', { code: 'ENETUNREACH' }), 'unreachable'],
  ['broken pipe', err('Error', { code: 'EPIPE' }), 'unreachable'],
  ['socket timed out', err('Error', { code: 'ETIMEDOUT' }), 'timeout'],
  ["the SDK's connect/request timeout", err('TimeoutError', { $metadata: { attempts: 1 } }), 'timeout'],
  ['a request timeout with no HTTP answer', err('RequestTimeout'), 'timeout'],
  ['an aborted request', err('AbortError', {}, 'Request aborted'), 'aborted'],
  ["S3's RequestTimeout (HTTP 400: the endpoint answered)", err('RequestTimeout', answered(400)), undefined],
  ['throttled', err('ThrottlingException', answered(400)), undefined],
  ['access denied', err('AccessDeniedException', answered(403)), undefined],
  ['not found', err('ResourceNotFoundException', answered(400)), undefined],
  ['a 503 from the service', err('ServiceUnavailable', answered(503)), undefined],
  ['no credentials', err('CredentialsProviderError'), undefined],
  ['a message that only mentions a refusal', new Error('connect ECONNREFUSED 127.0.0.1:1'), undefined],
  ['a message that only says timed out', new Error('timed out'), undefined],
  ['not an error', 'ECONNREFUSED', undefined],
];

function cellReads(e: unknown): string {
  return toAwsCallError(e, { region: 'af-south-1', operation: 'DescribeClustersCommand' }, 1000, { aborted: false, deadlineHit: false }).reason;
}

async function healthReads(e: unknown): Promise<string> {
  const ctx: HealthContext = { pool: { client: () => Promise.reject(new Error('unused')) }, deadlineMs: 5000, logger: NULL_LOGGER };
  return (await runCheck('ecs', ctx, () => Promise.reject(e))).state;
}

describe('network errors: one classification for cells and Region Health', () => {
  for (const [what, e, expected] of CASES) {
    it(`${what}: ${expected ? `no answer (${expected})` : 'an answer'}, the same in a cell, a health check and a live check`, async () => {
      assert.equal(noAnswer(e), expected);
      const cell = cellReads(e);
      assert.equal(cell, expected ?? (cell === 'credentials' ? 'credentials' : 'service'));
      assert.equal(isUnreachable(e), expected !== undefined);
      const health = await healthReads(e);
      assert.equal(health === 'unreachable', expected !== undefined, `health read ${health}`);
    });
  }
});
