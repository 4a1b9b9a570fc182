import { RunbookError } from '../errors';
import type { Phase, RunbookDocument, RunbookOutline } from '../runbook/model';
import type { CellInput, CellResult, ExecContext } from './context';
import { isRunnableLanguage } from './dispatch';
import type { CellRunner } from './runner';

export interface SectionStep {
  cell: CellInput;
  result: CellResult;
}

/**
 * Runs cells in order and stops at the first failure (or when the signal aborts). `onStart`/`onResult`
 * let the caller show progress; the results of the cells that ran come back in order.
 */
export async function runSection(
  cells: CellInput[],
  ctx: ExecContext,
  runner: CellRunner,
  hooks: { onStart?(cell: CellInput): void; onResult?(step: SectionStep): void } = {},
): Promise<SectionStep[]> {
  const steps: SectionStep[] = [];
  for (const cell of cells) {
    if (ctx.signal?.aborted) {
      break;
    }
    hooks.onStart?.(cell);
    const result = await runner.run(cell, ctx);
    const step = { cell, result };
    steps.push(step);
    hooks.onResult?.(step);
    if (!result.success) {
      break;
    }
  }
  return steps;
}

function norm(s: string): string {
  return s.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** Finds a phase by its 1-based number ("Phase N", else the Nth phase) or its title (exact, else a unique prefix). */
export function findPhase(outline: RunbookOutline, which: string | number): Phase {
  const phases = outline.phases;
  const text = String(which).trim();
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    const named = phases.find((p) => new RegExp(`^(phase|step|stage)\\s+${n}\\b`, 'i').test(p.title.trim()));
    const found = named ?? phases[n - 1];
    if (found) {
      return found;
    }
  } else {
    const exact = phases.filter((p) => norm(p.title) === norm(text));
    const prefix = phases.filter((p) => norm(p.title).startsWith(norm(text)));
    const found = exact.length === 1 ? exact : prefix.length === 1 ? prefix : [];
    if (found.length === 1) {
      return found[0];
    }
  }
  const known = phases.map((p, i) => `${i + 1}. ${p.title}`).join('; ');
  throw new RunbookError('unknownPhase', `No phase '${text}' in this runbook. Phases: ${known || '(none)'}`);
}

/** The indexes of the code cells of a phase (pure). */
export function phaseCells(outline: RunbookOutline, phase: string | number | Phase): number[] {
  const p = typeof phase === 'object' ? phase : findPhase(outline, phase);
  return [...p.cellIndexes];
}

/** The runnable code cells of a document, as CellInputs, for the given indexes (all when omitted). */
export function cellInputs(doc: RunbookDocument, indexes?: number[]): CellInput[] {
  const all = indexes ?? doc.cells.map((_, i) => i);
  return all
    .filter((i) => doc.cells[i]?.kind === 'code' && isRunnableLanguage(doc.cells[i].language))
    .map((i) => ({ source: doc.cells[i].source, language: doc.cells[i].language, index: i }));
}
