/**
 * `runbook check` without AWS: every code cell's own checks (cached by content, so an editor re-checks only
 * the cell being edited), then the document's (structure, DR lint, placeholders with the cells that need them).
 */
import type { RunbookDocument, RunbookOutline } from '../runbook/model';
import { buildOutline } from '../runbook/outline';
import { parseRunbook } from '../runbook/parse';
import type { AwsUse } from './awsCheck';
import { type CellCheck, checkCell, type MissingValue } from './cellChecks';
import { type CellContext, type CheckOptions, knownValues } from './context';
import { documentFindings, recoveryPhases } from './docChecks';
import { type CellFinding, compareFindings, type Finding } from './finding';
import { cellPlacements, locate } from './locate';
import { rule } from './rules';

export interface StaticReport {
  findings: Finding[];
  uses: AwsUse[];
  doc: RunbookDocument;
  outline: RunbookOutline;
  /** Indexes of the cells that hold commands. */
  commandCells: number[];
}

/** Cell results by content: what an open editor keeps between edits. */
export class CellCheckCache {
  private readonly map = new Map<string, Promise<CellCheck>>();

  get(key: string, make: () => Promise<CellCheck>): Promise<CellCheck> {
    let p = this.map.get(key);
    if (!p) {
      p = make();
      this.map.set(key, p);
      if (this.map.size > 5000) {
        this.map.delete(this.map.keys().next().value as string);
      }
    }
    return p;
  }
}

function suggestedRegions(outline: RunbookOutline): Map<number, string> {
  const out = new Map<number, string>();
  const recovery = new Set(recoveryPhases(outline));
  for (const p of outline.phases) {
    const region = recovery.has(p) ? outline.regions.dr : outline.regions.primary;
    if (region) {
      p.cellIndexes.forEach((c) => out.set(c, region));
    }
  }
  return out;
}

function cellKey(ctx: CellContext, closed: boolean, valuesKey: string): string {
  return [ctx.index, closed ? 1 : 0, ctx.suggestedRegion ?? '', valuesKey, ctx.source].join('\u0000');
}

export async function checkDocument(doc: RunbookDocument, options: CheckOptions, cache = new CellCheckCache()): Promise<StaticReport> {
  const outline = buildOutline(doc);
  const values = knownValues(outline, options);
  const regions = suggestedRegions(outline);
  const valuesKey = JSON.stringify([...values, options.defaultRegion ?? '', outline.frontmatter.region ?? '']);
  const cells = new Map<number, CellCheck>();
  for (let index = 0; index < doc.cells.length; index++) {
    const cell = doc.cells[index];
    if (cell.kind !== 'code') {
      continue;
    }
    const ctx: CellContext = { index, source: cell.source, options, outline, values, suggestedRegion: regions.get(index) ?? outline.regions.primary };
    const unclosed = (cell.layout as { close?: string } | undefined)?.close === '';
    cells.set(index, await cache.get(`${cell.language}\u0000${cellKey(ctx, unclosed, valuesKey)}`, () => checkCell(ctx, cell)));
  }
  const placements = cellPlacements(doc);
  const own = [...cells.values()].flatMap((c) => c.findings);
  const all: CellFinding[] = [...own, ...missingFindings([...cells.values()].flatMap((c) => c.missing), placements.map((p) => p.line))];
  all.push(...documentFindings({ doc, outline, cells, lines: placements.map((p) => p.line) }));
  const findings = all.map((f) => locate(options.file, placements, f)).sort(compareFindings);
  const commandCells = [...cells].filter(([, c]) => c.isCommand).map(([i]) => i);
  return { findings, uses: [...cells.values()].flatMap((c) => c.uses), doc, outline, commandCells };
}

function missingFindings(missing: MissingValue[], lines: number[]): CellFinding[] {
  const r = rule('undefined-variable');
  return missing.map((m) => {
    const cells = [...new Set(missing.filter((o) => o.name === m.name).map((o) => lines[o.cell] + o.range.start.line))];
    const message = `${m.shown} has no value (frontmatter, settings or --var); needed on line${cells.length > 1 ? 's' : ''} ${cells.join(', ')}.`;
    return { severity: r.severity, rule: r.id, message, why: r.why, helpUri: r.helpUri, cell: m.cell, range: m.range };
  });
}

export function checkText(text: string, options: CheckOptions, cache?: CellCheckCache): Promise<StaticReport> {
  return checkDocument(parseRunbook(text), options, cache);
}
