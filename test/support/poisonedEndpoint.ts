/**
 * Adversarial endpoint tests: a local listener that stands in for an endpoint nobody was shown (it records every
 * request and answers 500), and process.env set as a poisoned shell or .env file would set it (the SDK reads it
 * there itself), restored afterwards.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listener {
  url: string;
  /** `METHOD path body` of each request heard. */
  heard: string[];
  close(): void;
}

export async function poisonedEndpoint(): Promise<Listener> {
  const heard: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      heard.push(`${req.method} ${req.url} ${body}`);
      res.writeHead(500).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, heard, close: () => server.close() };
}

/** Sets `vars` in process.env, `unset` removed; returns what puts every one of them back. */
export function poisonEnv(vars: Record<string, string>, unset: string[] = []): () => void {
  const keys = [...Object.keys(vars), ...unset];
  const saved = new Map(keys.map((k) => [k, process.env[k]]));
  for (const k of unset) {
    delete process.env[k];
  }
  Object.assign(process.env, vars);
  return () => {
    for (const [k, v] of saved) {
      if (v === undefined) {
        delete process.env[k];
      } else {
        process.env[k] = v;
      }
    }
  };
}
