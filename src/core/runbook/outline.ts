/**
 * RunbookDocument -> RunbookOutline: title, regions and RTO/RPO (frontmatter, else the "DR Strategy" list), phases
 * (headings with a time budget) with their code cells, task-list checklists with document lines, the Failover Decision
 * Matrix and frontmatter variables. Pure: callers (the sidebar, `runbook outline --record`) extend the result.
 */
import { parseFrontmatter } from './frontmatter';
import { asDocLayout } from './layout';
import type { Checklist, RunbookDocument, RunbookOutline } from './model';
import { headingBudget, keyValue, parseDuration, plainText, regionIn } from './outlineText';
import { type BlockToken as Token, blockParser } from './parse';
import { serializeParts } from './serialize';

interface Heading {
  title: string;
  level: number;
  cell: number;
  line: number;
}

interface Walk {
  outline: RunbookOutline;
  headings: Heading[];
  facts: Map<string, string>;
  /** How many headings had been seen when the last checklist was opened. */
  listAt: number;
}

function lineBreaks(text: string): number {
  const m = text.match(/\r\n?|\n/g);
  return m ? m.length : 0;
}

/** 1-based document line where each cell's source starts. */
export function cellStartLines(doc: RunbookDocument): number[] {
  const parts = serializeParts(doc);
  let line = 1 + lineBreaks(parts.head);
  return parts.cells.map((text, i) => {
    const start = line + lineBreaks(text.slice(0, parts.separators[i]));
    line += lineBreaks(text);
    return start;
  });
}

export function buildOutline(doc: RunbookDocument): RunbookOutline {
  const fm = parseFrontmatter(asDocLayout(doc.layout)?.frontmatter).data;
  const walk: Walk = {
    outline: { title: undefined, regions: {}, rto: undefined, rpo: undefined, phases: [], checklists: [], decisionMatrix: [], variables: {}, frontmatter: {} },
    headings: [],
    facts: new Map(),
    listAt: -1,
  };
  const starts = cellStartLines(doc);
  doc.cells.forEach((cell, i) => {
    if (cell.kind === 'markup') {
      walkMarkup(walk, blockParser().parse(cell.source, {}), i, starts[i]);
    }
  });
  phases(walk, doc);
  applyFacts(walk);
  applyFrontmatter(walk.outline, fm);
  return walk.outline;
}

function section(walk: Walk): Heading | undefined {
  return walk.headings[walk.headings.length - 1];
}

function walkMarkup(walk: Walk, tokens: Token[], cell: number, startLine: number): void {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'heading_open') {
      const title = plainText(tokens[i + 1]?.content ?? '');
      const level = Number(t.tag.slice(1));
      walk.headings.push({ title, level, cell, line: startLine + (t.map?.[0] ?? 0) });
      if (level === 1 && walk.outline.title === undefined) {
        walk.outline.title = title;
      }
    } else if (t.type === 'list_item_open' && tokens[i + 1]?.type === 'paragraph_open') {
      listItem(walk, tokens[i + 2], cell, startLine);
    } else if (t.type === 'table_open') {
      i = table(walk, tokens, i);
    }
  }
}

function listItem(walk: Walk, inline: Token | undefined, cell: number, startLine: number): void {
  if (!inline?.map) {
    return;
  }
  const first = inline.content.split('\n')[0];
  const task = /^\[([ xX])\][ \t]+(.*)$/.exec(first);
  if (task) {
    const title = section(walk)?.title ?? '';
    const lists = walk.outline.checklists;
    let list: Checklist | undefined = lists[lists.length - 1];
    if (!list || walk.headings.length !== walk.listAt) {
      list = { section: title, items: [] };
      walk.listAt = walk.headings.length;
      lists.push(list);
    }
    const lineInCell = inline.map[0];
    list.items.push({ text: plainText(task[2]), checked: task[1] !== ' ', line: startLine + lineInCell, cellIndex: cell, lineInCell });
    return;
  }
  const kv = keyValue(first);
  if (!kv) {
    return;
  }
  // "**Primary Region**: af-south-1" under "DR Strategy" wins over the same key anywhere else.
  const key = /strategy/i.test(section(walk)?.title ?? '') ? `strategy:${kv[0]}` : kv[0];
  if (!walk.facts.has(key)) {
    walk.facts.set(key, kv[1]);
  }
}

