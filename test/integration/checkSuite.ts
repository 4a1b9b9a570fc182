/**
 * `runbook check` in the real VS Code: diagnostics on the cells of an open runbook, the quick fix for a
 * misspelled argument applied through the code action provider, the seed runbook's DR-lint diagnostics, and
 * Runbooks: Check Runbook (live, against the seeded moto) with the Region Health readiness line.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { openRunbook, restoreRunbook, revertAll, runbookUri, waitFor } from './helpers';

const TYPO_FILE = 'check-typo.md';
const TYPO = ['# Typo', '', '1. **Read the DR table**', '   ```bash', '   aws dynamodb describe-table --table-nme bbws-tenants --region eu-west-1', '   ```', ''].join('\n');

function checkDiagnostics(nb: vscode.NotebookDocument): { cell: number; d: vscode.Diagnostic }[] {
  return nb.getCells().flatMap((c) => vscode.languages.getDiagnostics(c.document.uri).filter((d) => d.source === 'runbook check').map((d) => ({ cell: c.index, d })));
}

function rule(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

export function defineCheckSuite(): void {
  describe('check: diagnostics, quick fixes, Check Runbook', () => {
    before(() => {
      restoreRunbook();
      fs.writeFileSync(runbookUri(TYPO_FILE).fsPath, TYPO);
    });
    after(async () => {
      await revertAll();
      fs.rmSync(runbookUri(TYPO_FILE).fsPath, { force: true });
    });

    it('shows a misspelled argument on its cell, offers the closest name as a quick fix, and the fix clears it', async () => {
      // Shown, so the cells' text models exist in the workbench (code actions are asked of them there).
      const nb = (await openRunbook(runbookUri(TYPO_FILE))).notebook;
      const [{ cell, d }] = await waitFor('the unknown-argument diagnostic', () => {
        const found = checkDiagnostics(nb).filter((x) => rule(x.d) === 'aws-unknown-argument');
        return found.length > 0 && found;
      });
      const doc = nb.cellAt(cell).document;
      assert.equal(doc.getText(d.range), '--table-nme');
      assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => a.title === 'Change to --table-name');
      assert.ok(fix?.edit, `quick fixes: ${actions.map((a) => a.title).join(', ')}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.match(doc.getText(), /describe-table --table-name bbws-tenants/);
      await waitFor('the diagnostic to clear after the fix', () => checkDiagnostics(nb).length === 0);
    });

    it('the seed runbook shows only the DR-lint warnings it really has (variables from settings)', async () => {
      const nb = (await openRunbook()).notebook;
      const found = await waitFor('the seed diagnostics', () => {
        const ds = checkDiagnostics(nb);
        return ds.length >= 3 && ds;
      });
      assert.deepEqual(found.map((x) => rule(x.d)).sort(), ['dr-control-plane', 'dr-primary-in-recovery', 'dr-rpo-unchecked']);
      assert.ok(found.every((x) => x.d.severity === vscode.DiagnosticSeverity.Warning));
    });

    it('Check Runbook runs the live checks against moto and the Region Health view shows the readiness line', async () => {
      const nb = (await openRunbook()).notebook;
      const findings = await vscode.commands.executeCommand<{ rule: string; severity: string }[]>('runbooks.checkRunbook', nb.uri.toString());
      assert.ok(findings, 'the command resolved to findings');
      const rules = findings.map((f) => f.rule);
      assert.ok(rules.includes('live-identity'), rules.join(', '));
      assert.deepEqual(findings.filter((f) => f.rule.startsWith('live-') && f.severity !== 'info'), []);
      const state = await waitFor('the readiness line', async () => {
        const s = await vscode.commands.executeCommand<{ regionHealth: { label: string; description?: string }[] }>('runbooks.getSidebarState');
        return s.regionHealth.find((n) => n.label.startsWith('Readiness:') && /live/.test(n.description ?? ''));
      });
      assert.equal(state.label, 'Readiness: 3 warning(s)');
    });
  });
}
