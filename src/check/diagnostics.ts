/**
 * `runbook check` findings as diagnostics on the notebook's cells (squiggles, Problems view). Re-checked as a
 * cell is edited (debounced per notebook); cells are cached by content, so an edit re-checks only that cell.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from '../constants';
import { CellCheckCache, checkDocument, type StaticReport } from '../core/check/check';
import type { CellRange, Finding, Fix } from '../core/check/finding';
import type { ExtensionDeps } from '../deps';
import { documentOf } from '../notebookDocument';
import { isRunbookNotebook } from '../sessions';

const DEBOUNCE_MS = 300;

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function toRange(r: CellRange): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** A diagnostic's quick fix, kept beside it (diagnostics carry no data of their own). */
export const FIXES = new WeakMap<vscode.Diagnostic, Fix>();

function toDiagnostic(f: Finding): vscode.Diagnostic {
  const range = f.range ? toRange(f.range) : new vscode.Range(0, 0, 0, 0);
  const d = new vscode.Diagnostic(range, f.why ? `${f.message}\n${f.why}` : f.message, SEVERITY[f.severity]);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = f.helpUri ? { value: f.rule, target: vscode.Uri.parse(f.helpUri) } : f.rule;
  if (f.fix) {
    FIXES.set(d, f.fix);
  }
  return d;
}

export class RunbookDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly caches = new Map<string, CellCheckCache>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly shown = new Map<string, vscode.Uri[]>();
  private readonly subscriptions: vscode.Disposable[] = [this.collection];

  constructor(private readonly deps: ExtensionDeps) {
    vscode.workspace.onDidOpenNotebookDocument((nb) => this.schedule(nb, 0), this, this.subscriptions);
    vscode.workspace.onDidChangeNotebookDocument((e) => this.schedule(e.notebook, DEBOUNCE_MS), this, this.subscriptions);
    vscode.workspace.onDidCloseNotebookDocument((nb) => this.clear(nb), this, this.subscriptions);
    vscode.workspace.notebookDocuments.forEach((nb) => this.schedule(nb, 0));
  }

  /** The static report of a notebook as it is now (cached cells), without showing it. */
  async check(nb: vscode.NotebookDocument): Promise<StaticReport> {
    const key = nb.uri.toString();
    let cache = this.caches.get(key);
    if (!cache) {
      cache = new CellCheckCache();
      this.caches.set(key, cache);
    }
    const settings = this.deps.settings();
    const file = nb.uri.scheme === 'file' ? nb.uri.fsPath : nb.uri.path;
    return checkDocument(documentOf(nb, { outputs: false }), {
      file,
      cwd: path.dirname(file),
      variables: settings.variables,
      defaultRegion: settings.aws.defaultRegion || undefined,
      // bash -n only parses, but an untrusted workspace runs no process at all.
      shellSyntax: vscode.workspace.isTrusted,
      fileLines: false,
    }, cache);
  }

  /** Shows findings on the notebook's cells (a finding with no cell goes on the notebook itself). */
  show(nb: vscode.NotebookDocument, findings: readonly Finding[], live: boolean): void {
    const byUri = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
    for (const f of findings) {
      const uri = f.cell !== undefined && f.cell < nb.cellCount ? nb.cellAt(f.cell).document.uri : nb.uri;
      const entry = byUri.get(uri.toString()) ?? { uri, diagnostics: [] };
      entry.diagnostics.push(toDiagnostic(f));
      byUri.set(uri.toString(), entry);
    }
    this.shown.get(nb.uri.toString())?.forEach((u) => this.collection.delete(u));
    byUri.forEach((e) => this.collection.set(e.uri, e.diagnostics));
    this.shown.set(nb.uri.toString(), [...byUri.values()].map((e) => e.uri));
    const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
    this.deps.readiness.set(nb.uri, { errors: count('error'), warnings: count('warning'), notes: count('info'), live, time: new Date().toISOString() });
  }

  dispose(): void {
    this.timers.forEach((t) => clearTimeout(t));
    vscode.Disposable.from(...this.subscriptions).dispose();
  }

  private schedule(nb: vscode.NotebookDocument, delay: number): void {
    if (!isRunbookNotebook(nb)) {
      return;
    }
    const key = nb.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.check(nb).then(
        (r) => !nb.isClosed && this.show(nb, r.findings, false),
        (e: unknown) => this.deps.log.warn(`check: ${nb.uri.fsPath}: ${e instanceof Error ? e.message : String(e)}`),
      );
    }, delay));
  }

  private clear(nb: vscode.NotebookDocument): void {
    const key = nb.uri.toString();
    clearTimeout(this.timers.get(key));
    this.shown.get(key)?.forEach((u) => this.collection.delete(u));
    this.shown.delete(key);
    this.caches.delete(key);
    this.deps.readiness.set(nb.uri, undefined);
  }
}
