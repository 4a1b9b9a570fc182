/**
 * Markdown -> RunbookDocument through markdown-it's block pass (no inline parsing, no render), given only the
 * stretches that can hold a fence or a heading (blockScan.ts).
 * The document is cut into contiguous line regions: markdown between code blocks (split at every heading),
 * fenced code blocks (with the output block that follows them, if any). Each cell's layout keeps its region's
 * exact text, so serialize(parse(x)) === x for every string x.
 */
import MarkdownIt from 'markdown-it';
import { type FenceToken, type OutputBlockReader, scanBlocks, scanWhole } from './blockScan';
import { parseInfo, splitFenceLine, stripPrefix } from './fence';
import { splitFrontmatter } from './frontmatter';
import type { CodeLayout, DocLayout, MarkupLayout } from './layout';
import { detectEol, LineIndex } from './lines';
import type { RunbookCell, RunbookDocument } from './model';
import { OUTPUT_OPEN, outputsKey, type ReadBlock, readOutputBlock } from './outputBlock';
import { markupText, outputPart, reemitCode } from './serialize';

type Md = InstanceType<typeof MarkdownIt>;
/** A token of markdown-it's block pass (inline tokens keep their raw `content`). */
export type BlockToken = ReturnType<Md['parse']>[number];
let parser: Md | undefined;

/** markdown-it as GitHub reads runbooks (HTML blocks on, tables on), block rules only. */
export function blockParser(): Md {
  if (!parser) {
    parser = new MarkdownIt({ html: true });
    parser.core.ruler.disable(['inline', 'linkify', 'replacements', 'smartquotes', 'text_join']);
  }
  return parser;
}

/** A fence's opening line read: the container prefix of its lines, whether it closes, where its body ends. */
interface FenceFrame {
  opening: ReturnType<typeof splitFenceLine>;
  closed: boolean;
  bodyEnd: number;
}

/**
 * Output blocks as the parser reads them: the block scan asks first (to keep them from markdown-it), the cells read
 * them after; each block is read once.
 */
class OutputBlocks implements OutputBlockReader {
  private readonly read = new Map<string, ReadBlock | undefined>();
  private readonly frames = new Map<number, { token: FenceToken; frame: FenceFrame }>();

  constructor(
    private readonly lines: LineIndex,
    private readonly eol: string,
  ) {}

  /**
   * Each fence's frame is read once (the block scan's check and the cell both want it). Keyed by the whole token:
   * after a fallback to one whole pass, a fence at the same line may end elsewhere.
   */
  frame(f: FenceToken): FenceFrame {
    const kept = this.frames.get(f.start);
    if (kept && kept.token.end === f.end && kept.token.markup === f.markup) {
      return kept.frame;
    }
    const opening = splitFenceLine(this.lines.line(f.start), f.markup[0]);
    const closed = f.end - 1 > f.start && isClosingFence(this.lines.line(f.end - 1), opening.prefix, f.markup);
    const frame = { opening, closed, bodyEnd: closed ? f.end - 1 : f.end };
    this.frames.set(f.start, { token: f, frame });
    return frame;
  }

  /** The block the cell of `f` reads: after its closing fence and blank lines, with its prefix; only a closed fence has one. */
  after(f: FenceToken, frame: FenceFrame): { block: ReadBlock; start: number } | undefined {
    if (!frame.closed) {
      return undefined;
    }
    const start = this.afterBlanks(f.end);
    const block = this.at(start, frame.opening.prefix);
    return block && { block, start };
  }

  afterBlanks(line: number): number {
    while (line < this.lines.count && this.lines.isBlank(line)) {
      line++;
    }
    return line;
  }

  blockAt(at: number): number | undefined {
    const line = this.lines.line(at);
    const prefix = line.slice(0, line.indexOf(OUTPUT_OPEN));
    return /^[ \t>]*$/.test(prefix) ? this.at(at, prefix)?.end : undefined;
  }

  blockAfter(f: FenceToken): { start: number; end: number } | undefined {
    const found = this.after(f, this.frame(f));
    return found && { start: found.start, end: found.block.end };
  }

  private at(line: number, prefix: string): ReadBlock | undefined {
    const key = `${line}:${prefix}`;
    if (!this.read.has(key)) {
      this.read.set(key, readOutputBlock(this.lines, line, prefix, this.eol));
    }
    return this.read.get(key);
  }
}

class CellBuilder {
  readonly cells: RunbookCell[] = [];
  private heading = 0;

  constructor(
    private readonly lines: LineIndex,
    private readonly headings: number[],
    private readonly eol: string,
    private readonly blocks: OutputBlocks,
  ) {}

  /** Markdown lines [from, to), one cell per heading. */
  markup(from: number, to: number): void {
    while (this.heading < this.headings.length && this.headings[this.heading] <= from) {
      this.heading++;
    }
    let start = from;
    while (start < to) {
      let next = to;
      if (this.heading < this.headings.length && this.headings[this.heading] < to) {
        next = this.headings[this.heading++];
      }
      this.markupCell(start, next);
      start = next;
    }
  }

