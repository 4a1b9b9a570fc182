/**
 * `npm start`: build and package the extension, start a seeded moto and a code-server on 127.0.0.1 with
 * the extension installed and its settings pointing at moto, then open runbooks/dr-runbook.md in a
 * browser (chromium when a display exists; otherwise print the URL). Ctrl+C stops everything.
 *
 *   npm start                     code-server + browser (or the URL)
 *   npm start -- --desktop        a desktop `code` on PATH instead of code-server
 *   npm start -- --screenshot     headless: open the runbook, run Phase 1, save docs/images/notebook.png, stop
 * RUNBOOK_HARNESS_READY=1 reuses an existing runbook-notebook.vsix instead of packaging again.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchBrowser, type Browser } from '../test/harness/browser';
import { startCodeServer } from '../test/harness/codeServer';
import { awsEnv, extensionSettings, makeWorkspace, packageExtension, startSeededMoto, type SeededMoto } from '../test/harness/environment';
import { ensureInstalled } from '../test/harness/install';
import { REPO_ROOT, VSIX } from '../test/harness/paths';
import { makeTempDir, onInterrupt, removeTempDir, stopGroup, trackGroup } from '../test/harness/processes';
import { openWorkbench, outputContaining, runCellByButton, screenshot, scrollToCodeCell } from '../test/e2e/workbench';

const RUNBOOK = 'dr-runbook.md';
const SCREENSHOT = path.join(REPO_ROOT, 'docs', 'images', 'notebook.png');
const cleanups: (() => Promise<void> | void)[] = [];

async function cleanup(): Promise<void> {
  for (const c of cleanups.reverse()) {
    await Promise.resolve(c()).catch(() => undefined);
  }
  cleanups.length = 0;
}

function hasDisplay(): boolean {
  return !!(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/** Opens a file the way a person does: Ctrl+P, its name, Enter (the notebook editor is picked for it). */
async function openRunbook(browser: Browser, url: string): Promise<void> {
  const { page } = browser;
  await openWorkbench(page, url);
  await page.keyboard.press('Control+P');
  await page.keyboard.type(RUNBOOK);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: RUNBOOK }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.notebook-editor:visible').first().waitFor({ timeout: 30_000 });
}

async function takeScreenshot(browser: Browser, seeded: SeededMoto): Promise<void> {
  const { page } = browser;
  await runCellByButton(page, await scrollToCodeCell(page, 'describe-clusters'));
  await outputContaining(page, seeded.estate.clusterName).waitFor({ state: 'attached', timeout: 60_000 });
  await page.locator('.activitybar .action-item .action-label[aria-label^="Runbook"]').first().click();
  await page.mouse.move(5, 400);
  for (const close of await page.locator('.notifications-toasts .codicon-notifications-clear').all()) {
    await close.click().catch(() => undefined);
  }
  await page.waitForTimeout(1500);
  fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT });
  await screenshot(page, 'start-notebook');
  console.log(`[start] screenshot saved to ${path.relative(REPO_ROOT, SCREENSHOT)}`);
}

async function startWeb(seeded: SeededMoto, mode: 'interactive' | 'screenshot'): Promise<void> {
  ensureInstalled();
  const scratch = makeTempDir('runbook-start-');
  cleanups.push(() => removeTempDir(scratch));
  // the screenshot runs in a throwaway copy, so its journal (.runbook/) never lands in the repository
  const workspace = mode === 'screenshot' ? makeWorkspace('runbook-start-ws-') : REPO_ROOT;
  if (workspace !== REPO_ROOT) {
    cleanups.push(() => removeTempDir(workspace));
  }
  const server = await startCodeServer({
    workspace,
    vsix: VSIX,
    settings: extensionSettings(seeded, { healthIntervalSeconds: 60 }),
    env: awsEnv(seeded.endpoint, scratch),
  });
  cleanups.push(() => server.stop());
  const url = server.workbenchUrl();
  console.log(`[start] moto at ${seeded.endpoint}; VS Code at ${url}`);
  if (mode === 'interactive' && !hasDisplay()) {
    console.log(`[start] no display: open ${url} in a browser and open runbooks/${RUNBOOK}. Ctrl+C stops everything.`);
    return;
  }
  const browser = await launchBrowser({ headless: mode === 'screenshot', viewport: { width: 1440, height: 900 } });
  cleanups.push(() => browser.close());
  await openRunbook(browser, url);
  if (mode === 'screenshot') {
    await takeScreenshot(browser, seeded);
    return;
  }
  console.log('[start] the runbook is open in chromium. Ctrl+C stops everything.');
  browser.context.on('close', () => void cleanup().then(() => process.exit(0)));
}

/** A desktop VS Code with this folder as extensionDevelopmentPath, throwaway profile, settings pointing at moto. */
async function startDesktop(seeded: SeededMoto): Promise<void> {
  if (spawnSync('code', ['--version'], { stdio: 'ignore' }).status !== 0) {
    throw new Error('--desktop needs a desktop `code` on PATH');
  }
  const root = makeTempDir('runbook-desktop-');
  cleanups.push(() => removeTempDir(root));
  const ud = path.join(root, 'user-data');
  fs.mkdirSync(path.join(ud, 'User'), { recursive: true });
  fs.writeFileSync(path.join(ud, 'User', 'settings.json'), JSON.stringify(extensionSettings(seeded, { healthIntervalSeconds: 60 }), null, 2));
  const args = ['--wait', '--new-window', `--user-data-dir=${ud}`, `--extensions-dir=${path.join(root, 'exts')}`];
  args.push(`--extensionDevelopmentPath=${REPO_ROOT}`, REPO_ROOT, path.join(REPO_ROOT, 'runbooks', RUNBOOK));
  const child = spawn('code', args, { env: { ...process.env, ...awsEnv(seeded.endpoint, root) }, detached: true, stdio: 'inherit' });
  trackGroup(child);
  cleanups.push(() => stopGroup(child));
  console.log(`[start] moto at ${seeded.endpoint}; desktop VS Code started. Ctrl+C stops everything.`);
  child.on('exit', () => void cleanup().then(() => process.exit(0)));
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  onInterrupt(cleanup);
  if (process.env.RUNBOOK_HARNESS_READY && fs.existsSync(VSIX)) {
    console.log(`[start] RUNBOOK_HARNESS_READY: reusing ${path.relative(REPO_ROOT, VSIX)}`);
  } else {
    console.log('[start] building and packaging the extension');
    packageExtension();
  }
  const seeded = await startSeededMoto();
  cleanups.push(() => seeded.stop());
  if (argv.includes('--desktop')) {
    await startDesktop(seeded);
  } else if (argv.includes('--screenshot')) {
    await startWeb(seeded, 'screenshot');
    await cleanup();
  } else {
    await startWeb(seeded, 'interactive');
  }
}

main().catch(async (e: unknown) => {
  console.error(`[start] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  await cleanup();
  process.exit(1);
});
