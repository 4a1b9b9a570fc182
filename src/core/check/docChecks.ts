/**
 * Checks of the runbook as a whole, over the outline and what the cells call: phases and budgets against the
 * RTO, confirmation before a change, the DR Strategy's regions, and the DR lint (recovery steps that need the
 * primary or a control plane, reads of the DR copy with no lag check, changes nobody verifies).
 */
import { headingBudget, plainText } from '../runbook/outlineText';
import type { Phase, RunbookDocument, RunbookOutline } from '../runbook/model';
import { blockParser } from '../runbook/parse';
import type { AwsUse } from './awsCheck';
import type { CellCheck } from './cellChecks';
import { type CellFinding, type CellRange, rangeOf } from './finding';
import { rule } from './rules';

export interface DocInput {
  doc: RunbookDocument;
  outline: RunbookOutline;
  /** Per cell index (code cells only). */
  cells: Map<number, CellCheck>;
  /** Every heading of the markup cells (headingsOf). */
  headings: Heading[];
}

export interface Heading {
  cell: number;
  /** 0-based line in the cell. */
  line: number;
  title: string;
}

function make(id: string, cell: number, range: CellRange, message: string): CellFinding {
  const r = rule(id);
  return { severity: r.severity, rule: id, message, why: r.why, helpUri: r.helpUri, cell, range };
}

function wordRange(doc: RunbookDocument, use: AwsUse, word = use.opWord): CellRange {
  return rangeOf(doc.cells[use.cell].source, word.start, word.end);
}

function lineRange(source: string, line: number): CellRange {
  const text = source.split('\n')[line] ?? '';
  return { start: { line, character: 0 }, end: { line, character: text.length } };
}

/** Phases after the Assessment phase (or after the first phase when none is called that). */
export function recoveryPhases(outline: RunbookOutline): Phase[] {
  const at = outline.phases.findIndex((p) => /assess/i.test(p.title));
  return outline.phases.slice((at < 0 ? 0 : at) + 1);
}

export function headingsOf(doc: RunbookDocument): Heading[] {
  const out: Heading[] = [];
  doc.cells.forEach((cell, i) => {
    if (cell.kind !== 'markup' || !cell.source.includes('#')) {
      return;
    }
    const tokens = blockParser().parse(cell.source, {});
    tokens.forEach((t, k) => {
      if (t.type === 'heading_open' && t.map) {
        out.push({ cell: i, line: t.map[0], title: plainText(tokens[k + 1]?.content ?? '') });
      }
    });
  });
  return out;
}

function structure(input: DocInput, uses: AwsUse[], out: CellFinding[]): void {
  const { doc, outline } = input;
  for (const h of input.headings) {
    if (/^(phase|stage|step)\s*\d+\b/i.test(h.title) && headingBudget(h.title) === undefined) {
      out.push(make('phase-no-budget', h.cell, lineRange(doc.cells[h.cell].source, h.line), `"${h.title}" has no time budget (e.g. "(15 minutes)").`));
    }
  }
  let total = 0;
  for (const p of outline.phases) {
    const before = total;
    total += p.budgetMinutes ?? 0;
    if (outline.rto && before <= outline.rto.minutes && total > outline.rto.minutes) {
      const msg = `Phase budgets reach ${total} minutes here, over the RTO of ${outline.rto.text} (${outline.rto.minutes} minutes).`;
      const h = input.headings.find((x) => x.cell === p.headingCell && x.title === p.title);
      out.push(make('budget-over-rto', p.headingCell, lineRange(doc.cells[p.headingCell].source, h?.line ?? 0), msg));
    }
  }
  const firstItem = Math.min(...outline.checklists.flatMap((c) => c.items.map((i) => i.cellIndex)));
  for (const use of uses.filter((u) => !u.readOnly && !(u.cell > firstItem))) {
    out.push(make('change-without-confirmation', use.cell, wordRange(doc, use), `aws ${use.service} ${use.operation} changes AWS, and no checklist comes before it.`));
  }
  regions(input, uses, out);
}

function regions(input: DocInput, uses: AwsUse[], out: CellFinding[]): void {
  const { primary, dr } = input.outline.regions;
  if (!primary || !dr) {
    return;
  }
  for (const use of uses) {
    if (use.region && use.regionWord && use.region !== primary && use.region !== dr) {
      out.push(make('region-not-in-strategy', use.cell, wordRange(input.doc, use, use.regionWord), `${use.region} is neither the primary (${primary}) nor the DR region (${dr}) of the DR Strategy.`));
    }
  }
  if (uses.length > 0 && !uses.some((u) => u.region === dr)) {
    const at = input.doc.cells.findIndex((c) => c.kind === 'markup' && c.source.includes(dr));
    const source = input.doc.cells[at]?.source ?? '';
    const offset = source.indexOf(dr);
    out.push(make('strategy-region-unused', Math.max(0, at), rangeOf(source, Math.max(0, offset), Math.max(0, offset) + dr.length), `No cell calls the DR region ${dr}.`));
  }
}

const DATA_SERVICES = new Set(['dynamodb', 's3api', 'rds']);

function drLint(input: DocInput, uses: AwsUse[], out: CellFinding[]): void {
  const { doc, outline } = input;
  const recovery = new Set(recoveryPhases(outline).flatMap((p) => p.cellIndexes));
  for (const use of uses.filter((u) => recovery.has(u.cell))) {
    if (outline.regions.primary && use.region === outline.regions.primary && use.regionWord) {
      out.push(make('dr-primary-in-recovery', use.cell, wordRange(doc, use, use.regionWord), `aws ${use.service} ${use.operation} calls the primary region ${use.region} during recovery; read what you need from ${outline.regions.dr ?? 'the DR region'} instead, or move the step into Assessment.`));
    }
    if (use.service === 'route53' && !use.readOnly) {
      out.push(make('dr-control-plane', use.cell, wordRange(doc, use), `aws route53 ${use.operation} is a Route 53 control-plane call (served from us-east-1): fail over with health checks or Route 53 ARC routing controls instead, and keep this step as the fallback.`));
    }
  }
  const lagChecked = [...input.cells.values()].some((c) => c.checksLag);
  if (!lagChecked && outline.regions.dr) {
    for (const use of uses.filter((u) => u.readOnly && DATA_SERVICES.has(u.service) && u.region === outline.regions.dr)) {
      out.push(make('dr-rpo-unchecked', use.cell, wordRange(doc, use), `Reads the DR copy in ${use.region}, but no step checks how far it lags (e.g. CloudWatch ReplicationLatency) against the RPO${outline.rpo ? ` of ${outline.rpo.text}` : ''}.`));
    }
  }
  for (const use of uses.filter((u) => !u.readOnly)) {
    const verified = [...input.cells].some(([i, c]) => (i > use.cell && c.verifies) || (i === use.cell && c.uses.some((u) => u.readOnly && u.start > use.start)));
    if (!verified) {
      out.push(make('dr-change-unverified', use.cell, wordRange(doc, use), `Nothing after aws ${use.service} ${use.operation} checks that the change took (a describe, a dig).`));
    }
  }
}

export function documentFindings(input: DocInput): CellFinding[] {
  const uses = [...input.cells.values()].flatMap((c) => c.uses);
  const out: CellFinding[] = [];
  structure(input, uses, out);
  drLint(input, uses, out);
  return out;
}
