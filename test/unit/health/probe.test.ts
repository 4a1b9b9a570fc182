import * as assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type HealthContext, runCheck } from '../../../src/core/health/call';
import { probeEndpoint, probeUrl, unreachableSignal } from '../../../src/core/health/probe';
import { NULL_LOGGER } from '../../../src/core/logger';

/** Real loopback servers: one answers HTTP 404 to everything, one accepts connections and never answers. */
async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function close(server: Server, sockets = new Set<Socket>()): Promise<void> {
  sockets.forEach((s) => s.destroy());
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('region reachability probe', () => {
  it('any HTTP answer (a 404) is reachable; a port that never answers is not; neither throws', async () => {
    const answering = createHttpServer((_, res) => res.writeHead(404).end('no'));
    const sockets = new Set<Socket>();
    const silent = createServer((s) => {
      sockets.add(s);
      s.on('error', () => {});
    });
    try {
      const [up, down] = await Promise.all([listen(answering), listen(silent)]);
      assert.equal(await probeEndpoint(up, 2000), true);
      assert.equal(await probeEndpoint(down, 150), false);
      assert.equal(await probeEndpoint('not a url', 150), false);
    } finally {
      await Promise.all([close(answering), close(silent, sockets)]);
    }
  });

  it('asks the configured endpoint, else the region\'s STS endpoint', () => {
    assert.equal(probeUrl('af-south-1', 'http://127.0.0.1:5000'), 'http://127.0.0.1:5000');
    assert.equal(probeUrl('af-south-1', undefined), 'https://sts.af-south-1.amazonaws.com/');
  });

  it('a failed probe ends a pending check as unreachable long before its deadline, and aborts its request', async () => {
    let aborted = false;
    const ctx: HealthContext = {
      pool: { client: () => Promise.reject(new Error('no AWS here')) },
      deadlineMs: 60_000,
      logger: NULL_LOGGER,
      unreachable: unreachableSignal(Promise.resolve(false), 'af-south-1', 3000),
    };
    const r = await runCheck('ecs', ctx, (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => {
      aborted = true;
      reject(new Error('aborted'));
    })));
    assert.equal(r.state, 'unreachable');
    assert.equal(r.error, 'RegionUnreachable');
    assert.equal(r.summary, 'no answer to the reachability probe');
    assert.equal(aborted, true);
  });
});
