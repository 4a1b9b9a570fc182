/**
 * Where markdown-it needs to look. The parser only wants the line ranges of fenced code blocks and headings, so the
 * document is cut into top-level stretches at safe points (a line at column 0 after a blank line, no fence or raw
 * HTML block open), and only the stretches that hold a line that could make a fence or a heading go through
 * markdown-it's block pass; plain stretches (prose, lists, tables) are skipped. When a line leaves the top-level
 * reading in doubt (see `Tracker`), the whole document goes through markdown-it as before. Lossless either way:
 * cells are cut from the original lines.
 */
import type { LineIndex } from './lines';

export interface FenceToken {
  start: number;
  end: number;
  markup: string;
}

export interface BlockScan {
  fences: FenceToken[];
  headings: number[];
}

/** markdown-it's block pass over some text: the tokens with a line map. */
export type BlockPass = (text: string) => { type: string; map: [number, number] | null; markup: string }[];

function indentOf(line: string): number {
  let col = 0;
  for (let k = 0; k < line.length; k++) {
    const c = line.charCodeAt(k);
    if (c === 32) {
      col++;
    } else if (c === 9) {
      col += 4 - (col % 4);
    } else {
      return col;
    }
  }
  return col;
}

const FENCE_OPEN = /^[ \t]*(`{3,}|~{3,})(.*)$/;
const RAW_HTML: [RegExp, RegExp][] = [
  [/^[ \t]*<(script|pre|style|textarea)(?=\s|>|$)/i, /<\/(script|pre|style|textarea)>/i],
  [/^[ \t]*<!--/, /-->/],
  [/^[ \t]*<\?/, /\?>/],
  [/^[ \t]*<![A-Za-z]/, />/],
  [/^[ \t]*<!\[CDATA\[/, /\]\]>/],
];

/** A line that could open or underline a heading, or open a fence (in any container): markdown-it must see it. */
function mayMatter(line: string): boolean {
  return line.includes('#') || line.includes('```') || line.includes('~~~') || (/[=-]/.test(line) && /^[ \t>*+\-=0-9.)]*$/.test(line));
}

type Mode =
  | { kind: 'none' }
  | { kind: 'fence'; char: string; len: number; indent: number }
  | { kind: 'html'; end: RegExp; indent: number }
  /** HTML blocks of kinds 6 and 7 and link reference definitions: they end at a blank line. */
  | { kind: 'untilBlank' };

const NONE: Mode = { kind: 'none' };

/**
 * The top-level constructs that can span a blank line (fences, raw HTML of kinds 1-5), followed conservatively.
 * `step` returns false when the reading is in doubt (a fence-like line inside raw HTML, a line less indented than
 * the fence it may close), and the caller falls back to parsing the whole document.
 */
class Tracker {
  mode: Mode = NONE;

  step(line: string, blank: boolean): boolean {
    const m = this.mode;
    const indent = indentOf(line);
    if (m.kind === 'fence' || m.kind === 'html') {
      if (!blank && indent < m.indent) {
        return false;
      }
      if (m.kind === 'fence' ? this.closes(line, m, indent) : m.end.test(line)) {
        this.mode = NONE;
      }
      return true;
    }
    if (m.kind === 'untilBlank') {
      if (blank) {
        this.mode = NONE;
        return true;
      }
      return indent > 3 || (!FENCE_OPEN.test(line) && !this.opensRawHtml(line));
    }
    if (blank || indent > 3) {
      return true;
    }
    const fence = FENCE_OPEN.exec(line);
    if (fence && !(fence[1][0] === '`' && fence[2].includes('`'))) {
      this.mode = { kind: 'fence', char: fence[1][0], len: fence[1].length, indent };
      return true;
    }
    const html = RAW_HTML.find(([open]) => open.test(line));
    if (html) {
      const rest = line.slice(line.indexOf('<') + 1);
      this.mode = html[1].test(rest) ? NONE : { kind: 'html', end: html[1], indent };
    } else if (/^[ \t]*[<[]/.test(line)) {
      this.mode = { kind: 'untilBlank' };
    }
    return true;
  }

  /** A raw HTML opener (kinds 1-5) that does not end on its own line. */
  private opensRawHtml(line: string): boolean {
    const html = RAW_HTML.find(([open]) => open.test(line));
    return !!html && !html[1].test(line.slice(line.indexOf('<') + 1));
  }

  private closes(line: string, m: { char: string; len: number }, indent: number): boolean {
    if (indent > 3) {
      return false;
    }
    // Spaces and tabs only around the markers, as markdown-it reads a closing fence (not String.trim's Unicode blanks).
    const t = /^[ \t]*([`~]+)[ \t]*$/.exec(line)?.[1];
    return !!t && t.length >= m.len && t === m.char.repeat(t.length);
  }
}

interface Stretch {
  from: number;
  to: number;
  needed: boolean;
}

/** The top-level stretches, or undefined when the reading is in doubt. */
function stretches(lines: LineIndex): Stretch[] | undefined {
  const out: Stretch[] = [];
  const tracker = new Tracker();
  let from = 0;
  let needed = false;
  let prevBlank = true;
  for (let i = 0; i < lines.count; i++) {
    const line = lines.line(i);
    const blank = lines.isBlank(i);
    if (prevBlank && !blank && i > from && tracker.mode.kind === 'none' && indentOf(line) === 0) {
      out.push({ from, to: i, needed });
      from = i;
      needed = false;
    }
    needed ||= mayMatter(line);
    if (!tracker.step(line, blank)) {
      return undefined;
    }
    prevBlank = blank;
  }
  out.push({ from, to: lines.count, needed });
  return out;
}

function collect(tokens: ReturnType<BlockPass>, offset: number, into: BlockScan): void {
  for (const t of tokens) {
    if (t.type === 'fence' && t.map) {
      into.fences.push({ start: t.map[0] + offset, end: t.map[1] + offset, markup: t.markup });
    } else if (t.type === 'heading_open' && t.map) {
      into.headings.push(t.map[0] + offset);
    }
  }
}

/** Fences and headings of the document, as markdown-it's block pass over the whole text reports them. */
export function scanBlocks(lines: LineIndex, pass: BlockPass): BlockScan {
  const found: BlockScan = { fences: [], headings: [] };
  const parts = stretches(lines);
  if (!parts) {
    collect(pass(lines.text), 0, found);
    return found;
  }
  for (let i = 0; i < parts.length; i++) {
    if (!parts[i].needed) {
      continue;
    }
    let j = i;
    while (j + 1 < parts.length && parts[j + 1].needed) {
      j++;
    }
    collect(pass(lines.slice(parts[i].from, parts[j].to)), parts[i].from, found);
    i = j;
  }
  return found;
}
