/**
 * The cold run for bench/aws.ts: bundled, then started as a fresh node process. Runs the seed runbook's
 * five AWS commands (client construction included) against BENCH_ENDPOINT and prints the ms it took.
 */
import { AwsClientPool } from '../src/core/aws/clients';
import { invokeAws } from '../src/core/aws/invoke';
import { formatAwsOutput } from '../src/core/aws/output';
import { parseAwsArgv } from '../src/core/aws/translate';
import { DEFAULTS } from '../src/core/settings';

async function main(): Promise<void> {
  const t0 = performance.now();
  const commands = JSON.parse(process.env.BENCH_COMMANDS ?? '[]') as string[][];
  const settings = { ...DEFAULTS.aws, endpointUrl: process.env.BENCH_ENDPOINT ?? '', maxAttempts: 1 };
  const pool = new AwsClientPool(settings);
  for (const argv of commands) {
    const cmd = await parseAwsArgv(argv, { cwd: process.env.BENCH_CWD ?? process.cwd() });
    const r = await invokeAws(cmd, pool, { settings });
    formatAwsOutput(r.data, { output: cmd.globals.output, query: cmd.globals.query });
  }
  pool.dispose();
  process.stdout.write(`${(performance.now() - t0).toFixed(1)}\n`);
}

void main();
