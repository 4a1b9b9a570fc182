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

export interface MarkupLayout {
  kind: 'markup';
  /** The region exactly as in the file. */
  raw: string;
  /** The source the cell was given when parsed; when the cell still has it, `raw` is written back. */
  source: string;
  /** The last content line's line break plus the blank lines after it (not shown in the cell). */
  trailing: string;
}

export interface OutputLayout {
  /** Blank lines before the block plus the block, exactly as in the file. */
  raw: string;
  /** outputsKey() of what was read, to tell whether the kernel changed the outputs. */
  key: string;
}

export interface CodeLayout {
  kind: 'code';
  /** Opening fence line with its line break. */
  open: string;
  /** The lines between the fences, exactly as in the file. */
  body: string;
  /** Closing fence line with its line break; '' for an unterminated fence. */
  close: string;
  /** An unterminated fence that ran to the end of the document: anything written after it must close it first. */
  toEnd?: true;
  /** What is written before each body line when the cell is re-emitted (list indentation, `> `). */
  prefix: string;
  /** The fence as written: "```", "~~~~"... */
  fence: string;
  source: string;
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

export function asMarkupLayout(v: unknown): MarkupLayout | undefined {
  return isObject(v) && v.kind === 'markup' && typeof v.raw === 'string' && typeof v.source === 'string' && typeof v.trailing === 'string'
    ? (v as unknown as MarkupLayout)
    : undefined;
}

export function asCodeLayout(v: unknown): CodeLayout | undefined {
  if (!isObject(v) || v.kind !== 'code') {
    return undefined;
  }
  const strings = ['open', 'body', 'close', 'prefix', 'fence', 'source', 'language', 'trailing'];
  return strings.every((k) => typeof v[k] === 'string') ? (v as unknown as CodeLayout) : undefined;
}
