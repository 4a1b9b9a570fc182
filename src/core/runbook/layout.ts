/**
 * What the serializer keeps in `RunbookDocument.layout` and `RunbookCell.layout` to write a document back
 * byte for byte. Everyone else passes these through untouched; only parse.ts and serialize.ts look inside.
 */

export type Eol = '\n' | '\r\n' | '\r';

export interface FrontmatterLayout {
  kind: 'yaml' | 'toml';
  /** The frontmatter exactly as in the file, delimiters and line breaks included. */
  raw: string;
  /** The text between the delimiters. */
  text: string;
}

export interface DocLayout {
  v: 1;
  bom: boolean;
  eol: Eol;
  frontmatter?: FrontmatterLayout;
  /** Blank lines before the first cell. */
  lead: string;
}

/*
 * The layout rides in each cell's metadata, which VS Code copies between its processes on every open and save. So a
 * layout holds the file's text only where writing the cell's source back would not give the same bytes: `raw` and
 * `source` (markup), `body` and `source` (code) are absent when the source re-emitted in its frame is the region,
 * byte for byte (parse checks it). Layouts with them (older ones, or irregular regions) are read as before.
 */

export interface MarkupLayout {
  kind: 'markup';
  /** The region exactly as in the file; absent when it is the source (with `eol` line breaks) plus `trailing`. */
  raw?: string;
  /** The source the cell was given when parsed; when the cell still has it, `raw` is written back. With `raw`. */
  source?: string;
  /** The last content line's line break plus the blank lines after it (not shown in the cell). */
  trailing: string;
}

/** `raw` and `key`; or only `gap`, when writing the outputs read (after `gap`) gives the block byte for byte. */
export interface OutputLayout {
  /** Blank lines before the block plus the block, exactly as in the file. */
  raw?: string;
  /** outputsKey() of what was read, to tell whether the kernel changed the outputs. With `raw`. */
  key?: string;
  /** The blank lines before the block, when `raw` is absent: the block is always written from the cell's outputs. */
  gap?: string;
}

export interface CodeLayout {
  kind: 'code';
  /** Opening fence line with its line break. */
  open: string;
  /** The lines between the fences, exactly as in the file; absent when re-emitting the source gives them (with `source`). */
  body?: string;
  /** Closing fence line with its line break; '' for an unterminated fence. */
  close: string;
  /** An unterminated fence that ran to the end of the document: anything written after it must close it first. */
  toEnd?: true;
  /** What is written before each body line when the cell is re-emitted (list indentation, `> `). */
  prefix: string;
  /** The fence as written: "```", "~~~~"... */
  fence: string;
  /** The source the cell was given when parsed; present exactly when `body` is. */
  source?: string;
  language: string;
  output?: OutputLayout;
  /** Blank lines after the fence (or after the output block). */
  trailing: string;
}

export type CellLayout = MarkupLayout | CodeLayout;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

export function asDocLayout(v: unknown): DocLayout | undefined {
  return isObject(v) && v.v === 1 && typeof v.lead === 'string' && (v.eol === '\n' || v.eol === '\r\n' || v.eol === '\r') ? (v as unknown as DocLayout) : undefined;
}

/** Both strings, or both absent. */
function pair(v: Record<string, unknown>, a: string, b: string): boolean {
  return (typeof v[a] === 'string' && typeof v[b] === 'string') || (v[a] === undefined && v[b] === undefined);
}

export function asMarkupLayout(v: unknown): MarkupLayout | undefined {
  return isObject(v) && v.kind === 'markup' && typeof v.trailing === 'string' && pair(v, 'raw', 'source') ? (v as unknown as MarkupLayout) : undefined;
}

export function asCodeLayout(v: unknown): CodeLayout | undefined {
  if (!isObject(v) || v.kind !== 'code') {
    return undefined;
  }
  const strings = ['open', 'close', 'prefix', 'fence', 'language', 'trailing'];
  return strings.every((k) => typeof v[k] === 'string') && pair(v, 'body', 'source') ? (v as unknown as CodeLayout) : undefined;
}

/** The body lines of a code cell as in the file: the kept `body`, else its source re-emitted in the frame (`prefix`). */
export function bodyLines(layout: CodeLayout, source: string): string[] | undefined {
  if (layout.body !== undefined) {
    return layout.source === source ? layout.body.split(/\r\n|\r|\n/) : undefined;
  }
  return source === '' ? [] : source.split('\n').map((l) => (l === '' ? layout.prefix.trimEnd() : layout.prefix + l));
}
