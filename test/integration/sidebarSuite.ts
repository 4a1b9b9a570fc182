/** The sidebar's three views and a checklist tick through the runbooks.toggleChecklistItem command. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TickEvent } from '../../src/core/session/events';
import {
  activateExtension,
  cellContaining,
  executeCell,
  openRunbook,
  originalBytes,
  restoreRunbook,
  revertAll,
  revertAndCloseAll,
  runbookUri,
  selectKernel,
  waitFor,
} from './helpers';

const VIEWS = ['runbooks.phases', 'runbooks.checklists', 'runbooks.regionHealth'];
const ITEM = 'Route 53 hosted zone access';

/** Finds a task-list line in the notebook: cell index and 0-based line inside that cell. */
function findItem(doc: vscode.NotebookDocument, text: string): { cellIndex: number; lineInCell: number; line: string } {
  for (const cell of doc.getCells()) {
    const lines = cell.document.getText().split('\n');
    const i = lines.findIndex((l) => l.includes(`] ${text}`));
    if (i >= 0) {
      return { cellIndex: cell.index, lineInCell: i, line: lines[i] };
    }
  }
  assert.fail(`no checklist item ${text}`);
}

interface SidebarState {
  notebookUri?: string;
  phases: TreeNode[];
  checklists: TreeNode[];
  regionHealth: TreeNode[];
}
interface TreeNode {
  label: string;
  description?: string;
  checked?: boolean;
  children?: TreeNode[];
}

/** The tick events of ITEM journaled in `.runbook/` next to the runbook (the session's crash-safe record). */
function journaledTicks(): TickEvent[] {
  const dir = path.join(path.dirname(runbookUri().fsPath), '.runbook');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.startsWith('dr-runbook.') && f.endsWith('.jsonl')) : [];
  return files
    .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n'))
    .filter((l) => l.includes('"tick"'))
    .map((l) => JSON.parse(l) as TickEvent)
    .filter((e) => e.type === 'tick' && e.text === ITEM);
}

function flatten(nodes: TreeNode[]): TreeNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children ?? [])]);
}

/** The three trees' rows as plain JSON, through the sidebar's `runbooks.getSidebarState` command. */
async function sidebarState(): Promise<SidebarState> {
  const state = await vscode.commands.executeCommand<SidebarState>('runbooks.getSidebarState');
  assert.ok(state, 'runbooks.getSidebarState returned nothing');
  return state;
}

function node(nodes: TreeNode[], label: string): TreeNode {
  const found = flatten(nodes).find((n) => n.label.includes(label));
  assert.ok(found, `no row ${label} in ${JSON.stringify(nodes.map((n) => n.label))}`);
  return found;
}

async function toggle(doc: vscode.NotebookDocument, checked: boolean): Promise<void> {
  const item = findItem(doc, ITEM);
  const args = { notebookUri: doc.uri.toString(), cellIndex: item.cellIndex, lineInCell: item.lineInCell, checked };
  await vscode.commands.executeCommand('runbooks.toggleChecklistItem', args);
  await waitFor(`the item to be ${checked ? '' : 'un'}ticked`, () => findItem(doc, ITEM).line.includes(checked ? '- [x] ' : '- [ ] '));
}

