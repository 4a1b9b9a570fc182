/**
 * CLI parity: each command of the table runs through the AWS CLI (v1 on PATH) and through our
 * translate + invoke + format on the same moto; JSON is compared parsed, text/table byte for byte,
 * errors by AWS error code. Prints the score.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { AwsClientPool } from '../../src/core/aws/clients';
import type { Settings } from '../../src/core/settings';
import { getMotoContext, reseedEstate } from '../support/mochaMoto';
import { newPool, runCli, runOurs, seedManyItems, testSettings, type RunOutcome } from './awsCli';
import { parityCases, type ParityCase } from './awsParityCases';

const RUNBOOKS = path.resolve(__dirname, '../../runbooks');

function canon(v: unknown): unknown {
  if (Array.isArray(v)) {
    return v.map(canon);
  }
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon((v as Record<string, unknown>)[k])]));
  }
  return v;
}

function parse(s: string): unknown {
  return s.trim() === '' ? null : JSON.parse(s);
}

/** Why ours and the CLI's differ, or undefined when they agree. */
export function difference(c: ParityCase, ours: RunOutcome, cli: RunOutcome): string | undefined {
  if (c.compare === 'error') {
    return ours.errorCode && ours.errorCode === cli.errorCode ? undefined : `error ${ours.errorCode} vs CLI ${cli.errorCode}: ${ours.stderr}`;
  }
  if (ours.exitCode !== 0 || cli.exitCode !== 0) {
    return `exit ${ours.exitCode} vs CLI ${cli.exitCode}: ${ours.stderr} | ${cli.stderr.slice(0, 300)}`;
  }
  if (c.compare === 'text') {
    return ours.stdout === cli.stdout ? undefined : `text differs:\n${ours.stdout}\n--- CLI:\n${cli.stdout}`;
  }
  try {
    assert.deepStrictEqual(canon(parse(ours.stdout)), canon(parse(cli.stdout)));
    return undefined;
  } catch (e) {
    return (e as Error).message.slice(0, 2000);
  }
}

async function runCase(c: ParityCase, endpoint: string, pool: AwsClientPool, settings: Settings['aws']): Promise<string | undefined> {
  const argv = [...c.argv, '--endpoint-url', endpoint];
  const ours = await runOurs(argv, RUNBOOKS, pool, settings);
  const cli = await runCli(argv, RUNBOOKS);
  return difference(c, ours, cli);
}

/** Runs cases two at a time (the CLI costs ~0.7 s a call); returns failures by argv. */
async function runAll(cases: ParityCase[], endpoint: string, pool: AwsClientPool, settings: Settings['aws']): Promise<Map<string, string>> {
  const failures = new Map<string, string>();
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const c = cases[next++];
      const diff = await runCase(c, endpoint, pool, settings);
      if (diff) {
        failures.set(c.argv.join(' '), diff);
      }
    }
  };
  await Promise.all([worker(), worker()]);
  return failures;
}

describe('aws: CLI parity against moto (our SDK path vs `aws --endpoint-url`)', function () {
  this.timeout(180_000);
  let pool: AwsClientPool;

  after(async () => {
    pool?.dispose();
    await reseedEstate();
  });

  it('gives the same output as the AWS CLI for at least 40 commands across the eight services', async () => {
    const { endpoint, estate } = getMotoContext();
    await seedManyItems(endpoint);
    const settings = testSettings(endpoint);
    pool = newPool(settings);
    const cases = parityCases(estate);
    const failures = new Map<string, string>();
    for (const phase of ['write', 'read'] as const) {
      for (const [k, v] of await runAll(cases.filter((c) => c.phase === phase), endpoint, pool, settings)) {
        failures.set(k, v);
      }
    }
    const services = new Set(cases.map((c) => c.argv[0]));
    console.log(`      CLI parity: ${cases.length - failures.size}/${cases.length} commands equal across ${services.size} services`);
    for (const [k, v] of failures) {
      console.log(`      DIFF aws ${k}\n${v}`);
    }
    assert.ok(cases.length >= 40);
    assert.equal(services.size, 8);
    assert.deepEqual([...failures.keys()], []);
  });
});
