/**
 * How cost grows: runbooks of 10 to 10,000 cells (parse, serialize, outline, record writing, journal restore),
 * and one cell's output from 1 KB to 50 MB (serialize, parse, record writing, journal restore). Each row's ratio
 * is its CPU time over the previous size's: about 10x per 10x size is linear; `npx tsx bench/growth.ts` runs it alone.
 */
import { buildIncidentRecord } from '../src/core/incident/record';
import { parseJournal } from '../src/core/incident/journal';
import { replayEventsDetailed } from '../src/core/incident/replay';
import type { CellOutput } from '../src/core/runbook/model';
import { buildOutline } from '../src/core/runbook/outline';
import { parseRunbook } from '../src/core/runbook/parse';
import { serializeRunbook } from '../src/core/runbook/serialize';
import type { SessionEvent } from '../src/core/session/events';
import { type BenchResult, timeIt } from './result';

const SUITE = 'growth';
const START = '2026-11-29T03:00:00.000Z';

/** A runbook of `cells` cells: a phase heading (markdown) and one step (code) in turn, a checklist every tenth. */
export function cellsRunbook(cells: number): string {
  const parts = ['# Growth runbook\n\n## DR Strategy\n\n- **Primary Region**: af-south-1\n- **DR Region**: eu-west-1\n'];
  for (let i = 1; parts.length < cells; i++) {
    const list = i % 10 === 0 ? `\n- [ ] Checked ${i}\n- [x] Done ${i}\n` : '';
    parts.push(`\n### Phase ${i}: Step ${i} (5 minutes)\n\nVerify service ${i} with *care*.\n${list}`);
    parts.push(`\n\`\`\`bash\naws ecs describe-clusters --clusters prod-${i} --region af-south-1\n\`\`\`\n`);
  }
  return parts.join('');
}

function events(doc: ReturnType<typeof parseRunbook>, output: (i: number) => CellOutput[]): SessionEvent[] {
  const out: SessionEvent[] = [{ type: 'session-start', time: START, sessionId: '00000000-0000-4000-8000-000000000000', runbookPath: 'runbooks/growth.md', operator: 'alice', host: 'oncall' }];
  doc.cells.forEach((c, i) => {
    if (c.kind === 'code') {
      out.push({ type: 'execution', time: START, cellIndex: i, source: c.source, execution: { startTime: START, durationMs: 5, success: true, region: 'af-south-1' }, outputs: output(i) });
    }
  });
  return out;
}

function jsonOutput(bytes: number, seed: number): CellOutput[] {
  const line = `{"clusterName": "prod-${seed}", "status": "ACTIVE", "runningTasksCount": 3}\n`;
  return [{ items: [{ mime: 'application/json', data: line.repeat(Math.max(1, Math.round(bytes / line.length))) }] }];
}

interface Step {
  name: string;
  run: () => void;
}

/** The measures over one input; `runs` lower for big inputs. */
function steps(text: string, output: (i: number) => CellOutput[]): Step[] {
  const doc = parseRunbook(text);
  const evs = events(doc, output);
  const journal = evs.map((e) => JSON.stringify(e)).join('\n') + '\n';
  const executed = replayEventsDetailed(doc, evs).document;
  const saved = serializeRunbook(executed);
  const outline = buildOutline(doc);
  return [
    { name: 'parse (saved, with outputs)', run: () => parseRunbook(saved) },
    { name: 'serialize (outputs written)', run: () => serializeRunbook(executed) },
    { name: 'outline', run: () => buildOutline(doc) },
    { name: 'record writing', run: () => buildIncidentRecord({ document: doc, events: evs, outline, runbookPath: 'runbooks/growth.md', now: START }) },
    { name: 'journal restore', run: () => replayEventsDetailed(parseRunbook(text), parseJournal(journal).events) },
  ];
}

/** A growth row, with its wall-clock growth beside the CPU growth it prints. */
type GrowthRow = BenchResult & { wallRatio?: number };

function sweep(label: (n: number) => string, sizes: number[], make: (n: number) => Step[], runs: (n: number) => number): GrowthRow[] {
  const rows: GrowthRow[] = [];
  const last = new Map<string, { cpuMs: number; ms: number }>();
  for (const n of sizes) {
    for (const s of make(n)) {
      const t = timeIt(s.run, runs(n), Math.min(2, runs(n)));
      const prev = last.get(s.name);
      rows.push({ suite: SUITE, input: label(n), name: s.name, ...t, ratio: prev ? t.cpuMs / prev.cpuMs : undefined, wallRatio: prev ? t.ms / prev.ms : undefined });
      last.set(s.name, { cpuMs: Math.max(t.cpuMs, 0.01), ms: Math.max(t.ms, 0.01) });
    }
  }
  return rows;
}

const CELLS = [10, 100, 1000, 10_000];
const OUTPUT_BYTES = [1 << 10, 10 << 10, 100 << 10, 1 << 20, 10 << 20, 50 << 20];

function size(bytes: number): string {
  return bytes >= 1 << 20 ? `${bytes / (1 << 20)} MB` : `${bytes / (1 << 10)} KB`;
}

/**
 * Rows whose growth per step is well over the step in size (allowing for noise on small inputs), in the process's
 * CPU and in wall-clock time alike: on the first sizes, V8's compiler and collector threads can multiply the CPU of a
 * few milliseconds' work (6.7 ms CPU for 2.5 ms of wall time) without the work growing at all.
 */
export function superLinear(rows: GrowthRow[], factor: (input: string) => number): GrowthRow[] {
  const over = (ratio: number | undefined, input: string): boolean => ratio !== undefined && ratio > factor(input) * 2;
  return rows.filter((r) => r.cpuMs !== undefined && r.cpuMs > 5 && over(r.ratio, r.input) && over(r.wallRatio, r.input));
}

export async function benchGrowth(): Promise<BenchResult[]> {
  const cellRows = sweep((n) => `${n} cells`, CELLS, (n) => steps(cellsRunbook(n), (i) => jsonOutput(300, i)), (n) => (n >= 10_000 ? 3 : 10));
  const oneCell = '# Output\n\n```bash\naws ecs describe-clusters --clusters prod --region af-south-1\n```\n';
  const outputRows = sweep((b) => `1 cell, ${size(b)} output`, OUTPUT_BYTES, (b) => steps(oneCell, (i) => jsonOutput(b, i)), (b) => (b >= 10 << 20 ? 1 : 5));
  const rows = [...cellRows, ...outputRows];
  const bad = superLinear(rows, (input) => (/ MB output/.test(input) && input.startsWith('1 cell, 50') ? 5 : 10));
  console.log(`growth: ratio = CPU time over the previous size (10x more cells or output, 5x from 10 MB to 50 MB); worse than linear means CPU and wall time both over twice the size step; ${bad.length === 0 ? 'nothing grows worse than linearly' : `worse than linear: ${bad.map((r) => `${r.name} at ${r.input} (${r.ratio?.toFixed(1)}x)`).join('; ')}`}`);
  return rows.map(({ wallRatio: _wall, ...r }) => r);
}

if (require.main === module) {
  void benchGrowth().then(async (r) => console.log((await import('./result')).formatResults(r)));
}
