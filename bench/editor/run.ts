/**
 * The editor section of `npm run bench`: bench/editor/host.ts in code-server's real extension host (the test
 * harness's code-server and chromium), against a seeded moto. Wall-clock ms of what the engineer waits for, each
 * with a reference from the same run; the ratio column is ours / reference. `npx tsx bench/editor/run.ts` alone.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import * as esbuild from 'esbuild';
import type { CellOutput } from '../../src/core/runbook/model';
import { parseRunbook } from '../../src/core/runbook/parse';
import { serializeRunbook } from '../../src/core/runbook/serialize';
import { awsExecutable, cliEnv } from '../../test/aws/awsCli';
import { launchBrowser } from '../../test/harness/browser';
import { startCodeServer } from '../../test/harness/codeServer';
import { awsEnv, buildExtension, extensionSettings, makeWorkspace, startSeededMoto } from '../../test/harness/environment';
import { ensureInstalled } from '../../test/harness/install';
import { REPO_ROOT } from '../../test/harness/paths';
import { makeTempDir, removeTempDir } from '../../test/harness/processes';
import { generateRunbook } from '../parse';
import type { BenchResult } from '../result';
import type { HostRow } from './host';

const SUITE = 'editor';
const HOST_BUNDLE = path.join(REPO_ROOT, 'out', 'bench', 'editor-host.js');
const TIMEOUT_MS = 6 * 60_000;

/** A runbook whose code cells hold `mb` MB of persisted output in all (1 MB each). */
function recordWithOutputs(mb: number): string {
  const cells = Array.from({ length: mb }, (_, i) => `## Step ${i + 1}\n\n\`\`\`bash\naws ecs describe-clusters --clusters prod-${i}\n\`\`\`\n`);
  const doc = parseRunbook(`# Big outputs\n\n${cells.join('\n')}`);
  const line = '{"clusterName": "prod-cluster", "status": "ACTIVE", "runningTasksCount": 3, "pendingTasksCount": 0}\n';
  const output: CellOutput = { items: [{ mime: 'application/json', data: line.repeat(Math.ceil((1 << 20) / line.length)) }] };
  for (const c of doc.cells.filter((x) => x.kind === 'code')) {
    c.outputs = [output];
    c.execution = { startTime: '2026-11-29T03:12:45.120Z', durationMs: 40, success: true, region: 'af-south-1', runner: 'sdk' };
  }
  return serializeRunbook(doc);
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

/** The AWS CLI's cold call of the same first cell, wall ms (median of 3). */
function cliColdCall(endpoint: string): number {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    execFileSync(awsExecutable(), ['ecs', 'describe-clusters', '--clusters', 'prod-cluster', '--region', 'af-south-1', '--endpoint-url', endpoint], { env: cliEnv(), stdio: 'ignore' });
    times.push(performance.now() - t0);
  }
  return median(times);
}

async function bundleHost(): Promise<void> {
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'host.ts')],
    outfile: HOST_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'error',
  });
}

function payload(authority: string): string {
  return JSON.stringify([
    ['extensionDevelopmentPath', `vscode-remote://${authority}${REPO_ROOT}`],
    ['extensionTestsPath', `vscode-remote://${authority}${HOST_BUNDLE}`],
    ['skipWelcome', 'true'],
  ]);
}

function toResults(host: HostRow[], cliMs: number): BenchResult[] {
  const all = [...host, { input: 'first AWS cell, fresh window', name: 'aws CLI cold call (reference)', ms: cliMs }];
  all.push({ input: 'second AWS cell, same window', name: 'aws CLI cold call (reference)', ms: cliMs });
  const order = [...new Set(all.map((r) => r.input))];
  return order.flatMap((input) =>
    all
      .filter((r) => r.input === input)
      .map((r) => {
        const ref = 'reference' in r && r.reference ? all.find((x) => x.input === input && x.name === r.reference) : undefined;
        return { suite: SUITE, input, name: r.name, ms: r.ms, ratio: ref ? r.ms / ref.ms : undefined };
      }),
  );
}

/** Runs the host bench in a fresh code-server window; rejects when it fails (with its logs). */
export async function benchEditor(): Promise<BenchResult[]> {
  ensureInstalled();
  buildExtension();
  await bundleHost();
  const seeded = await startSeededMoto();
  const workspace = makeWorkspace('runbook-bench-ws-');
  const scratch = makeTempDir('runbook-bench-');
  const big = path.join(workspace, 'runbooks', 'big-runbook.md');
  const record = path.join(workspace, 'runbooks', 'big-outputs-runbook.md');
  fs.writeFileSync(big, generateRunbook(1024 * 1024));
  fs.writeFileSync(record, recordWithOutputs(10));
  const results = path.join(scratch, 'editor-bench.json');
  const env = { ...awsEnv(seeded.endpoint, scratch), RUNBOOK_BENCH_RESULTS: results, RUNBOOK_BENCH_BIG_RUNBOOK: big, RUNBOOK_BENCH_BIG_RECORD: record };
  const server = await startCodeServer({ workspace, settings: extensionSettings(seeded), env, trusted: true });
  const browser = await launchBrowser();
  try {
    const cliMs = cliColdCall(seeded.endpoint);
    const exited = new Promise<number>((resolve, reject) => {
      browser.page.exposeFunction('codeAutomationExit', (code: number) => resolve(code)).catch(reject);
    });
    await browser.page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      if (type === 'error') {
        console.log(`  [editor bench host] ${util.format(...(Array.isArray(args) ? args : [args]))}`);
      }
    });
    await browser.page.goto(server.workbenchUrl({ payload: payload(await server.authority()) }));
    const code = await Promise.race([exited, new Promise<number>((r) => setTimeout(() => r(124), TIMEOUT_MS).unref())]);
    const out = fs.existsSync(results) ? (JSON.parse(fs.readFileSync(results, 'utf8')) as { rows: HostRow[]; error?: string }) : undefined;
    if (code !== 0 || !out || out.error) {
      throw new Error(`editor bench failed (exit ${code}): ${out?.error ?? 'no results'}\n${server.logs().slice(-4000)}`);
    }
    return toResults(out.rows, cliMs);
  } finally {
    await browser.close();
    await server.stop();
    await seeded.stop();
    removeTempDir(workspace);
    removeTempDir(scratch);
  }
}

if (require.main === module) {
  void benchEditor().then(async (r) => console.log((await import('../result')).formatResults(r)));
}
