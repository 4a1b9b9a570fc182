/**
 * Reopening while an execution runs reattaches: Run on Step Functions from the command palette, then the
 * browser page is reloaded (a new workbench, a new extension host) and the Step Functions view follows the
 * same execution again, from the ARN kept in workspaceState. The execution is stopped at the end.
 */
import * as assert from 'node:assert/strict';
import { ListExecutionsCommand, ListStateMachinesCommand, SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import type { Page } from 'playwright-core';
import { e2e } from './hooks';
import { notebookEditor, openFromExplorer, openWorkbench, screenshot, viewRows } from './workbench';

function sfn(): SFNClient {
  return new SFNClient({ region: 'eu-west-1', endpoint: e2e().seeded.endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
}

async function runningExecutions(): Promise<string[]> {
  const c = sfn();
  try {
    const machines = await c.send(new ListStateMachinesCommand({}));
    const arns: string[] = [];
    for (const m of machines.stateMachines ?? []) {
      const ex = await c.send(new ListExecutionsCommand({ stateMachineArn: m.stateMachineArn, statusFilter: 'RUNNING' }));
      arns.push(...(ex.executions ?? []).map((e) => e.executionArn ?? ''));
    }
    return arns;
  } finally {
    c.destroy();
  }
}

/** Shows the Step Functions view through its "Focus on … View" command (the activity bar icon toggles). */
async function showEngineView(page: Page): Promise<void> {
  await page.keyboard.press('F1');
  await page.keyboard.type('Focus on Step Functions View');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Focus on Step Functions View' }).first().click();
}

/** The Step Functions view's execution row: "Step Functions: STATUS" with the execution's name. */
async function executionRow(page: Page, name?: string): Promise<string> {
  const row = viewRows(page, 'Step Functions').filter({ hasText: name ?? 'Step Functions: RUNNING' }).first();
  await row.waitFor({ timeout: 60_000 });
  return (await row.innerText()).replace(/\s+/g, ' ');
}

describe('e2e: a reloaded window reattaches to the running execution', () => {
  let started: string[] = [];
  after(async () => {
    const c = sfn();
    try {
      for (const arn of started) {
        await c.send(new StopExecutionCommand({ executionArn: arn, error: 'TestDone' })).catch(() => undefined);
      }
    } finally {
      c.destroy();
    }
  });

  it('runs on Step Functions, reloads the page, and the view follows the same execution', async () => {
    const { page } = e2e().browser;
    await openWorkbench(page, e2e().server.workbenchUrl());
    await openFromExplorer(page, 'runbooks', 'dr-runbook.md');
    const before = await runningExecutions();
    // The first command after the workbench loads can race the extension host's view of the active notebook
    // ("Open a runbook notebook first."): as a person would, try the palette again if nothing started.
    for (let attempt = 1; started.length === 0; attempt++) {
      await notebookEditor(page).click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('F1');
      await page.keyboard.type('Runbooks: Run on Step Functions');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Runbooks: Run on Step Functions' }).first().click();
      for (let i = 0; i < 30 && started.length === 0; i++) {
        await page.waitForTimeout(500);
        started = (await runningExecutions()).filter((a) => !before.includes(a));
      }
      assert.ok(started.length > 0 || attempt < 3, 'no execution started after three tries');
    }
    await showEngineView(page);
    const first = await executionRow(page);
    assert.equal(started.length, 1, `one new execution: ${JSON.stringify(started)}`);
    const name = started[0].split(':').pop() ?? '';
    assert.ok(first.includes(name), `the view shows ${name}: ${first}`);
    await screenshot(page, 'e2e-reattach-1-before-reload');

    await page.reload();
    await notebookEditor(page).waitFor({ timeout: 60_000 });
    await showEngineView(page);
    const again = await executionRow(page, name);
    assert.match(again, /Step Functions: RUNNING/, again);
    await viewRows(page, 'Step Functions').filter({ hasText: 'Approve Prerequisites' }).first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'e2e-reattach-2-after-reload');
  });
});
