/** One measured row of a bench run; every bench module returns a list of these. */
export interface BenchResult {
  suite: string;
  input: string;
  /** What was measured ("markdown-it parse", "our parse+serialize"...). */
  name: string;
  /** Median wall-clock milliseconds of one run over the input. */
  ms: number;
  /** Median CPU milliseconds (user + system) of one run: steadier than wall time on a busy machine. */
  cpuMs?: number;
  /** ms divided by the suite's baseline on the same input, when there is one. */
  ratio?: number;
  bytes?: number;
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median wall and CPU time of `fn` over `runs` runs, after `warmup` unmeasured ones. */
export function timeIt(fn: () => void, runs: number, warmup = Math.min(5, runs)): { ms: number; cpuMs: number } {
  for (let i = 0; i < warmup; i++) {
    fn();
  }
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    fn();
    wall.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { ms: median(wall), cpuMs: median(cpu) };
}

export function formatResults(results: BenchResult[]): string {
  const rows = results.map((r) => [r.suite, r.input, r.name, r.ms.toFixed(2), r.cpuMs === undefined ? '' : r.cpuMs.toFixed(2), r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}x`]);
  const head = ['suite', 'input', 'measure', 'wall ms', 'cpu ms', 'ratio'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
