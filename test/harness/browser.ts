/** Debian's chromium driven by playwright-core, with the page console kept for failure reports. */
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM } from './paths';
import { closeOnInterrupt, makeTempDir, removeTempDir } from './processes';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Every console message and page error seen so far, one per line. */
  console: string[];
  close(): Promise<void>;
}

/** A fresh persistent profile in a temporary folder, removed again on close. */
export async function launchBrowser(opts: { headless?: boolean; viewport?: { width: number; height: number } } = {}): Promise<Browser> {
  const profile = makeTempDir('runbook-chromium-');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: opts.headless ?? true,
    args: CHROMIUM_ARGS,
    // our onInterrupt closes chromium and then removes its profile; playwright's own handlers would exit first
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    viewport: opts.viewport ?? { width: 1600, height: 1000 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleLines: string[] = [];
  page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= context.close().finally(() => {
      unregister();
      removeTempDir(profile);
    });
    return closed;
  };
  const unregister = closeOnInterrupt(close);
  return { context, page, console: consoleLines, close };
}
