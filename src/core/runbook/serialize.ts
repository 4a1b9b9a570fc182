/**
 * RunbookDocument -> text. A cell whose source (and outputs) are what parse gave it is written back from its layout,
 * byte for byte; an edited cell is re-emitted from its source inside its original frame (fence lines, list indentation,
 * trailing blank lines); a new cell (no layout) gets a blank line on each side and a fence long enough for its content.
 */
import { fenceFor, longestFenceRun, splitFenceLine, withLanguage } from './fence';
import { asCodeLayout, asDocLayout, asMarkupLayout, type CodeLayout, type DocLayout } from './layout';
import { withEol } from './lines';
import type { RunbookCell, RunbookDocument } from './model';
import { outputsKey, writeOutputBlock } from './outputBlock';

/** The document head (BOM, frontmatter, leading blank lines) and each cell's text; joined they are the file. */
export interface SerializedParts {
  head: string;
  cells: string[];
  /** Per cell: how many characters of separator (line breaks before a new cell) start its text. */
  separators: number[];
}

export function serializeRunbook(doc: RunbookDocument): string {
  const parts = serializeParts(doc);
  return parts.head + parts.cells.join('');
}

export function serializeParts(doc: RunbookDocument): SerializedParts {
  const layout = asDocLayout(doc.layout);
  const eol = layout?.eol ?? '\n';
  const head = headText(layout);
  const cells: string[] = [];
  const separators: number[] = [];
  // The BOM is no text: a new first cell needs no separator after it.
  let written = layout?.bom ? head.slice(1) : head;
  let separateNext = false;
  doc.cells.forEach((cell, i) => {
    const emitted = emitCell(cell, eol, i === doc.cells.length - 1);
    // Only the file's last line lacks a line break: a cell written after that one (moved, duplicated) starts on a
    // line of its own, after a blank line, like a new cell.
    const sep = emitted.fresh || separateNext || !/(^|[\r\n])$/.test(written) ? separator(written, eol) : '';
    separateNext = emitted.fresh;
    let text = sep + emitted.text;
    if (written.endsWith('\r') && text.startsWith('\n')) {
      text = '\r' + text;
    }
    cells.push(text);
    separators.push(text.length - emitted.text.length);
    written = text === '' ? written : text;
  });
  return { head, cells, separators };
}

function headText(layout: DocLayout | undefined): string {
  if (!layout) {
    return '';
  }
  return (layout.bom ? '\uFEFF' : '') + (layout.frontmatter?.raw ?? '') + layout.lead;
}

/** What must come between text already written and a new cell: a line break and a blank line. */
function separator(written: string, eol: string): string {
  if (written === '') {
    return '';
  }
  if (!/[\r\n]$/.test(written)) {
    return eol + eol;
  }
  return /(\r\n?|\n)[ \t]*(\r\n?|\n)$/.test(written) ? '' : eol;
}

/**
 * Joins text so that a `\r` ending one piece and a `\n` starting the next stay two line breaks (they would read as
 * one `\r\n`): the `\n` becomes `\r\n`. Only generated text meets raw text this way, in files with mixed line breaks.
 */
export function glue(...parts: string[]): string {
  let out = '';
  for (const part of parts) {
    out += out.endsWith('\r') && part.startsWith('\n') ? '\r' + part : part;
  }
  return out;
}

function emitCell(cell: RunbookCell, eol: string, last: boolean): { text: string; fresh: boolean } {
  if (cell.kind === 'markup') {
    const layout = asMarkupLayout(cell.layout);
    if (!layout) {
      return { text: withEol(cell.source, eol) + eol, fresh: true };
    }
    return { text: layout.raw !== undefined && cell.source === layout.source ? layout.raw : markupText(cell.source, layout.trailing, eol), fresh: false };
  }
  const layout = asCodeLayout(cell.layout);
  if (!layout) {
    return { text: newCodeCell(cell, eol), fresh: true };
  }
  return { text: existingCodeCell(cell, layout, eol, last), fresh: false };
}

/** A markup cell's text from its source; for a layout without `raw`, exactly the region it was read from. */
export function markupText(source: string, trailing: string, eol: string): string {
  return glue(withEol(source, eol), trailing);
}

function newCodeCell(cell: RunbookCell, eol: string): string {
  const fence = fenceFor(cell.source);
  const body = cell.source === '' ? '' : withEol(cell.source, eol) + eol;
  return `${fence}${cell.language}${eol}${body}${fence}${eol}` + outputPart(cell, '', eol, eol);
}

