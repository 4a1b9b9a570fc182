/**
 * The seed runbook's five AWS commands through our translate + invoke against the AWS CLI on the same
 * moto: per call warm, the Phase 1-3 sequence, and a cold first run in a fresh node process (client
 * construction included). `npx tsx bench/aws.ts` runs it alone.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { AwsClientPool } from '../src/core/aws/clients';
import { invokeAws } from '../src/core/aws/invoke';
import { formatAwsOutput } from '../src/core/aws/output';
import { parseAwsArgv } from '../src/core/aws/translate';
import { DEFAULTS } from '../src/core/settings';
import { awsExecutable, cliEnv } from '../test/aws/awsCli';
import { seedEstate, startMoto, type Estate } from '../test/support/moto';
import { coldRunArgs, fiveCallRunbook } from './coldCli';
import { type BenchResult, formatResults } from './result';

const RUNBOOKS = path.join(__dirname, '..', 'runbooks');
const SUITE = 'aws';

/** The five `aws` commands of runbooks/dr-runbook.md, placeholders filled from the seeded estate. */
export function seedCommands(e: Estate): string[][] {
  return [
    ['ecs', 'describe-clusters', '--clusters', 'prod-cluster', '--region', 'af-south-1'],
    ['elbv2', 'describe-target-health', '--target-group-arn', e.tgArn['af-south-1'], '--region', 'af-south-1'],
    ['dynamodb', 'describe-table', '--table-name', 'bbws-tenants', '--region', 'eu-west-1'],
    ['s3api', 'get-bucket-replication', '--bucket', 'bbws-assets', '--region', 'af-south-1'],
    ['route53', 'change-resource-record-sets', '--hosted-zone-id', e.zoneId, '--change-batch', 'file://failover-dns.json'],
  ];
}

interface Timing {
  ms: number;
  cpuMs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median wall and CPU ms; `fn` returns the CPU ms of child processes it ran (0 for none). */
async function timeAsync(fn: () => Promise<number | void>, runs: number, warmup = 2): Promise<Timing> {
  for (let i = 0; i < warmup; i++) {
    await fn();
  }
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const childCpu = (await fn()) ?? 0;
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push(childCpu > 0 ? childCpu : (c.user + c.system) / 1000);
  }
  return { ms: median(wall), cpuMs: median(cpu) };
}

const TIME = '/usr/bin/time';

/** Runs a process; resolves with its user+system CPU ms (through /usr/bin/time when present, else 0). */
async function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const hasTime = existsSync(TIME);
  const cpuFile = path.join(tmpdir(), `bench-aws-${process.pid}-${Math.random().toString(36).slice(2)}.txt`);
  const [cmd, argv] = hasTime ? [TIME, ['-f', '%U %S', '-o', cpuFile, file, ...args]] : [file, args];
  await new Promise<void>((resolve, reject) => {
    execFile(cmd, argv, { env, cwd: RUNBOOKS, maxBuffer: 16 << 20 }, (err, _out, stderr) => (err ? reject(new Error(`${file} ${args.join(' ')}: ${stderr}`)) : resolve()));
  });
  if (!hasTime) {
    return 0;
  }
  const [user, sys] = readFileSync(cpuFile, 'utf8').trim().split(/\s+/).map(Number);
  rmSync(cpuFile, { force: true });
  return (user + sys) * 1000;
}

function row(input: string, name: string, t: Timing, base?: Timing): BenchResult {
  return { suite: SUITE, input, name, ms: t.ms, cpuMs: t.cpuMs, ratio: base ? base.cpuMs / t.cpuMs : undefined };
}

async function coldRunner(): Promise<string> {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'bench-aws-')), 'cold.js');
  await esbuild.build({ entryPoints: [path.join(__dirname, 'awsCold.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: out, logLevel: 'error' });
  return out;
}

export async function benchAws(): Promise<BenchResult[]> {
  const moto = await startMoto();
  try {
    const commands = seedCommands(await seedEstate(moto.endpoint));
    const settings = { ...DEFAULTS.aws, endpointUrl: moto.endpoint, maxAttempts: 1 };
    const env = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };
    const pool = new AwsClientPool(settings, env);
    const ours = async (argv: string[]) => {
      const cmd = await parseAwsArgv(argv, { cwd: RUNBOOKS });
      formatAwsOutput((await invokeAws(cmd, pool, { settings, env })).data, { output: 'json' });
    };
    const cli = (argv: string[]): Promise<number> => run(awsExecutable(), [...argv, '--endpoint-url', moto.endpoint], cliEnv());
    const results: BenchResult[] = [];
    for (const argv of commands) {
      const name = `${argv[0]} ${argv[1]}`;
      const cliT = await timeAsync(() => cli(argv), 3, 1);
      results.push(row(name, 'aws CLI (per call)', cliT), row(name, 'ours warm (per call)', await timeAsync(() => ours(argv), 30, 3), cliT));
    }
    const seq = 'Phase 1-3 (5 calls)';
    const cliSeq = await timeAsync(async () => {
      let cpu = 0;
      for (const a of commands) {
        cpu += await cli(a);
      }
      return cpu;
    }, 3, 0);
    const ourSeq = await timeAsync(async () => {
      for (const a of commands) {
        await ours(a);
      }
    }, 20, 2);
    pool.dispose();
    const cold = await coldRunner();
    const coldEnv = { ...process.env, ...env, BENCH_ENDPOINT: moto.endpoint, BENCH_CWD: RUNBOOKS, BENCH_COMMANDS: JSON.stringify(commands), NODE_NO_WARNINGS: '1' };
    const coldT = await timeAsync(() => run(process.execPath, [cold], coldEnv), 3, 1);
    const runbook = fiveCallRunbook(commands);
    const cliEnvRun = { ...process.env, ...env, NODE_NO_WARNINGS: '1', AWS_REGION: 'af-south-1' };
    const runT = await timeAsync(() => run(process.execPath, coldRunArgs(runbook, moto.endpoint), cliEnvRun), 5, 1);
    // What a cold run cannot go below: node's own start, and node plus loading the bundle (docs/performance.md).
    const nodeT = await timeAsync(() => run(process.execPath, ['-e', ''], cliEnvRun), 5, 1);
    const helpT = await timeAsync(() => run(process.execPath, [coldRunArgs(runbook, moto.endpoint)[0], '--help'], cliEnvRun), 5, 1);
    results.push(
      row(seq, 'aws CLI', cliSeq),
      row(seq, 'ours warm', ourSeq, cliSeq),
      row(seq, 'ours cold (fresh node process)', coldT, cliSeq),
      row(seq, '`runbook run` cold (whole process)', runT, cliSeq),
      row(seq, 'floor: `node -e ""` (node start alone)', nodeT, cliSeq),
      row(seq, 'floor: `runbook --help` (node start + bundle load)', helpT, cliSeq),
    );
    console.log(`aws: wall-clock ratios vs the CLI: warm sequence ${(cliSeq.ms / ourSeq.ms).toFixed(1)}x, cold sequence ${(cliSeq.ms / coldT.ms).toFixed(1)}x, runbook run ${(cliSeq.ms / runT.ms).toFixed(1)}x`);
    return results;
  } finally {
    await moto.stop();
  }
}

if (require.main === module) {
  void benchAws().then((r) => console.log(formatResults(r)));
}
