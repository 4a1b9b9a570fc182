/**
 * The persisted output block (docs/format.md): written right after a code cell, read back as that cell's outputs.
 *
 *   <!-- runbook:output {"v":1,"execution":{...},"outputs":[[{"mime":"..."}]]} -->
 *   <details><summary>Output: exit 0, 1.2 s, 2026-11-29T03:12:45.120Z, alice@host</summary>
 *
 *   ````text
 *   ...data, verbatim...
 *   ````
 *
 *   </details>
 *   <!-- /runbook:output -->
 *
 * Every line carries the code cell's prefix (list indentation). The JSON escapes `<` and `>`, so `-->` never appears in it;
 * each fence is longer than any backtick run in its data, so no output text can close it.
 */
import { fromControlPictures, needsControlPictures, toControlPictures } from './controlChars';
import { longestBacktickRun } from './fence';
import type { LineIndex } from './lines';
import { type CellOutput, type ExecutionSummary, MIME } from './model';
import { persistedOutputs } from './persisted';

export const OUTPUT_OPEN = '<!-- runbook:output ';
export const OUTPUT_CLOSE = '<!-- /runbook:output -->';

interface ItemHeader {
  mime: string;
  /** false when the data does not end with a line break. */
  eol?: false;
  /** 1 when control characters are written as control pictures (controlChars.ts). */
  ctl?: 1;
}

interface BlockHeader {
  v: 1;
  execution?: ExecutionSummary;
  outputs: ItemHeader[][];
}

const FENCE_LANGUAGE: Record<string, string> = {
  [MIME.json]: 'json',
  [MIME.error]: 'json',
  [MIME.markdown]: 'markdown',
  [MIME.awsYaml]: 'yaml',
};

/** A stable key of a cell's outputs and execution: equal keys mean nothing to rewrite. */
export function outputsKey(outputs: readonly CellOutput[], execution: ExecutionSummary | undefined): string {
  return outputs.length === 0 && !execution ? '' : JSON.stringify({ o: persistedOutputs(outputs), e: execution ?? null });
}

function blankOr(prefix: string, line: string): string {
  return line === '' ? prefix.trimEnd() : prefix + line;
}

function escapeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e');
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function summaryText(execution: ExecutionSummary | undefined, outputs: readonly CellOutput[]): string {
  if (!execution) {
    return `Output (${outputs.length})`;
  }
  const parts = [execution.success ? 'succeeded' : 'failed'];
  if (execution.exitCode !== undefined) {
    parts.push(`exit ${execution.exitCode}`);
  }
  parts.push(`${(execution.durationMs / 1000).toFixed(1)} s`, execution.startTime);
  const who = [execution.ranBy, execution.host].filter(Boolean).join('@');
  if (who) {
    parts.push(who);
  }
  if (execution.region) {
    parts.push(execution.region);
  }
  return `Output: ${parts.join(', ')}`.replace(/[\r\n]+/g, ' ');
}

/**
 * The block as text, each line ended by `eol` and carrying `prefix` (a blank line carries it without its trailing
 * blanks). An item's data keeps its own line breaks (each of its lines prefixed), so a CRLF document does not change
 * the output text.
 *
 * Loops and concatenation: the parser writes every block it reads once to prove the compact layout gives it back,
 * on open, before V8 has optimized anything; entries() with destructuring, spreads and arrays of lines cost more there.
 */
export function writeOutputBlock(all: readonly CellOutput[], execution: ExecutionSummary | undefined, prefix: string, eol: string): string {
  const outputs = persistedOutputs(all);
  const blank = prefix.trimEnd();
  const headers: ItemHeader[][] = [];
  let items = '';
  for (const output of outputs) {
    const row: ItemHeader[] = [];
    for (const item of output.items) {
      // Each item's data is scanned for control characters once (a record may hold megabytes of output).
      const control = needsControlPictures(item.data);
      row.push(itemHeader(item, control));
      const data = control ? toControlPictures(item.data) : item.data;
      const fence = '`'.repeat(Math.max(3, longestBacktickRun(data) + 1));
      const body = data.endsWith('\n') ? data.slice(0, -1) : data;
      items += prefix + fence + (FENCE_LANGUAGE[item.mime] ?? 'text') + eol + prefixLines(body, prefix) + eol + prefix + fence + eol + blank + eol;
    }
    headers.push(row);
  }
  const header: BlockHeader = execution ? { v: 1, execution, outputs: headers } : { v: 1, outputs: headers };
  return (
    prefix + OUTPUT_OPEN + escapeJson(header) + ' -->' + eol +
    prefix + '<details><summary>' + escapeHtml(summaryText(execution, outputs)) + '</summary>' + eol +
    blank + eol +
    items +
    prefix + '</details>' + eol +
    prefix + OUTPUT_CLOSE + eol
  );
}

