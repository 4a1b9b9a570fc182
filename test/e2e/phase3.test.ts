/**
 * The moment of decision, at 1280x720 in chromium on code-server: "Runbooks: Run Phase" -> Phase 3 asks
 * with a summary whose buttons sit inside the window; Enter by habit cancels and moto's records stay;
 * "Show change" opens now against after; Run from that editor's title bar changes moto's record.
 * Each step leaves a screenshot in test-results/screenshots/ (e2e-phase3-*).
 */
import * as assert from 'node:assert/strict';
import { ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import type { Locator, Page } from 'playwright-core';
import { e2e } from './hooks';
import { notebookEditor, openFromExplorer, openWorkbench, screenshot } from './workbench';

const VIEWPORT = { width: 1280, height: 720 };
const SEED_LINE = 'UPSERT wp.kimmyai.io A PRIMARY: alias bbws-alb-1.af-south-1… -> bbws-alb-1.eu-west-1…';

async function primaryAlias(): Promise<string> {
  const { endpoint, estate } = e2e().seeded;
  const r53 = new Route53Client({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  try {
    const out = await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: estate.zoneId }));
    return out.ResourceRecordSets?.find((r) => r.Failover === 'PRIMARY')?.AliasTarget?.DNSName ?? '(none)';
  } finally {
    r53.destroy();
  }
}

async function runPhase3(page: Page): Promise<Locator> {
  const phase3 = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Phase 3' }).first();
  // The first command after the workbench loads can race the extension's activation: the palette then
  // takes the keystroke before the command exists. Try the palette again once, as a person would.
  for (let attempt = 1; ; attempt++) {
    await notebookEditor(page).click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('F1');
    await page.keyboard.type('Runbooks: Run Phase');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Runbooks: Run Phase' }).first().click();
    try {
      await phase3.waitFor({ timeout: 15_000 });
      break;
    } catch (e) {
      if (attempt >= 2) {
        throw e;
      }
      await page.keyboard.press('Escape');
    }
  }
  await phase3.click();
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 60_000 });
  return dialog;
}

function dialogButton(dialog: Locator, name: string): Locator {
  return dialog.locator('.dialog-buttons .monaco-button', { hasText: new RegExp(`^${name}$`) });
}

function inViewport(box: { x: number; y: number; width: number; height: number } | null, what: string): void {
  assert.ok(box, `${what} has no box`);
  assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= VIEWPORT.width && box.y + box.height <= VIEWPORT.height, `${what} is outside the 1280x720 window: ${JSON.stringify(box)}`);
}

describe('e2e: Phase 3 asks before it changes DNS (1280x720)', () => {
  before(async () => {
    const { page } = e2e().browser;
    await page.setViewportSize(VIEWPORT);
    await openWorkbench(page, e2e().server.workbenchUrl());
    await openFromExplorer(page, 'runbooks', 'dr-runbook.md');
  });
  after(async () => {
    const { page } = e2e().browser;
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await page.keyboard.type('File: Revert File');
    await page.keyboard.press('Enter');
    await page.setViewportSize({ width: 1600, height: 1000 });
  });

  it('shows the summary with Run and Cancel inside the window; Enter opens the change, Cancel there leaves moto as it was', async () => {
    const { page } = e2e().browser;
    assert.match(await primaryAlias(), /af-south-1/);
    const dialog = await runPhase3(page);
    const text = await dialog.innerText();
    assert.ok(text.includes(SEED_LINE), `the summary lacks the change line:\n${text}`);
    assert.doesNotMatch(text, /"ChangeBatch"|\{/, 'the dialog shows JSON');
    inViewport(await dialog.boundingBox(), 'the dialog');
    for (const name of ['Run', 'Cancel', 'Show change']) {
      inViewport(await dialogButton(dialog, name).boundingBox(), `the ${name} button`);
    }
    console.log(`      dialog:\n${text.replace(/^/gm, '        ')}`);
    await screenshot(page, 'e2e-phase3-1-summary');
    // VS Code focuses the dialog's primary button, and never makes Cancel primary: the primary must not be Run
    const focused = String(await page.evaluate('document.activeElement?.textContent ?? ""'));
    assert.equal(focused, 'Show change', `Enter would press ${focused}`);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached', timeout: 15_000 });
    const diff = page.locator('.monaco-diff-editor').first();
    await diff.waitFor({ timeout: 30_000 });
    assert.match(await primaryAlias(), /af-south-1/, 'Enter changed the record');
    await page.locator('.editor-actions .action-label[aria-label^="Cancel this change"]').first().click();
    await page.locator('.notifications-toasts', { hasText: 'cancelled by the engineer' }).first().waitFor({ timeout: 30_000 });
    assert.match(await primaryAlias(), /af-south-1/, 'Cancel changed the record');
    await screenshot(page, 'e2e-phase3-2-cancelled');
  });

  it('Show change opens now (af-south-1) against after (eu-west-1); Run in its title bar changes the record', async () => {
    const { page } = e2e().browser;
    const dialog = await runPhase3(page);
    await dialogButton(dialog, 'Show change').click();
    const diff = page.locator('.monaco-diff-editor').first();
    await diff.waitFor({ timeout: 30_000 });
    const original = diff.locator('.editor.original');
    const modified = diff.locator('.editor.modified');
    await original.getByText(/af-south-1/).first().waitFor({ timeout: 15_000 });
    const primaryNow = await original.locator('.view-lines').innerText();
    const primaryAfter = await modified.locator('.view-lines').innerText();
    const firstAlias = (t: string) => /DNSName:\s+(\S+)/.exec(t.replace(/\u00a0/g, ' '))?.[1] ?? '';
    assert.match(firstAlias(primaryNow), /^bbws-alb-1\.af-south-1/, primaryNow);
    assert.match(firstAlias(primaryAfter), /^bbws-alb-1\.eu-west-1/, primaryAfter);
    const run = page.locator('.editor-actions .action-label[aria-label^="Run this change"]').first();
    const cancel = page.locator('.editor-actions .action-label[aria-label^="Cancel this change"]').first();
    inViewport(await run.boundingBox(), 'the title bar Run');
    inViewport(await cancel.boundingBox(), 'the title bar Cancel');
    await screenshot(page, 'e2e-phase3-3-diff');
    assert.match(await primaryAlias(), /af-south-1/, 'showing the change changed the record');
    await run.click();
    const deadline = Date.now() + 60_000;
    while (!/eu-west-1/.test(await primaryAlias()) && Date.now() < deadline) {
      await page.waitForTimeout(300);
    }
    assert.match(await primaryAlias(), /eu-west-1/, 'Run from the diff did not change the record');
    await diff.waitFor({ state: 'detached', timeout: 15_000 });
    await screenshot(page, 'e2e-phase3-4-ran');
  });
});
