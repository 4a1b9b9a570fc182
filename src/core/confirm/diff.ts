/** A small line diff (longest common subsequence) printed as a unified diff, for the now/after texts. */

type Op = { kind: ' ' | '-' | '+'; line: string };

const MAX_LINES = 3000;

function lcsOps(a: string[], b: string[]): Op[] {
  if (a.length * b.length > MAX_LINES * MAX_LINES) {
    return [...a.map((line) => ({ kind: '-' as const, line })), ...b.map((line) => ({ kind: '+' as const, line }))];
  }
  const n = a.length;
  const m = b.length;
  const len: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      len[i][j] = a[i] === b[j] ? len[i + 1][j + 1] + 1 : Math.max(len[i + 1][j], len[i][j + 1]);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i++] });
      j++;
    } else if (i < n && (j >= m || len[i + 1][j] >= len[i][j + 1])) {
      ops.push({ kind: '-', line: a[i++] });
    } else {
      ops.push({ kind: '+', line: b[j++] });
    }
  }
  return ops;
}

function lines(text: string): string[] {
  const l = text.split('\n');
  return l[l.length - 1] === '' ? l.slice(0, -1) : l;
}

/** `--- now` / `+++ after` and hunks with `context` lines around each change; '' when the texts are equal. */
export function unifiedDiff(before: string, after: string, labels: { before: string; after: string }, context = 3): string {
  const ops = lcsOps(lines(before), lines(after));
  const changed = ops.map((o, k) => (o.kind !== ' ' ? k : -1)).filter((k) => k >= 0);
  if (changed.length === 0) {
    return '';
  }
  const out = [`--- ${labels.before}`, `+++ ${labels.after}`];
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, changed[k] - context);
    let end = Math.min(ops.length, changed[k] + context + 1);
    while (k + 1 < changed.length && changed[k + 1] - context <= end) {
      end = Math.min(ops.length, changed[++k] + context + 1);
    }
    k++;
    const before0 = ops.slice(0, start).filter((o) => o.kind !== '+').length;
    const after0 = ops.slice(0, start).filter((o) => o.kind !== '-').length;
    const hunk = ops.slice(start, end);
    const aLen = hunk.filter((o) => o.kind !== '+').length;
    const bLen = hunk.filter((o) => o.kind !== '-').length;
    out.push(`@@ -${before0 + 1},${aLen} +${after0 + 1},${bLen} @@`, ...hunk.map((o) => `${o.kind}${o.line}`));
  }
  return `${out.join('\n')}\n`;
}