export function defineSidebarSuite(): void {
  describe('sidebar: views and checklist ticks', function () {
    this.timeout(60_000);
    before(async () => {
      restoreRunbook();
      await activateExtension();
    });
    after(async () => {
      await revertAll();
      restoreRunbook();
    });

    it('contributes the Phases, Checklists and Region Health views', async () => {
      const commands = new Set(await vscode.commands.getCommands(true));
      for (const view of VIEWS) {
        assert.ok(commands.has(`${view}.focus`), `view ${view} is not contributed`);
      }
      await openRunbook();
      for (const view of VIEWS) {
        await vscode.commands.executeCommand(`${view}.focus`);
      }
    });

    it('lists the four phases with their budgets in the Phases view', async () => {
      const doc = (await openRunbook()).notebook;
      const state = await waitFor('the sidebar to follow the runbook', async () => {
        const s = await sidebarState();
        return s.notebookUri === doc.uri.toString() && s.phases.length > 0 ? s : undefined;
      });
      for (const phase of ['Phase 1: Assessment', 'Phase 2: Data Verification', 'Phase 3: DNS Failover', 'Phase 4: Verification']) {
        node(state.phases, phase);
      }
      assert.match(JSON.stringify(state.phases), /Incident clock/);
    });

    it('lists every task-list item under its heading in the Checklists view', async () => {
      await openRunbook();
      const state = await sidebarState();
      for (const section of ['Prerequisites', 'Prerequisites for Failback', 'Post-Incident']) {
        node(state.checklists, section);
      }
      const items = flatten(state.checklists).filter((n) => n.checked !== undefined);
      assert.equal(items.length, 10);
      assert.ok(items.every((n) => n.checked === false));
    });

    it('marks Phase 1 done once its cell ran', async () => {
      const editor = await openRunbook();
      await selectKernel(editor);
      const cell = await executeCell(cellContaining(editor.notebook, 'aws ecs describe-clusters'));
      assert.equal(cell.executionSummary?.success, true);
      const phase = await waitFor('Phase 1 to read done', async () => {
        const p = node((await sidebarState()).phases, 'Phase 1: Assessment');
        return /^done/.test(p.description ?? '') ? p : undefined;
      });
      assert.match(phase.description ?? '', /^done/);
      await revertAll();
    });

    it('ticks a checklist item through runbooks.toggleChecklistItem, changing that line only', async () => {
      const doc = (await openRunbook()).notebook;
      const item = findItem(doc, ITEM);
      assert.match(item.line, /- \[ \] /);
      const before = doc.getCells().map((c) => c.document.getText());
      const ticksBefore = journaledTicks().length;
      const startedAt = Date.now();
      await toggle(doc, true);
      // Who ticked what and when is in the session's record the moment it happens.
      const tick = await waitFor('the tick in the journal', () => journaledTicks().slice(ticksBefore).find((e) => e.checked));
      assert.deepEqual([tick.cellIndex, tick.lineInCell], [item.cellIndex, item.lineInCell]);
      assert.ok(tick.by.trim() !== '', 'the operator is recorded');
      assert.ok(Date.parse(tick.time) >= startedAt - 1000 && Date.parse(tick.time) <= Date.now(), `tick time ${tick.time}`);
      const after = doc.getCells().map((c) => c.document.getText());
      const changed = after.map((t, i) => (t === before[i] ? -1 : i)).filter((i) => i >= 0);
      assert.deepEqual(changed, [item.cellIndex]);
      assert.equal(node((await sidebarState()).checklists, ITEM).checked, true);
      assert.equal(await doc.save(), true);
      const expected = originalBytes().toString('utf8').replace(`- [ ] ${ITEM}`, `- [x] ${ITEM}`);
      assert.equal(fs.readFileSync(runbookUri().fsPath, 'utf8'), expected);
    });

    it('unticks it again, back to the original bytes', async () => {
      const doc = (await openRunbook()).notebook;
      await toggle(doc, false);
      assert.equal(node((await sidebarState()).checklists, ITEM).checked, false);
      assert.equal(await doc.save(), true);
      assert.deepEqual(fs.readFileSync(runbookUri().fsPath), originalBytes());
    });

    it('shows both regions in the Region Health view after a refresh', async () => {
      await openRunbook();
      await vscode.commands.executeCommand('runbooks.refreshHealth');
      const state = await waitFor('both regions in Region Health', async () => {
        const s = await sidebarState();
        const text = JSON.stringify(s.regionHealth);
        return text.includes('af-south-1') && text.includes('eu-west-1') ? s : undefined;
      });
      assert.ok(flatten(state.regionHealth).length >= 2);
    });
  });
}

/** Runs last: with every editor closed the views empty cleanly. */
export function defineSidebarEmptySuite(): void {
  describe('sidebar: no runbook open', () => {
    it('empties the three views once every notebook is closed', async () => {
      await revertAndCloseAll();
      const state = await waitFor('the sidebar to empty', async () => {
        const s = await sidebarState();
        return s.notebookUri === undefined && s.phases.length === 0 && s.checklists.length === 0 ? s : undefined;
      });
      assert.equal(state.notebookUri, undefined);
    });
  });
}

/** Untrusted workspace: its settings name the endpoints, profile and DNS servers, so Region Health sends nothing. */
export function defineSidebarUntrustedSuite(): void {
  describe('sidebar: untrusted workspace', () => {
    it('Region Health sends no AWS call, on refresh either, and says why', async () => {
      assert.equal(vscode.workspace.isTrusted, false);
      const doc = (await openRunbook()).notebook;
      await vscode.commands.executeCommand('runbooks.refreshHealth');
      const state = await waitFor('the sidebar to follow the runbook', async () => {
        const s = await vscode.commands.executeCommand<SidebarState & { health: { report?: unknown; refreshing: boolean } }>('runbooks.getSidebarState');
        return s?.notebookUri === doc.uri.toString() ? s : undefined;
      });
      assert.equal(state.health.report, undefined, 'a health report was made');
      assert.equal(state.health.refreshing, false);
      assert.deepEqual(state.regionHealth.map((n) => n.label), ['Region Health does not run in an untrusted workspace: trust it to check the regions.']);
      // The other views still show the runbook.
      node(state.phases, 'Phase 1: Assessment');
    });
  });
}
