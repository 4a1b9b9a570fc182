/**
 * What the real VS Code runs against: a seeded moto, a throwaway workspace holding a copy of runbooks/,
 * and the settings and environment that point the extension at that moto.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startRoute53Dns } from '../support/dnsServer';
import { seedEstate, startMoto, type Estate, type MotoServer } from '../support/moto';
import { REPO_ROOT } from './paths';
import { makeTempDir } from './processes';

export interface SeededMoto {
  moto: MotoServer;
  endpoint: string;
  estate: Estate;
  /** host:port of a DNS server answering from moto's Route 53 zone (for `runbooks.dns.servers`). */
  dnsServer: string;
  /** Stops the DNS server and moto. */
  stop(): Promise<void>;
}

/** moto on a free loopback port, seeded with the DR estate, plus a DNS server answering from its Route 53 zone. */
export async function startSeededMoto(): Promise<SeededMoto> {
  const moto = await startMoto();
  try {
    const estate = await seedEstate(moto.endpoint);
    const dns = await startRoute53Dns(moto.endpoint, estate.zoneName);
    return {
      moto,
      endpoint: moto.endpoint,
      estate,
      dnsServer: dns.address,
      async stop() {
        await dns.stop();
        await moto.stop();
      },
    };
  } catch (e) {
    await moto.stop();
    throw e;
  }
}

/** A temporary folder with a copy of the repository's runbooks/ (the tests save into it, never into the repo). */
export function makeWorkspace(prefix = 'runbook-ws-'): string {
  const ws = makeTempDir(prefix);
  fs.cpSync(path.join(REPO_ROOT, 'runbooks'), path.join(ws, 'runbooks'), { recursive: true });
  return ws;
}

/**
 * User settings that point the extension at moto (and `dig` at its Route 53 zone) and resolve the seed's
 * placeholders. Tests turn the Region Health interval off (0) so refreshes happen only when they ask.
 */
export function extensionSettings(seeded: Pick<SeededMoto, 'endpoint' | 'estate' | 'dnsServer'>, opts: { healthIntervalSeconds?: number } = {}): Record<string, unknown> {
  const { endpoint, estate } = seeded;
  return {
    'runbooks.aws.endpointUrl': endpoint,
    'runbooks.aws.maxAttempts': 1,
    'runbooks.aws.connectTimeoutMs': 3000,
    'runbooks.aws.requestTimeoutMs': 15000,
    'runbooks.aws.cliFallback': false,
    'runbooks.variables': { TG_ARN: estate.tgArn[estate.primaryRegion], ZONE_ID: estate.zoneId },
    'runbooks.regions.primary': estate.primaryRegion,
    'runbooks.regions.dr': estate.drRegion,
    'runbooks.health.intervalSeconds': opts.healthIntervalSeconds ?? 0,
    'runbooks.dns.servers': [seeded.dnsServer],
  };
}

/** Environment for code-server and its extension host: dummy credentials, no real AWS config, moto's endpoint. */
export function awsEnv(endpoint: string, root: string): NodeJS.ProcessEnv {
  const empty = path.join(root, 'aws-empty');
  fs.writeFileSync(empty, '');
  return {
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_SESSION_TOKEN: '',
    AWS_PROFILE: '',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: empty,
    AWS_SHARED_CREDENTIALS_FILE: empty,
    AWS_ENDPOINT_URL: endpoint,
    AWS_MAX_ATTEMPTS: '1',
  };
}

/** Writes the JSON the integration suite reads through RUNBOOK_TEST_CONTEXT. */
export function writeTestContext(dir: string, endpoint: string, estate: Estate): string {
  const file = path.join(dir, 'integration-context.json');
  const context = { endpoint, originalRunbook: path.join(REPO_ROOT, 'runbooks', 'dr-runbook.md'), estate };
  fs.writeFileSync(file, JSON.stringify(context, null, 2));
  return file;
}

/** `npm run package`: production build plus runbook-notebook.vsix at the repository root. */
export function packageExtension(): void {
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: REPO_ROOT, stdio: 'inherit' });
}

/** `npm run build`: out/extension.js and friends for extensionDevelopmentPath. */
export function buildExtension(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
}
