/**
 * Where markdown-it needs to look. The parser only wants the line ranges of fenced code blocks and headings, so the
 * document is cut into top-level stretches at safe points (a line at column 0 after a blank line, no fence or raw
 * HTML block open), and only the stretches that hold a line that could make a fence or a heading go through
 * markdown-it's block pass; plain stretches (prose, lists, tables) are skipped. When a line leaves the top-level
 * reading in doubt (see `Tracker`), the whole document goes through markdown-it as before. Output blocks the parser
 * consumes are skipped too (`OutputBlockReader`). Lossless either way: cells are cut from the original lines.
 */
import type { LineIndex } from './lines';
import { OUTPUT_OPEN } from './outputBlock';

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

/** A line's indentation (tabs to the next multiple of 4) and its first other character's code (-1 when none). */
interface Lead {
  indent: number;
  first: number;
}

function leadOf(line: string): Lead {
  let col = 0;
  for (let k = 0; k < line.length; k++) {
    const c = line.charCodeAt(k);
    if (c === 32) {
      col++;
    } else if (c === 9) {
      col += 4 - (col % 4);
    } else {
      return { indent: col, first: c };
    }
  }
  return { indent: col, first: -1 };
}

const BACKTICK = 96;
const TILDE = 126;
const LT = 60;
const BRACKET = 91;

