/**
 * Mocha root hooks for the UI tests: one seeded moto, one code-server with the packaged .vsix installed
 * and settings pointing at that moto, one chromium page. Everything is stopped in afterAll, also on failure.
 * A failing test prints the page console and the extension host logs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchBrowser, type Browser } from '../harness/browser';
import { startCodeServer, type CodeServer } from '../harness/codeServer';
import { awsEnv, extensionSettings, makeWorkspace, packageExtension, startSeededMoto, type SeededMoto } from '../harness/environment';
import { ensureInstalled } from '../harness/install';
import { VSIX } from '../harness/paths';
import { makeTempDir, onInterrupt, removeTempDir } from '../harness/processes';
import { screenshot } from './workbench';

export interface E2eContext {
  server: CodeServer;
  browser: Browser;
  seeded: SeededMoto;
  workspace: string;
  runbookPath: string;
}

let ctx: E2eContext | undefined;
let consolePrinted = 0;
const cleanups: (() => Promise<void> | void)[] = [];

export function e2e(): E2eContext {
  if (!ctx) {
    throw new Error('the e2e harness is not running: run these tests with npm run test:e2e');
  }
  return ctx;
}

async function runCleanups(): Promise<void> {
  for (const c of cleanups.reverse()) {
    await Promise.resolve(c()).catch((e: unknown) => console.error(`cleanup failed: ${String(e)}`));
  }
  cleanups.length = 0;
}

async function setUp(): Promise<E2eContext> {
  // Ctrl+C (mocha forwards SIGINT, then SIGTERM) stops moto, code-server and chromium and removes the folders
  onInterrupt(runCleanups);
  if (!process.env.RUNBOOK_HARNESS_READY) {
    ensureInstalled();
    packageExtension();
  }
  if (!fs.existsSync(VSIX)) {
    throw new Error(`${VSIX} is missing: npm run package`);
  }
  const seeded = await startSeededMoto();
  cleanups.push(() => seeded.stop());
  const workspace = makeWorkspace('runbook-e2e-');
  cleanups.push(() => removeTempDir(workspace));
  const scratch = makeTempDir('runbook-e2e-env-');
  cleanups.push(() => removeTempDir(scratch));
  const server = await startCodeServer({
    workspace,
    vsix: VSIX,
    settings: { ...extensionSettings(seeded), 'notebook.confirmDeleteRunningCell': false },
    env: awsEnv(seeded.endpoint, scratch),
  });
  cleanups.push(() => server.stop());
  const browser = await launchBrowser();
  cleanups.push(() => browser.close());
  return { server, browser, seeded, workspace, runbookPath: path.join(workspace, 'runbooks', 'dr-runbook.md') };
}

export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    this.timeout(240_000);
    ctx = await setUp();
  },
  async afterEach(this: Mocha.Context): Promise<void> {
    const test = this.currentTest;
    if (test?.state !== 'failed' || !ctx) {
      return;
    }
    const shot = await screenshot(ctx.browser.page, `e2e-FAILED-${test.title.replace(/[^\w]+/g, '-').slice(0, 60)}`).catch(() => 'none');
    console.log(`\n===== page console since the last failure (${test.title}) =====`);
    console.log(ctx.browser.console.slice(consolePrinted).join('\n'));
    consolePrinted = ctx.browser.console.length;
    console.log(`===== code-server and extension host logs =====\n${ctx.server.logs()}\n===== screenshot: ${shot} =====`);
  },
  async afterAll(this: Mocha.Context): Promise<void> {
    this.timeout(60_000);
    ctx = undefined;
    await runCleanups();
  },
};
