/**
 * Fence lines and info strings: ```` ```bash {name=check} ````, ```` ~~~json ````, ```` ```sh {"name":"x"} ````.
 */
import { asCodeLayout } from './layout';
import type { RunbookCell } from './model';

export interface FenceInfo {
  /** The first word of the info string, unless the info starts with `{`. */
  language: string;
  /** Runme-style `{name=x key="v"}` or JSON `{"name":"x"}` attributes; {} when none or unreadable. */
  attributes: Record<string, unknown>;
}

export function parseInfo(info: string): FenceInfo {
  const trimmed = info.trim();
  if (trimmed === '') {
    return { language: '', attributes: {} };
  }
  const brace = trimmed.indexOf('{');
  const head = brace === -1 ? trimmed : trimmed.slice(0, brace);
  const language = head.trim().split(/\s+/)[0] ?? '';
  return { language, attributes: brace === -1 ? {} : parseAttributes(trimmed.slice(brace)) };
}

/** `{name=x n=1 flag quoted="a b"}` or a JSON object. */
export function parseAttributes(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch (_e) {
    // Not JSON: try key=value pairs.
  }
  const inner = text.replace(/^\{/, '').replace(/\}\s*$/, '');
  const attrs: Record<string, unknown> = {};
  const re = /([^\s=]+)(?:=("[^"]*"|'[^']*'|[^\s]*))?/g;
  for (let m = re.exec(inner); m; m = re.exec(inner)) {
    const raw = m[2];
    attrs[m[1]] = raw === undefined ? true : raw.replace(/^(["'])(.*)\1$/, '$2');
  }
  return attrs;
}

/** The info string with its language replaced (or added in front of the attributes). */
export function withLanguage(info: string, language: string): string {
  const lead = /^\s*/.exec(info)?.[0] ?? '';
  const rest = info.slice(lead.length);
  if (rest === '' || rest.startsWith('{')) {
    return language + (rest === '' ? '' : ' ' + rest);
  }
  const word = /^[^\s{]*/.exec(rest)?.[0] ?? '';
  return language + rest.slice(word.length);
}

/** The longest run of `char` at the start of a line (after up to three spaces) in `text`. */
export function longestFenceRun(text: string, char: '`' | '~'): number {
  const code = char.charCodeAt(0);
  let longest = 0;
  // Line by line with indexOf and char codes: no array of lines, no regex (this runs for every code cell on open).
  for (let start = 0; start <= text.length; ) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    let k = start;
    while (k < end && k - start < 3 && text.charCodeAt(k) === 32) {
      k++;
    }
    let run = 0;
    while (k + run < end && text.charCodeAt(k + run) === code) {
      run++;
    }
    longest = Math.max(longest, run);
    start = end + 1;
  }
  return longest;
}

/** The longest run of backticks anywhere in `text`. */
export function longestBacktickRun(text: string): number {
  let longest = 0;
  // From backtick to backtick with indexOf: output data is megabytes with few backticks.
  for (let i = text.indexOf('`'); i !== -1; ) {
    let end = i + 1;
    while (end < text.length && text.charCodeAt(end) === 96) {
      end++;
    }
    longest = Math.max(longest, end - i);
    i = text.indexOf('`', end);
  }
  return longest;
}

/** A fence of `char` long enough that no line of `text` closes it. */
export function fenceFor(text: string, char: '`' | '~' = '`', min = 3): string {
  return char.repeat(Math.max(min, longestFenceRun(text, char) + 1));
}

/** The part of an opening line before its fence ("   ", "1. ", "> - ") and the continuation prefix for later lines. */
export function splitFenceLine(line: string, fenceChar: string): { before: string; prefix: string; info: string; fence: string } {
  const at = line.indexOf(fenceChar);
  const before = at < 0 ? '' : line.slice(0, at);
  let end = at;
  while (end < line.length && line[end] === fenceChar) {
    end++;
  }
  return {
    before,
    prefix: before.replace(/[^\s>]/g, ' '),
    fence: line.slice(at, end),
    info: line.slice(end),
  };
}

/** Removes `prefix` from a body line; a shorter whitespace/`>` lead is removed as far as it matches. */
export function stripPrefix(line: string, prefix: string): string {
  if (prefix === '' || line.startsWith(prefix)) {
    return line.slice(prefix.length);
  }
  let k = 0;
  while (k < prefix.length && k < line.length && line[k] === prefix[k]) {
    k++;
  }
  return line.slice(k);
}

/** A parsed code cell's info string and attributes (`{name=x}`); undefined for markup cells and new cells. */
export function codeCellInfo(cell: RunbookCell): { info: string; attributes: Record<string, unknown>; fence: string } | undefined {
  const layout = asCodeLayout(cell.layout);
  if (!layout) {
    return undefined;
  }
  const info = splitFenceLine(layout.open.replace(/\r?\n$|\r$/, ''), layout.fence[0]).info;
  return { info: info.trim(), attributes: parseInfo(info).attributes, fence: layout.fence };
}