/** Reads a table's body rows; returns the index of its table_close. */
function table(walk: Walk, tokens: Token[], open: number): number {
  const matrix = /decision matrix/i.test(section(walk)?.title ?? '');
  let row: string[] = [];
  let inBody = false;
  let i = open + 1;
  for (; i < tokens.length && tokens[i].type !== 'table_close'; i++) {
    const t = tokens[i];
    if (t.type === 'tbody_open') {
      inBody = true;
    } else if (t.type === 'tr_open') {
      row = [];
    } else if (t.type === 'inline') {
      row.push(plainText(t.content));
    } else if (t.type === 'tr_close' && inBody && matrix && row.length >= 2) {
      walk.outline.decisionMatrix.push({ scenario: row[0], action: row[1] });
    }
  }
  return i;
}

function phases(walk: Walk, doc: RunbookDocument): void {
  walk.headings.forEach((h, k) => {
    const budget = headingBudget(h.title);
    if (budget === undefined) {
      return;
    }
    const next = walk.headings.slice(k + 1).find((o) => o.level <= h.level);
    const end = next ? next.cell : doc.cells.length;
    const cellIndexes: number[] = [];
    for (let c = h.cell + 1; c < end; c++) {
      if (doc.cells[c].kind === 'code') {
        cellIndexes.push(c);
      }
    }
    walk.outline.phases.push({ title: h.title, level: h.level, budgetMinutes: budget, headingCell: h.cell, cellIndexes, line: h.line });
  });
}

function fact(walk: Walk, ...keys: string[]): string | undefined {
  for (const scope of ['strategy:', '']) {
    for (const [k, v] of walk.facts) {
      if (keys.some((key) => k === scope + key || k.startsWith(scope + key))) {
        return v;
      }
    }
  }
  return undefined;
}

function applyFacts(walk: Walk): void {
  const o = walk.outline;
  const primary = fact(walk, 'primary region', 'primary');
  const dr = fact(walk, 'dr region', 'secondary region', 'failover region', 'recovery region');
  o.regions = { ...(primary && regionIn(primary) ? { primary: regionIn(primary) } : {}), ...(dr && regionIn(dr) ? { dr: regionIn(dr) } : {}) };
  const rto = parseDuration(fact(walk, 'rto'));
  const rpo = parseDuration(fact(walk, 'rpo'));
  if (rto) {
    o.rto = rto;
  }
  if (rpo) {
    o.rpo = rpo;
  }
}

function applyFrontmatter(o: RunbookOutline, fm: Record<string, unknown>): void {
  const vars = fm.variables ?? fm.vars;
  if (vars && typeof vars === 'object' && !Array.isArray(vars)) {
    for (const [k, v] of Object.entries(vars)) {
      o.variables[k] = typeof v === 'string' ? v : JSON.stringify(v);
    }
  }
  const rest = Object.entries(fm).filter(([k]) => k !== 'variables' && k !== 'vars');
  o.frontmatter = Object.fromEntries(rest);
  const regions = (typeof fm.regions === 'object' && fm.regions !== null ? fm.regions : {}) as Record<string, unknown>;
  const primary = regions.primary ?? fm.primaryRegion ?? fm.primary_region;
  const dr = regions.dr ?? fm.drRegion ?? fm.dr_region;
  if (typeof primary === 'string') {
    o.regions.primary = primary;
  }
  if (typeof dr === 'string') {
    o.regions.dr = dr;
  }
  const rto = parseDuration(fm.rto);
  const rpo = parseDuration(fm.rpo);
  o.rto = rto ?? o.rto;
  o.rpo = rpo ?? o.rpo;
  if (typeof fm.title === 'string') {
    o.title = fm.title;
  }
}
