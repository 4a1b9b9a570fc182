import * as assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { type HealthContext, runCheck } from '../../../src/core/health/call';
import { NULL_LOGGER } from '../../../src/core/logger';

function ctx(deadlineMs: number, signal?: AbortSignal): HealthContext {
  return { pool: { client: () => Promise.reject(new Error('no AWS here')) }, deadlineMs, logger: NULL_LOGGER, signal };
}

/** A check body that answers only when aborted, the way an SDK call with `abortSignal` does. */
function waitsForAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = (): void => reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' }));
    if (signal.aborted) {
      fail();
    }
    signal.addEventListener('abort', fail);
  });
}

describe('health check deadline', () => {
  it('a check with no answer reads unreachable at its deadline, and its request is aborted', async () => {
    let aborted = false;
    const r = await runCheck('ecs', ctx(60), (signal) => {
      signal.addEventListener('abort', () => (aborted = true));
      return sleep(10_000, undefined, { ref: false }).then(() => ({ state: 'healthy' as const, summary: 'late' }));
    });
    assert.equal(r.state, 'unreachable');
    assert.equal(r.error, 'HealthDeadline');
    assert.ok(r.latencyMs < 1000, `${r.latencyMs} ms`);
    assert.equal(aborted, true);
  });

  it('a refresh cancelled before the check starts ends it at once, not at the deadline', async () => {
    const ac = new AbortController();
    ac.abort();
    const started = Date.now();
    const r = await runCheck('s3', ctx(5000, ac.signal), waitsForAbort);
    assert.equal(r.state, 'unreachable');
    assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
  });

  it('a refresh cancelled while the check runs ends it', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 20);
    const started = Date.now();
    const r = await runCheck('alb', ctx(5000, ac.signal), waitsForAbort);
    assert.equal(r.state, 'unreachable');
    assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
  });
});
