/**
 * The runbook as a person uses it, in chromium on code-server with the packaged extension installed:
 * open from the Explorer, run a Phase 1 cell by its run button, read the output, tick a checklist item
 * in the rendered markdown, watch the Phases view, save with Ctrl+S, and check the file on disk.
 * The tests run in order on one page; each leaves a screenshot in test-results/screenshots/.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../harness/paths';
import { e2e } from './hooks';
import {
  activeTab,
  dirtyTab,
  explorerRow,
  notebookEditor,
  openFromExplorer,
  openRunbooksSidebar,
  openWorkbench,
  outputContaining,
  renderedCheckbox,
  runCellByButton,
  screenshot,
  scrollCellToTop,
  scrollNotebookToTop,
  scrollToCodeCell,
  viewRows,
  waitForFile,
} from './workbench';

const ITEM = 'Route 53 hosted zone access';

/** Later steps need the notebook open: fail at once (not after every wait's timeout) when an earlier step could not open it. */
async function notebookPage(): Promise<Page> {
  const { page } = e2e().browser;
  assert.ok(await notebookEditor(page).isVisible(), 'the runbook notebook is not open (an earlier step failed)');
  return page;
}

describe('e2e: the DR runbook in a real VS Code', () => {
  it('loads the workbench and lists the runbooks in the Explorer', async () => {
    const { page } = e2e().browser;
    await openWorkbench(page, e2e().server.workbenchUrl());
    await explorerRow(page, 'runbooks').click();
    await explorerRow(page, 'dr-runbook.md').waitFor();
    await screenshot(page, 'e2e-1-explorer');
  });

  it('opens dr-runbook.md from the Explorer as a runbook notebook', async () => {
    const { page } = e2e().browser;
    await openFromExplorer(page, 'runbooks', 'dr-runbook.md');
    await scrollToCodeCell(page, 'describe-clusters');
    assert.match((await activeTab(page).getAttribute('aria-label')) ?? '', /dr-runbook\.md/);
    await screenshot(page, 'e2e-2-opened');
    // one notebook type must claim the file once: two matching selectors make VS Code ask which editor to use
    const toasts = await page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();
    assert.ok(!toasts.some((t) => /multiple default editors/i.test(t)), `opening asked which editor to use: ${toasts.join(' | ')}`);
  });

  it('runs a Phase 1 cell by its run button and shows the output', async () => {
    const page = await notebookPage();
    const cell = await scrollToCodeCell(page, 'describe-clusters');
    await runCellByButton(page, cell);
    const output = outputContaining(page, e2e().seeded.estate.clusterName);
    await output.waitFor({ state: 'attached', timeout: 60_000 });
    // JSON outputs render inside a shadow root: read the innermost element holding the text (locators pierce it)
    const text = await output.getByText(/prod-cluster/).first().textContent();
    assert.match(text ?? '', /prod-cluster/);
    await scrollCellToTop(page, cell);
    await screenshot(page, 'e2e-3-output');
  });

  it('ticks a checklist item inline in the rendered markdown', async () => {
    const page = await notebookPage();
    await scrollNotebookToTop(page);
    const box = renderedCheckbox(page, ITEM);
    assert.equal(await box.isChecked(), false);
    await box.click();
    await dirtyTab(page).waitFor({ timeout: 15_000 });
    assert.equal(await renderedCheckbox(page, ITEM).isChecked(), true);
    await screenshot(page, 'e2e-4-ticked');
  });

  it('shows the run and the tick in the sidebar views', async () => {
    const page = await notebookPage();
    await openRunbooksSidebar(page);
    const phase1 = viewRows(page, 'Phases').filter({ hasText: 'Phase 1' }).first();
    await phase1.waitFor({ timeout: 15_000 });
    const label = (await phase1.getAttribute('aria-label')) ?? (await phase1.innerText());
    assert.match(label, /^done\b/m, `Phase 1 does not show that it ran: ${label}`);
    console.log(`      Phases view row: ${label}`);
    await viewRows(page, 'Checklists').filter({ hasText: ITEM }).first().waitFor({ timeout: 15_000 });
    await screenshot(page, 'e2e-5-sidebar');
  });

  it('saves with Ctrl+S and writes the tick (and nothing else of the template) to disk', async () => {
    const page = await notebookPage();
    await page.keyboard.press('Control+S');
    const text = await waitForFile(e2e().runbookPath, (t) => t.includes(`- [x] ${ITEM}`));
    assert.match(text, /<!-- runbook:output/, 'the saved runbook lacks the Phase 1 cell output');
    assert.ok(text.includes(e2e().seeded.estate.clusterName), 'the saved output lacks the cluster');
    const original = fs.readFileSync(path.join(REPO_ROOT, 'runbooks', 'dr-runbook.md'), 'utf8');
    for (const line of original.split('\n')) {
      const expected = line.includes(ITEM) ? line.replace('- [ ]', '- [x]') : line;
      assert.ok(text.includes(expected), `the saved file lost the line ${JSON.stringify(expected)}`);
    }
    await dirtyTab(page).waitFor({ state: 'detached', timeout: 15_000 });
    await screenshot(page, 'e2e-6-saved');
  });
});