function itemHeader(it: { mime: string; data: string }, control: boolean): ItemHeader {
  // Assigned, not spread: this runs for every item of every block on open, in code V8 has not optimized yet.
  const header: ItemHeader = { mime: it.mime };
  if (!it.data.endsWith('\n')) {
    header.eol = false;
  }
  if (control) {
    header.ctl = 1;
  }
  return header;
}

/** Every line of `data` (split at `\r\n`, `\r` or `\n`, which are kept as they are) with `prefix` (blankOr). */
function prefixLines(data: string, prefix: string): string {
  if (prefix === '') {
    // A top-level cell: every line is itself (a record may hold megabytes of output).
    return data;
  }
  return data
    .split(BREAKS)
    .map((part, i) => (i % 2 === 1 ? part : blankOr(prefix, part)))
    .join('');
}

const BREAKS = /(\r\n|\r|\n)/;

export interface ReadBlock {
  outputs: CellOutput[];
  execution?: ExecutionSummary;
  /** The line after the block. */
  end: number;
}

function readHeader(line: string): BlockHeader | undefined {
  if (!line.startsWith(OUTPUT_OPEN) || !line.endsWith(' -->')) {
    return undefined;
  }
  try {
    const h = JSON.parse(line.slice(OUTPUT_OPEN.length, -4)) as BlockHeader;
    const ok = h && h.v === 1 && Array.isArray(h.outputs) && h.outputs.every((o) => Array.isArray(o) && o.every((it) => typeof it?.mime === 'string'));
    return ok ? h : undefined;
  } catch (_e) {
    return undefined;
  }
}

/** Reads a block starting at line `at` with `prefix`; undefined when the lines there are not a well-formed block. */
export function readOutputBlock(lines: LineIndex, at: number, prefix: string, eol: string): ReadBlock | undefined {
  const unprefix = (i: number): string | undefined => {
    if (i >= lines.count) {
      return undefined;
    }
    const l = lines.line(i);
    return l.startsWith(prefix) ? l.slice(prefix.length) : l === prefix.trimEnd() ? '' : undefined;
  };
  const header = readHeader(unprefix(at) ?? '');
  if (!header || !unprefix(at + 1)?.startsWith('<details>') || unprefix(at + 2) !== '') {
    return undefined;
  }
  let i = at + 3;
  const outputs: CellOutput[] = [];
  for (const items of header.outputs) {
    const output: CellOutput = { items: [] };
    for (const item of items) {
      const read = readItem(lines, i, prefix, eol, unprefix);
      if (!read) {
        return undefined;
      }
      const data = item.eol === false ? read.data : read.data + '\n';
      output.items.push({ mime: item.mime, data: item.ctl === 1 ? fromControlPictures(data) : data });
      i = read.end;
    }
    outputs.push(output);
  }
  if (unprefix(i) !== '</details>' || unprefix(i + 1) !== OUTPUT_CLOSE) {
    return undefined;
  }
  const block: ReadBlock = { outputs, end: i + 2 };
  if (header.execution) {
    block.execution = header.execution;
  }
  return block;
}

function readItem(
  lines: LineIndex,
  at: number,
  prefix: string,
  eol: string,
  unprefix: (i: number) => string | undefined,
): { data: string; end: number } | undefined {
  const fence = /^`{3,}/.exec(unprefix(at) ?? '')?.[0];
  if (!fence) {
    return undefined;
  }
  // The writer prefixes every data line and never lets the data hold a run of backticks as long as the fence, so the
  // search stops at the first line that breaks either rule: reading stays linear on any input.
  let close = at + 1;
  for (; close < lines.count; close++) {
    const line = unprefix(close);
    if (line === undefined || line === fence) {
      break;
    }
    if (line.includes(fence)) {
      return undefined;
    }
  }
  if (close >= lines.count || unprefix(close) !== fence || unprefix(close + 1) !== '') {
    return undefined;
  }
  // The data starts right after the opening line's own break: with `\r` line breaks, data starting with `\n` would
  // otherwise merge into it.
  const from = lines.textEnd(at) + eol.length;
  const to = lines.start(close);
  if (from > to || !lines.text.startsWith(eol, lines.textEnd(at)) || !lines.text.endsWith(eol, to)) {
    return undefined;
  }
  if (prefix === '') {
    // Every line starts with the empty prefix: the data is the text as it stands.
    return { data: lines.text.slice(from, to - eol.length), end: close + 2 };
  }
  const parts = lines.text.slice(from, to - eol.length).split(BREAKS);
  const pTrim = prefix.trimEnd();
  for (let k = 0; k < parts.length; k += 2) {
    if (parts[k].startsWith(prefix)) {
      parts[k] = parts[k].slice(prefix.length);
    } else if (parts[k] === pTrim) {
      parts[k] = '';
    } else {
      return undefined;
    }
  }
  return { data: parts.join(''), end: close + 2 };
}