  private markupCell(from: number, to: number): void {
    const lines = this.lines;
    let last = to - 1;
    while (last > from && lines.isBlank(last)) {
      last--;
    }
    const source = lines.joined(from, last);
    const raw = lines.slice(from, to);
    const trailing = lines.text.slice(lines.textEnd(last), lines.start(to));
    // With `\n` line breaks throughout, the region is the source plus `trailing` (the cheap case of the same test).
    const derived = this.eol === '\n' && !raw.includes('\r') ? true : markupText(source, trailing, this.eol) === raw;
    const layout: MarkupLayout = derived ? { kind: 'markup', trailing } : { kind: 'markup', raw, source, trailing };
    this.cells.push({ kind: 'markup', language: 'markdown', source, outputs: [], layout });
  }

  /** A fenced code block at lines [f.start, f.end); returns the line after it, its output block and blank lines. */
  code(f: FenceToken): number {
    const lines = this.lines;
    const frame = this.blocks.frame(f);
    const { opening, closed, bodyEnd } = frame;
    const { language } = parseInfo(opening.info);
    const cell: RunbookCell = { kind: 'code', language, source: codeSource(lines, f.start + 1, bodyEnd, opening.prefix), outputs: [] };
    const layout: CodeLayout = {
      kind: 'code',
      open: lines.slice(f.start, f.start + 1),
      close: closed ? lines.slice(f.end - 1, f.end) : '',
      prefix: opening.prefix,
      fence: f.markup,
      language,
      trailing: '',
    };
    if (!closed && f.end >= lines.count) {
      layout.toEnd = true;
    }
    const body = lines.slice(f.start + 1, bodyEnd);
    // Kept only when re-emitting the source would not give the same bytes (an unterminated fence always keeps it).
    if (!closed || reemitCode(cell, layout, this.eol) !== layout.open + body + layout.close) {
      layout.body = body;
      layout.source = cell.source;
    }
    let next = f.end;
    let gap = this.blocks.afterBlanks(next);
    const block = this.blocks.after(f, frame)?.block;
    if (block) {
      cell.outputs = block.outputs;
      if (block.execution) {
        cell.execution = block.execution;
      }
      const raw = lines.slice(next, block.end);
      const blank = lines.slice(next, gap);
      // Kept whole only when writing the outputs read would not give the block back (an irregular one).
      layout.output = outputPart(cell, opening.prefix, this.eol, blank) === raw ? { gap: blank } : { raw, key: outputsKey(block.outputs, block.execution) };
      next = block.end;
      gap = this.blocks.afterBlanks(next);
    }
    layout.trailing = lines.slice(next, gap);
    cell.layout = layout;
    this.cells.push(cell);
    return gap;
  }
}

/** The body lines [from, to) without the container prefix, joined by `\n`. */
function codeSource(lines: LineIndex, from: number, to: number, prefix: string): string {
  if (from >= to) {
    return '';
  }
  if (prefix === '') {
    return lines.joined(from, to - 1);
  }
  const out: string[] = [];
  for (let i = from; i < to; i++) {
    out.push(stripPrefix(lines.line(i), prefix));
  }
  return out.join('\n');
}

/** A closing fence: (after the container prefix) up to three spaces, at least as many fence characters, blanks. */
function isClosingFence(line: string, prefix: string, markup: string): boolean {
  const rest = stripPrefix(line, prefix);
  const m = / {0,3}([`~]+)[ \t]*$/y.exec(rest);
  return !!m && m[1].length >= markup.length && m[1][0] === markup[0] && !m[1].includes(markup[0] === '`' ? '~' : '`');
}

export interface ParseOptions {
  /** markdown-it reads the whole text, skipping nothing: the reference the tests hold the default to. */
  wholePass?: boolean;
  /** The block pass to use instead of markdown-it's own call (the tests count what it is given; the serializer times it). */
  blockPass?: (text: string) => BlockToken[];
}

/** Parses markdown text into cells; never throws, every string is a document. */
export function parseRunbook(text: string, options: ParseOptions = {}): RunbookDocument {
  const bom = text.charCodeAt(0) === 0xfeff;
  let rest = bom ? text.slice(1) : text;
  const frontmatter = splitFrontmatter(rest);
  if (frontmatter) {
    rest = rest.slice(frontmatter.raw.length);
  }
  const eol = detectEol(text);
  const lines = new LineIndex(rest);
  const blocks = new OutputBlocks(lines, eol);
  const pass = options.blockPass ?? ((t: string): BlockToken[] => blockParser().parse(t, {}));
  const { fences, headings } = options.wholePass ? scanWhole(lines, pass) : scanBlocks(lines, pass, blocks);
  let cursor = 0;
  while (cursor < lines.count && lines.isBlank(cursor)) {
    cursor++;
  }
  const lead = lines.slice(0, cursor);
  const builder = new CellBuilder(lines, headings, eol, blocks);
  for (const f of fences) {
    if (f.start < cursor) {
      continue;
    }
    builder.markup(cursor, f.start);
    cursor = builder.code(f);
  }
  builder.markup(cursor, lines.count);
  const layout: DocLayout = { v: 1, bom, eol, lead, ...(frontmatter ? { frontmatter } : {}) };
  return { cells: builder.cells, layout };
}
