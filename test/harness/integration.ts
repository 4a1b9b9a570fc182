/**
 * Runs test/integration inside code-server's real extension host through the workbench `payload`
 * (extensionDevelopmentPath + extensionTestsPath), once trusted and once in an untrusted workspace.
 * `npx tsx test/harness/integration.ts` runs both against a freshly seeded moto.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import { launchBrowser, type Browser } from './browser';
import { bundleIntegration, INTEGRATION_BUNDLE } from './bundle';
import { startCodeServer, type CodeServer } from './codeServer';
import { awsEnv, buildExtension, extensionSettings, makeWorkspace, startSeededMoto, writeTestContext, type SeededMoto } from './environment';
import { ensureInstalled } from './install';
import { REPO_ROOT, RESULTS_DIR } from './paths';
import { makeTempDir, onInterrupt, removeTempDir } from './processes';

export type SuiteName = 'trusted' | 'untrusted';

export interface SuiteRun {
  suite: SuiteName;
  exitCode: number;
  passed: number;
  failed: number;
  seconds: number;
}

interface ResultsFile {
  results: { title: string; state: 'passed' | 'failed'; error?: string }[];
}

const SUITE_TIMEOUT_MS = 4 * 60_000;
/** Known harmless lines (marketplace look-ups offline, workbench start-up chatter) kept out of the live output. */
const NOISE = /open-vsx\.org|vsda|Resolving connection token|Resolved connection token|Creating a socket|\[Service Worker\]|ChatSessionStore|builtin extensions cache|workbench contribution/;

function payloadFor(authority: string): string {
  return JSON.stringify([
    ['extensionDevelopmentPath', `vscode-remote://${authority}${REPO_ROOT}`],
    ['extensionTestsPath', `vscode-remote://${authority}${INTEGRATION_BUNDLE}`],
    ['skipWelcome', 'true'],
  ]);
}

function readResults(file: string): ResultsFile {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as ResultsFile) : { results: [] };
}

/** A suite counts as passed only when it exited 0 AND reported passing tests: a run that tested nothing fails. */
export function suiteExitCode(exitCode: number, passed: number): number {
  return exitCode === 0 && passed === 0 ? 1 : exitCode;
}

/** Loads the workbench with the payload and resolves with the suite's exit code (124 when it hangs). */
async function runInPage(browser: Browser, server: CodeServer, suite: SuiteName): Promise<number> {
  const exited = new Promise<number>((resolve, reject) => {
    browser.page.exposeFunction('codeAutomationExit', (code: number) => resolve(code)).catch(reject);
  });
  await browser.page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
    const line = util.format(...(Array.isArray(args) ? args : [args]));
    if (!NOISE.test(line)) {
      console.log(`  [host:${suite}${type === 'info' ? '' : `:${type}`}] ${line}`);
    }
  });
  await browser.page.goto(server.workbenchUrl({ payload: payloadFor(await server.authority()) }));
  const timeout = new Promise<number>((resolve) =>
    setTimeout(() => {
      console.log(`[integration] the ${suite} suite did not finish in ${SUITE_TIMEOUT_MS / 1000} s`);
      resolve(124);
    }, SUITE_TIMEOUT_MS).unref(),
  );
  return Promise.race([exited, timeout]);
}

/** One suite in one fresh code-server; prints the extension host's output live, and its logs on failure. */
export async function runIntegrationSuite(suite: SuiteName, seeded: SeededMoto): Promise<SuiteRun> {
  const t0 = Date.now();
  const scratch = makeTempDir('runbook-int-');
  const workspace = makeWorkspace();
  const resultsFile = path.join(scratch, 'results.json');
  const env = {
    ...awsEnv(seeded.endpoint, scratch),
    RUNBOOK_TEST_SUITE: suite,
    RUNBOOK_TEST_CONTEXT: writeTestContext(scratch, seeded.endpoint, seeded.estate),
    RUNBOOK_TEST_RESULTS: resultsFile,
  };
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let exitCode = 1;
  let results: ResultsFile['results'] = [];
  try {
    server = await startCodeServer({ workspace, settings: extensionSettings(seeded), env, trusted: suite === 'trusted' });
    browser = await launchBrowser();
    exitCode = await runInPage(browser, server, suite);
  } finally {
    results = readResults(resultsFile).results;
    if (exitCode !== 0) {
      printFailure(suite, results, browser?.console ?? [], server?.logs() ?? '');
    }
    if (browser) {
      await saveScreenshot(browser.page, suite);
      await browser.close();
    }
    await server?.stop();
    removeTempDir(workspace);
    removeTempDir(scratch);
  }
  const passed = results.filter((r) => r.state === 'passed').length;
  return { suite, exitCode: suiteExitCode(exitCode, passed), passed, failed: results.length - passed, seconds: (Date.now() - t0) / 1000 };
}

async function saveScreenshot(page: import('playwright-core').Page, suite: string): Promise<void> {
  try {
    fs.mkdirSync(path.join(RESULTS_DIR, 'screenshots'), { recursive: true });
    await page.screenshot({ path: path.join(RESULTS_DIR, 'screenshots', `integration-${suite}.png`) });
  } catch (_e) {
    // the page may be gone already; the logs above say why
  }
}

function printFailure(suite: string, results: ResultsFile['results'], pageConsole: string[], serverLogs: string): void {
  console.log(`\n===== integration (${suite}) failed =====`);
  for (const r of results.filter((x) => x.state === 'failed')) {
    console.log(`✗ ${r.title}\n${r.error ?? ''}\n`);
  }
  console.log('===== page console =====');
  console.log(pageConsole.join('\n'));
  console.log('===== code-server and extension host logs =====');
  console.log(serverLogs);
}

/** Both suites against one seeded moto; returns the process exit code. */
export async function runIntegration(opts: { build?: boolean; seeded?: SeededMoto } = {}): Promise<number> {
  if (opts.build !== false) {
    buildExtension();
  }
  await bundleIntegration();
  const seeded = opts.seeded ?? (await startSeededMoto());
  const own = !opts.seeded;
  try {
    const runs: SuiteRun[] = [];
    for (const suite of ['trusted', 'untrusted'] as const) {
      runs.push(await runIntegrationSuite(suite, seeded));
    }
    for (const r of runs) {
      console.log(`[integration] ${r.suite}: ${r.passed} passed, ${r.failed} failed, exit ${r.exitCode}, ${r.seconds.toFixed(1)} s`);
    }
    return runs.every((r) => r.exitCode === 0) ? 0 : 1;
  } finally {
    if (own) {
      await seeded.stop();
    }
  }
}

if (require.main === module) {
  onInterrupt(async () => undefined);
  ensureInstalled();
  runIntegration().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