/** Only a line whose first character (after spaces and tabs) is a fence character can open or close a fence. */
function fenceLike(first: number): boolean {
  return first === BACKTICK || first === TILDE;
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

  /** The patterns below all start with `^[ \t]*` and a given character: `lead.first` rules most lines out unread. */
  step(line: string, blank: boolean, lead: Lead): boolean {
    const m = this.mode;
    const indent = lead.indent;
    if (m.kind === 'fence' || m.kind === 'html') {
      if (!blank && indent < m.indent) {
        return false;
      }
      if (m.kind === 'fence' ? this.closes(line, m, lead) : m.end.test(line)) {
        this.mode = NONE;
      }
      return true;
    }
    if (m.kind === 'untilBlank') {
      if (blank) {
        this.mode = NONE;
        return true;
      }
      return indent > 3 || (!(fenceLike(lead.first) && FENCE_OPEN.test(line)) && !this.opensRawHtml(line, lead));
    }
    if (blank || indent > 3) {
      return true;
    }
    const fence = fenceLike(lead.first) ? FENCE_OPEN.exec(line) : null;
    if (fence && !(fence[1][0] === '`' && fence[2].includes('`'))) {
      this.mode = { kind: 'fence', char: fence[1][0], len: fence[1].length, indent };
      return true;
    }
    const html = lead.first === LT ? RAW_HTML.find(([open]) => open.test(line)) : undefined;
    if (html) {
      const rest = line.slice(line.indexOf('<') + 1);
      this.mode = html[1].test(rest) ? NONE : { kind: 'html', end: html[1], indent };
    } else if (lead.first === LT || lead.first === BRACKET) {
      this.mode = { kind: 'untilBlank' };
    }
    return true;
  }

  /** A raw HTML opener (kinds 1-5) that does not end on its own line. */
  private opensRawHtml(line: string, lead: Lead): boolean {
    const html = lead.first === LT ? RAW_HTML.find(([open]) => open.test(line)) : undefined;
    return !!html && !html[1].test(line.slice(line.indexOf('<') + 1));
  }

  private closes(line: string, m: { char: string; len: number }, lead: Lead): boolean {
    if (lead.indent > 3 || !fenceLike(lead.first)) {
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
  /** One ATX heading and blank lines: read here, markdown-it is not needed for it. */
  heading: boolean;
}

/**
 * An ATX heading as markdown-it reads one at the top level: one to six `#` at column 0, then a space, a tab or the
 * end of the line. At the start of a stretch (a safe point) no other block rule can take such a line, and nothing
 * after it continues it.
 */
const ATX_HEADING = /^#{1,6}(?:[ \t]|$)/;

/**
 * Output blocks (outputBlock.ts), as the parser reads them after a code cell. A well-formed block right after a
 * fence never holds a fence or heading the parser uses (it consumes the block, and its inner fences are the block's
 * own), so markdown-it need not read it: on a saved incident record most lines are output.
 */
export interface OutputBlockReader {
  /** The line after the well-formed block that starts at line `at`, if one does there. */
  blockAt(at: number): number | undefined;
  /** The lines [start, end) of the block the code cell of fence `f` reads as its outputs, if any. */
  blockAfter(f: FenceToken): { start: number; end: number } | undefined;
}

/** Lines [from, to) markdown-it is not given: an output block [from, end) and the blank lines after it. */
interface Skip {
  from: number;
  end: number;
  to: number;
}

interface Stretches {
  parts: Stretch[];
  skips: Skip[];
}

/**
 * The top-level stretches, or undefined when the reading is in doubt. With a reader, a block is skipped only when
 * the line after it and its blank lines starts a stretch (or there is none), so markdown-it resumes at a safe point;
 * otherwise its stretches are given to markdown-it as before.
 */
function stretches(lines: LineIndex, reader?: OutputBlockReader): Stretches | undefined {
  const out: Stretch[] = [];
  const skips: Skip[] = [];
  const tracker = new Tracker();
  let from = 0;
  let needed = false;
  let heading = false;
  let prevBlank = true;
  let pending: { from: number; end: number } | undefined;
  for (let i = 0; i < lines.count; i++) {
    const line = lines.line(i);
    const lead = leadOf(line);
    const blank = lead.first === -1;
    const boundary = prevBlank && !blank && i > from && tracker.mode.kind === 'none' && lead.indent === 0;
    if (pending && i >= pending.end && !blank) {
      if (boundary) {
        skips.push({ ...pending, to: i });
      } else {
        // Not followed by a safe point: every stretch it touches goes to markdown-it.
        markNeeded(out, pending.from);
        needed = true;
      }
      pending = undefined;
    }
    if (boundary) {
      out.push({ from, to: i, needed, heading });
      from = i;
      needed = false;
    }
    if (i === from) {
      heading = !blank && lead.indent === 0 && tracker.mode.kind === 'none' && ATX_HEADING.test(line);
    } else if (!blank) {
      heading = false;
    }
    if (!pending && reader && !blank && tracker.mode.kind === 'none' && line.includes(OUTPUT_OPEN)) {
      const end = reader.blockAt(i);
      pending = end === undefined ? undefined : { from: i, end };
    }
    if (!pending) {
      needed ||= mayMatter(line);
    }
    if (!tracker.step(line, blank, lead)) {
      return undefined;
    }
    prevBlank = blank;
  }
  if (pending) {
    skips.push({ ...pending, to: lines.count });
  }
  out.push({ from, to: lines.count, needed, heading });
  return { parts: out, skips };
}

function markNeeded(parts: Stretch[], from: number): void {
  for (let k = parts.length - 1; k >= 0 && parts[k].to > from; k--) {
    parts[k].needed = true;
  }
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

/** Lines [from, to) without the skipped ones, as contiguous pieces; `next` walks the (ordered) skips once overall. */
function pieces(from: number, to: number, skips: Skip[], next: { k: number }): [number, number][] {
  const out: [number, number][] = [];
  let at = from;
  while (next.k < skips.length && skips[next.k].to <= from) {
    next.k++;
  }
  for (; next.k < skips.length && skips[next.k].from < to; next.k++) {
    const s = skips[next.k];
    if (s.from > at) {
      out.push([at, s.from]);
    }
    at = Math.max(at, s.to);
    if (s.to > to) {
      // It reaches into the next run too: leave it for that one.
      break;
    }
  }
  if (at < to) {
    out.push([at, to]);
  }
  return out;
}

/** Each skipped block is the one the fence before it reads (what makes cutting markdown-it's text there sound). */
function skipsHold(found: BlockScan, skips: Skip[], reader: OutputBlockReader): boolean {
  let f = -1;
  for (const s of skips) {
    while (f + 1 < found.fences.length && found.fences[f + 1].start < s.from) {
      f++;
    }
    const block = f >= 0 ? reader.blockAfter(found.fences[f]) : undefined;
    if (!block || block.start !== s.from || block.end !== s.end) {
      return false;
    }
  }
  return true;
}

/** Fences and headings from one pass of markdown-it over the whole text. */
export function scanWhole(lines: LineIndex, pass: BlockPass): BlockScan {
  const all: BlockScan = { fences: [], headings: [] };
  collect(pass(lines.text), 0, all);
  return all;
}

/**
 * Fences and headings of the document, as markdown-it's block pass over the whole text reports them; with a reader,
 * less the fences and headings inside the output blocks the parser consumes (it uses none of them).
 */
export function scanBlocks(lines: LineIndex, pass: BlockPass, reader?: OutputBlockReader): BlockScan {
  const scan = stretches(lines, reader);
  if (!scan) {
    return scanWhole(lines, pass);
  }
  const { parts, skips } = scan;
  const found: BlockScan = { fences: [], headings: [] };
  const next = { k: 0 };
  for (let i = 0; i < parts.length; i++) {
    if (!parts[i].needed) {
      continue;
    }
    if (parts[i].heading) {
      found.headings.push(parts[i].from);
      continue;
    }
    let j = i;
    while (j + 1 < parts.length && parts[j + 1].needed && !parts[j + 1].heading) {
      j++;
    }
    for (const [a, b] of pieces(parts[i].from, parts[j].to, skips, next)) {
      collect(pass(lines.slice(a, b)), a, found);
    }
    i = j;
  }
  return reader && skips.length > 0 && !skipsHold(found, skips, reader) ? scanWhole(lines, pass) : found;
}
