/**
 * `npm run test:vscode`: one install check, one package, then the integration suites (inside the real
 * extension host) and the UI tests (chromium), with timings. Everything started is stopped, also on failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundleIntegration } from './bundle';
import { buildExtension, packageExtension, startSeededMoto } from './environment';
import { runIntegration } from './integration';
import { ensureInstalled } from './install';
import { REPO_ROOT, RESULTS_DIR, VSIX } from './paths';
import { onInterrupt, sleep } from './processes';

async function timed<T>(timings: Record<string, number>, name: string, step: () => Promise<T> | T): Promise<T> {
  const t0 = Date.now();
  try {
    return await step();
  } finally {
    timings[name] = Math.round((Date.now() - t0) / 100) / 10;
  }
}

let e2eChild: ChildProcess | undefined;

/** mocha in a child process (its own node options); no npx in between, so a signal reaches mocha itself. */
function runE2e(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--config', 'test/e2e/.mocharc.json'], {
      cwd: REPO_ROOT,
      stdio: 'inherit',
      env: { ...process.env, RUNBOOK_HARNESS_READY: '1' },
    });
    e2eChild = child;
    child.on('error', () => resolve(1));
    child.on('exit', (code, signal) => {
      e2eChild = undefined;
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/** On Ctrl+C or SIGTERM (say, a CI timeout that signals only this process): let the UI tests stop what they started. */
async function stopE2e(): Promise<void> {
  const child = e2eChild;
  if (!child) {
    return;
  }
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGINT');
  await Promise.race([exited, sleep(30_000)]);
}

async function main(): Promise<number> {
  const timings: Record<string, number> = {};
  const t0 = Date.now();
  const install = await timed(timings, 'installCheck', () => ensureInstalled());
  console.log(`[test:vscode] install check: ${install.codeServerInstalled || install.aptInstalled.length ? 'installed' : 'already present'}`);
  if (process.env.RUNBOOK_HARNESS_READY && fs.existsSync(VSIX)) {
    await timed(timings, 'build', () => buildExtension());
  } else {
    await timed(timings, 'package', () => packageExtension());
  }
  await timed(timings, 'bundle', () => bundleIntegration());
  const seeded = await timed(timings, 'motoStartAndSeed', () => startSeededMoto());
  let integration = 1;
  try {
    integration = await timed(timings, 'integration', () => runIntegration({ build: false, seeded }));
  } catch (e) {
    console.error(`[test:vscode] integration could not run: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  } finally {
    await seeded.stop();
  }
  const e2eCode = await timed(timings, 'e2e', () => runE2e());
  timings.total = Math.round((Date.now() - t0) / 100) / 10;
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, 'vscode-timings.json'), JSON.stringify(timings, null, 2));
  console.log(`[test:vscode] integration exit ${integration}, e2e exit ${e2eCode}; seconds: ${JSON.stringify(timings)}`);
  return integration === 0 && e2eCode === 0 ? 0 : 1;
}

onInterrupt(stopE2e);
main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
