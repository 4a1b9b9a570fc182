/**
 * `runbook check` without AWS: every code cell's own checks (cached by content, so an editor re-checks only
 * the cell being edited), then the document's (structure, DR lint, placeholders with the cells that need them).
 */
import { asDocLayout } from '../runbook/layout';
import type { RunbookDocument, RunbookOutline } from '../runbook/model';
import { buildOutline } from '../runbook/outline';
import { parseRunbook } from '../runbook/parse';
import type { AwsUse } from './awsCheck';
import { type CellCheck, checkCell, type MissingValue } from './cellChecks';
import { type CellContext, type CheckOptions, knownValues } from './context';
import { documentFindings, type Heading, headingsOf, recoveryPhases } from './docChecks';
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

/** The markdown side of a document: what an edit of a code cell leaves as it was. */
interface MarkupMemo {
  kinds: string;
  markup: string[];
  frontmatter: string;
  outline: RunbookOutline;
  headings: Heading[];
}

/**
 * Cell results by content, and the outline while only code cells change: what an open editor keeps between
 * edits, so an edit costs the edited cell's checks, not a parse of the whole runbook.
 */
export class CellCheckCache {
  private readonly map = new Map<string, Map<string, Promise<CellCheck>>>();
  private size = 0;
  private memo: MarkupMemo | undefined;

  /** The outline and headings, parsed again only when a markup cell, the cell kinds or the frontmatter changed. */
  markup(doc: RunbookDocument): { outline: RunbookOutline; headings: Heading[] } {
    const kinds = doc.cells.map((c) => (c.kind === 'code' ? 'c' : 'm')).join('');
    const markup = doc.cells.filter((c) => c.kind === 'markup').map((c) => c.source);
    const frontmatter = asDocLayout(doc.layout)?.frontmatter?.raw ?? '';
    const m = this.memo;
    if (m && m.kinds === kinds && m.frontmatter === frontmatter && m.markup.length === markup.length && m.markup.every((s, i) => s === markup[i])) {
      return m;
    }
    this.memo = { kinds, markup, frontmatter, outline: buildOutline(doc), headings: headingsOf(doc) };
    return this.memo;
  }

  /** The result for a cell's source and everything else it depends on (`key`), made once. */
  get(source: string, key: string, make: () => Promise<CellCheck>): Promise<CellCheck> {
    let bySource = this.map.get(source);
    if (!bySource) {
      if (this.size > 20_000) {
        this.map.clear();
        this.size = 0;
      }
      bySource = new Map();
      this.map.set(source, bySource);
    }
    let p = bySource.get(key);
    if (!p) {
      p = make();
      bySource.set(key, p);
      this.size++;
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

function cellKey(ctx: CellContext, language: string, unclosed: boolean, valuesKey: string): string {
  return `${ctx.index}\u0000${language}\u0000${unclosed ? 1 : 0}\u0000${ctx.suggestedRegion ?? ''}\u0000${valuesKey}`;
}

export async function checkDocument(doc: RunbookDocument, options: CheckOptions, cache = new CellCheckCache()): Promise<StaticReport> {
  const { outline, headings } = cache.markup(doc);
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
    cells.set(index, await cache.get(cell.source, cellKey(ctx, cell.language, unclosed, valuesKey), () => checkCell(ctx, cell)));
  }
  // An editor places findings by cell: the file's lines (a serialization of the whole document) are not needed.
  const placements = options.fileLines === false ? undefined : cellPlacements(doc);
  const own = [...cells.values()].flatMap((c) => c.findings);
  const all: CellFinding[] = [...own, ...missingFindings([...cells.values()].flatMap((c) => c.missing), placements?.map((p) => p.line))];
  all.push(...documentFindings({ doc, outline, cells, headings }));
  const findings = all.map((f) => locate(options.file, placements, f)).sort(compareFindings);
  const commandCells = [...cells].filter(([, c]) => c.isCommand).map(([i]) => i);
  return { findings, uses: [...cells.values()].flatMap((c) => c.uses), doc, outline, commandCells };
}

function missingFindings(missing: MissingValue[], lines: number[] | undefined): CellFinding[] {
  const r = rule('undefined-variable');
  return missing.map((m) => {
    const same = missing.filter((o) => o.name === m.name);
    const cells = new Set(same.map((o) => o.cell)).size;
    const where = lines ? ` (line${same.length > 1 ? 's' : ''} ${[...new Set(same.map((o) => lines[o.cell] + o.range.start.line))].join(', ')})` : '';
    const message = `${m.shown} has no value (frontmatter, settings or --var); needed in ${cells} cell${cells > 1 ? 's' : ''}${where}.`;
    return { severity: r.severity, rule: r.id, message, why: r.why, helpUri: r.helpUri, cell: m.cell, range: m.range };
  });
}

export function checkText(text: string, options: CheckOptions, cache?: CellCheckCache): Promise<StaticReport> {
  return checkDocument(parseRunbook(text), options, cache);
}