export function outputPart(cell: RunbookCell, prefix: string, eol: string, gap: string): string {
  // outputsKey(...) === '' exactly then; without building the key (a JSON copy of every output).
  if (cell.outputs.length === 0 && !cell.execution) {
    return '';
  }
  return gap + writeOutputBlock(cell.outputs, cell.execution, prefix, eol);
}

function existingCodeCell(cell: RunbookCell, layout: CodeLayout, eol: string, last: boolean): string {
  if (layout.output && layout.output.raw === undefined) {
    // Writing the outputs read gave their block byte for byte (parse made sure): always written from the outputs
    // (none when cleared), after the fence (a closed one: only those have outputs) and the blank lines that were there.
    return glue(codeText(cell, layout, eol, true), outputPart(cell, layout.prefix, eol, layout.output.gap ?? eol), layout.trailing);
  }
  const key = outputsKey(cell.outputs, cell.execution);
  const outputsSame = key === (layout.output?.key ?? '');
  let code = codeText(cell, layout, eol, outputsSame && (last || !layout.toEnd));
  let output = '';
  if (outputsSame) {
    output = layout.output?.raw ?? '';
  } else if (key !== '') {
    if (!/[\r\n]$/.test(code)) {
      code += eol;
    }
    output = outputPart(cell, layout.prefix, eol, gapOf(layout.output?.raw, eol));
    // A new block needs a blank line after it, or the HTML around it would swallow what follows; a replaced block
    // keeps what the old one had.
    if (layout.trailing === '' && !layout.output) {
      output += eol;
    }
  }
  return glue(code, output, layout.trailing);
}

/** The fence and the lines between; `keepOpen`: an unterminated fence may stay so (nothing written after it). */
function codeText(cell: RunbookCell, layout: CodeLayout, eol: string, keepOpen: boolean): string {
  // Without a kept body, re-emitting the source in its frame gives the region's bytes (parse made sure).
  const codeSame = layout.body !== undefined && cell.source === layout.source && cell.language === layout.language;
  if (!codeSame) {
    return reemitCode(cell, layout, eol);
  }
  if (layout.close !== '' || keepOpen) {
    return layout.open + layout.body + layout.close;
  }
  // An unterminated fence would swallow what is written after it (outputs, or cells moved or added below it).
  return closed(layout, eol);
}

/** The cell's own lines, unchanged, then a closing fence. */
function closed(layout: CodeLayout, eol: string): string {
  const code = layout.open + (layout.body ?? '');
  return (/[\r\n]$/.test(code) ? code : code + eol) + layout.prefix + layout.fence + eol;
}

/** The blank lines that stood before the old output block, or one blank line. */
function gapOf(raw: string | undefined, eol: string): string {
  const m = raw ? /^(?:[ \t]*\r?\n)*/.exec(raw) : null;
  return m && m[0] !== '' ? m[0] : eol;
}

function prefixedLines(source: string, pre: string, eol: string): string {
  if (pre === '') {
    return (eol === '\n' ? source : source.split('\n').join(eol)) + eol;
  }
  const blank = pre.trimEnd();
  return source
    .split('\n')
    .map((l) => (l === '' ? blank : pre + l) + eol)
    .join('');
}

/** The code cell written from its (edited) source inside its original fence and indentation. */
export function reemitCode(cell: RunbookCell, layout: CodeLayout, eol: string): string {
  const char = layout.fence[0] === '~' ? '~' : '`';
  const needed = longestFenceRun(cell.source, char) + 1;
  const fence = needed > layout.fence.length ? char.repeat(needed) : layout.fence;
  const openLine = layout.open.replace(/\r?\n$|\r$/, '');
  const opening = splitFenceLine(openLine, char);
  let open = layout.open;
  if (fence !== layout.fence || cell.language !== layout.language) {
    const info = cell.language !== layout.language ? withLanguage(opening.info, cell.language) : opening.info;
    open = opening.before + fence + info + eol;
  } else if (!/[\r\n]$/.test(open)) {
    open += eol;
  }
  const pre = layout.prefix;
  // No body line starts with `\n` or ends with `\r` (they are split at `\n` and end with `eol`), so the lines need no
  // glue between them; joined, not spread (a spread of every line fails on a cell of a few hundred thousand lines).
  const body = cell.source === '' ? '' : prefixedLines(cell.source, pre, eol);
  const close = fence === layout.fence && layout.close !== '' ? layout.close : pre + fence + eol;
  return glue(open, body, close);
}
