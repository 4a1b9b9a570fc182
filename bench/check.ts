/**
 * Diagnostics on an open 1 MB runbook: what one edit costs (the edited cell re-checked, the others from the
 * cache, the document-level rules over everything), against a plain parse of the same runbook in the same run.
 * Also the cold check of the whole runbook without `bash -n` (one child process per shell cell is the rest).
 * `npx tsx bench/check.ts` runs it alone.
 */
import { CellCheckCache, checkDocument } from '../src/core/check/check';
import { parseRunbook } from '../src/core/runbook/parse';
import { generateRunbook } from './parse';
import { type BenchResult, formatResults, timeIt } from './result';

async function timeAsync(fn: (i: number) => Promise<unknown>, runs: number, warmup = 3): Promise<{ ms: number; cpuMs: number }> {
  for (let i = 0; i < warmup; i++) {
    await fn(-1 - i);
  }
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    await fn(i);
    wall.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { ms: median(wall), cpuMs: median(cpu) };
}

export async function benchCheck(): Promise<BenchResult[]> {
  const text = generateRunbook(1024 * 1024);
  const bytes = Buffer.byteLength(text);
  const input = `generated runbook ${(bytes / 1048576).toFixed(2)} MB`;
  // As the editor checks: findings placed by cell (no file lines).
  const options = { file: 'big.md', cwd: __dirname, fileLines: false };
  const doc = parseRunbook(text);
  const code = doc.cells.map((c, i) => (c.kind === 'code' && c.source.includes('aws ecs') ? i : -1)).filter((i) => i >= 0);
  const cache = new CellCheckCache();
  await checkDocument(doc, { ...options, shellSyntax: true }, cache);
  const original = doc.cells[code[0]].source;
  const parse = timeIt(() => parseRunbook(text), 10);
  // Each edit changes one cell to text not seen before (a new cache entry), as typing does.
  const edit = await timeAsync(async (i) => {
    doc.cells[code[0]] = { ...doc.cells[code[0]], source: `${original} --output json${' '.repeat(i + 10)}` };
    await checkDocument(doc, { ...options, shellSyntax: true }, cache);
  }, 20);
  const editNoBash = await timeAsync(async (i) => {
    doc.cells[code[0]] = { ...doc.cells[code[0]], source: `${original} --output text${' '.repeat(i + 10)}` };
    await checkDocument(doc, { ...options, shellSyntax: false }, cache);
  }, 20);
  const cold = await timeAsync(() => checkDocument(parseRunbook(text), { ...options, shellSyntax: false }), 3, 1);
  const rows: [string, { ms: number; cpuMs: number }][] = [
    ['our parse (peer)', parse],
    ['diagnostics per edit (one cell re-checked with bash -n, rest cached)', edit],
    ['diagnostics per edit, in-process part (no bash -n)', editNoBash],
    ['check from cold, no bash -n', cold],
  ];
  return rows.map(([name, t]) => ({ suite: 'check', input, name, ...t, ratio: t.cpuMs / parse.cpuMs, bytes }));
}

if (require.main === module) {
  void benchCheck().then((r) => console.log(formatResults(r)));
}
