/** Page helpers for driving the VS Code workbench in chromium the way a person does. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { SCREENSHOTS_DIR } from '../harness/paths';

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const file = path.join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

export async function openWorkbench(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await explorerRows(page).first().waitFor({ timeout: 60_000 });
  // The extension's contributions (the notebook type among them) are known once its activity-bar entry is there;
  // a file opened before that opens as plain text.
  await page.locator('.activitybar .action-label[aria-label*="Runbooks"]').first().waitFor({ timeout: 60_000 });
}

export function explorerRows(page: Page): Locator {
  return page.locator('.explorer-folders-view .monaco-list-row');
}

export function explorerRow(page: Page, name: string): Locator {
  return page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`);
}

/** Expands `folder` in the Explorer (if needed) and clicks `file` in it. */
export async function openFromExplorer(page: Page, folder: string, file: string): Promise<void> {
  const folderRow = explorerRow(page, folder);
  if ((await folderRow.getAttribute('aria-expanded')) !== 'true') {
    await folderRow.click();
  }
  await explorerRow(page, file).click();
  await notebookEditor(page).waitFor({ timeout: 30_000 });
}

export function notebookEditor(page: Page): Locator {
  return page.locator('.notebook-editor:visible').first();
}

/** The notebook cell row whose editor shows `text` (a single word is safest: Monaco renders spaces as nbsp). */
export function codeCell(page: Page, text: string): Locator {
  return notebookEditor(page).locator('.monaco-list-row.code-cell-row', { hasText: text }).first();
}

/** Scrolls the notebook (its list is virtual: rows off screen are not in the DOM) until the code cell showing `text` is there. */
export async function scrollToCodeCell(page: Page, text: string): Promise<Locator> {
  const cell = codeCell(page, text);
  const editor = notebookEditor(page);
  const box = await editor.boundingBox();
  if (box) {
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  }
  for (let i = 0; i < 40 && !(await cell.isVisible()); i++) {
    await page.mouse.wheel(0, 400);
    await page.waitForTimeout(150);
  }
  await cell.waitFor({ state: 'visible', timeout: 5_000 });
  return cell;
}

/** Wheels the notebook back to its first cell (clicks inside the webview do not scroll the notebook's own list). */
export async function scrollNotebookToTop(page: Page): Promise<void> {
  const editorBox = await notebookEditor(page).boundingBox();
  if (editorBox) {
    await page.mouse.move(editorBox.x + editorBox.width / 2, editorBox.y + editorBox.height / 2);
    for (let i = 0; i < 15; i++) {
      await page.mouse.wheel(0, -600);
    }
    await page.waitForTimeout(300);
  }
}

/** Wheels the notebook, step by step, until `cell` sits near the top of the editor (its outputs below it in view). */
export async function scrollCellToTop(page: Page, cell: Locator): Promise<void> {
  const editorBox = await notebookEditor(page).boundingBox();
  if (!editorBox) {
    return;
  }
  await page.mouse.move(editorBox.x + editorBox.width / 2, editorBox.y + editorBox.height / 2);
  for (let i = 0; i < 20; i++) {
    const box = await cell.boundingBox();
    const offset = box ? box.y - editorBox.y - 80 : 0;
    if (!box || Math.abs(offset) < 60) {
      break;
    }
    await page.mouse.wheel(0, Math.sign(offset) * Math.min(Math.abs(offset), 300));
    await page.waitForTimeout(120);
  }
}

/** Hovers the cell and clicks its run button (the ▷ left of the cell editor). */
export async function runCellByButton(page: Page, cell: Locator): Promise<void> {
  await scrollCellToTop(page, cell);
  // the run button shows on the focused (or hovered) cell: focus it by clicking into its editor
  await cell.locator('.monaco-editor .view-lines').first().click();
  await cell.hover();
  const button = cell.locator('.run-button-container .action-label').first();
  await button.waitFor({ state: 'visible', timeout: 10_000 });
  await button.click();
}

/** The notebook's back-layer webview: outputs and rendered markdown cells live there. */
export function notebookWebview(page: Page): FrameLocator {
  return page.frameLocator('.notebook-editor:visible iframe.webview').first().frameLocator('#active-frame');
}

export function outputContaining(page: Page, text: string): Locator {
  return notebookWebview(page).locator('.output', { hasText: text }).first();
}

/** The checkbox of a task-list item in a rendered markdown cell. */
export function renderedCheckbox(page: Page, itemText: string): Locator {
  return notebookWebview(page).locator('li', { hasText: itemText }).locator('input[type="checkbox"]').first();
}

export function activeTab(page: Page): Locator {
  return page.locator('.tabs-container .tab.active').first();
}

/** The active editor tab while it has unsaved changes. */
export function dirtyTab(page: Page): Locator {
  return page.locator('.tabs-container .tab.active.dirty').first();
}

/** Opens the Runbooks view container from the activity bar. */
export async function openRunbooksSidebar(page: Page): Promise<void> {
  const item = page.locator('.activitybar .action-item .action-label[aria-label^="Runbook"]').first();
  await item.click();
}

/** The rows of a sidebar view, found by the view's title ("Phases"). */
export function viewRows(page: Page, title: string): Locator {
  return page.locator('.pane', { has: page.locator(`.pane-header[aria-label^="${title}"]`) }).locator('.monaco-list-row');
}

export async function waitForFile(file: string, probe: (text: string) => boolean, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = fs.readFileSync(file, 'utf8');
    if (probe(text)) {
      return text;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${file} did not reach the expected content in ${timeoutMs} ms; it holds:\n${text}`);
}
