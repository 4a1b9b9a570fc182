import * as http from 'node:http';
import * as https from 'node:https';

/** How long the reachability probe waits for any HTTP answer before a region reads unreachable. */
export const PROBE_TIMEOUT_MS = 3000;

/** The endpoint a region's probe asks: the configured one (moto, LocalStack), else the region's STS endpoint. */
export function probeUrl(region: string, endpoint: string | undefined): string {
  return endpoint || `https://sts.${region}.amazonaws.com/`;
}

/**
 * Whether the endpoint answers HTTP at all within `timeoutMs`: any status (403, 404) counts as an answer.
 * A port that accepts the connection and then says nothing (a black-holed region) does not. Never throws.
 */
export function probeEndpoint(url: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve(false);
      return;
    }
    const lib = target.protocol === 'https:' ? https : http;
    let done = false;
    const finish = (ok: boolean): void => {
      if (!done) {
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        req.destroy();
        resolve(ok);
      }
    };
    const onAbort = (): void => finish(true);
    const req = lib.request(target, { method: 'GET', agent: false, headers: { 'user-agent': 'runbook-notebook-health-probe' } }, (res) => {
      res.resume();
      finish(true);
    });
    req.on('error', () => finish(false));
    const timer = setTimeout(() => finish(false), timeoutMs);
    // A cancelled refresh is not evidence of an outage: report reachable so nothing reads unreachable for it.
    signal?.addEventListener('abort', onAbort);
    req.end();
  });
}

/** Rejects (with a RegionUnreachable error) once the probe says nobody answers; otherwise never settles. */
export function unreachableSignal(probe: Promise<boolean>, region: string, timeoutMs: number): Promise<never> {
  const p = new Promise<never>((_, reject) => {
    void probe.then((ok) => {
      if (!ok) {
        const e = new Error(`${region}: no answer to a reachability probe within ${timeoutMs} ms`);
        e.name = 'RegionUnreachable';
        reject(e);
      }
    });
  });
  p.catch(() => {});
  return p;
}
