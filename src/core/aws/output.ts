/**
 * Formats a CLI-shaped result the way the AWS CLI does: --query (JMESPath), then json, text
 * (tab-separated, one line per record), table (ASCII sections) or yaml.
 */
import * as jmespath from 'jmespath';
import { stringify } from 'yaml';
import { RunbookError } from '../errors';
import { formatTable, pyStr } from './table';
import type { AwsOutputFormat } from './command';

export interface OutputOptions {
  output: AwsOutputFormat;
  query?: string;
  /** Table title: the SDK operation name, e.g. `DescribeClusters`. */
  title?: string;
  /** Table width before wide single-row sections turn vertical (the CLI uses the terminal's, 80 on a pipe). */
  width?: number;
  /** AwsResult.pageResults: text output prints page by page, as the CLI does. */
  pageResults?: unknown[];
}

/** Applies a JMESPath --query; a bad expression is a typed error. */
export function applyQuery(data: unknown, query: string | undefined): unknown {
  if (!query) {
    return data;
  }
  try {
    return jmespath.search(data as object, query) as unknown;
  } catch (e) {
    throw new RunbookError('badQuery', `Bad --query "${query}": ${(e as Error).message}`, { query });
  }
}

function isScalar(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

function scalarKeysOf(list: Record<string, unknown>[]): string[] {
  const keys = new Set<string>();
  for (const d of list) {
    for (const [k, v] of Object.entries(d)) {
      if (isScalar(v)) {
        keys.add(k);
      }
    }
  }
  return [...keys].sort();
}

function textDict(d: Record<string, unknown>, id: string | undefined, out: string[], scalarKeys?: string[]): void {
  const scalars: string[] = [];
  const nested: [string, unknown][] = [];
  if (scalarKeys) {
    for (const k of scalarKeys) {
      scalars.push(k in d ? pyStr(d[k]) : '');
    }
    for (const k of Object.keys(d).filter((k) => !scalarKeys.includes(k)).sort()) {
      nested.push([k, d[k]]);
    }
  } else {
    for (const k of Object.keys(d).sort()) {
      if (isScalar(d[k])) {
        scalars.push(pyStr(d[k]));
      } else {
        nested.push([k, d[k]]);
      }
    }
  }
  if (scalars.length > 0) {
    out.push([...(id !== undefined ? [id.toUpperCase()] : []), ...scalars].join('\t'));
  }
  for (const [k, v] of nested) {
    textItem(v, k, out);
  }
}

function textScalarList(items: unknown[], id: string | undefined, out: string[]): void {
  if (id !== undefined) {
    for (const i of items) {
      out.push(`${id.toUpperCase()}\t${pyStr(i)}`);
    }
  } else {
    out.push(items.map(pyStr).join('\t'));
  }
}

function textList(list: unknown[], id: string | undefined, out: string[]): void {
  if (list.length === 0) {
    return;
  }
  if (list.some((e) => e !== null && typeof e === 'object' && !Array.isArray(e))) {
    const keys = scalarKeysOf(list.filter((e): e is Record<string, unknown> => !isScalar(e) && !Array.isArray(e)));
    for (const e of list) {
      textItem(e, id, out, keys);
    }
  } else if (list.some(Array.isArray)) {
    const scalars = list.filter(isScalar);
    if (scalars.length > 0) {
      textScalarList(scalars, id, out);
    }
    for (const e of list.filter((x) => !isScalar(x))) {
      textItem(e, id, out);
    }
  } else {
    textScalarList(list, id, out);
  }
}

function textItem(item: unknown, id: string | undefined, out: string[], scalarKeys?: string[]): void {
  if (Array.isArray(item)) {
    textList(item, id, out);
  } else if (item !== null && typeof item === 'object') {
    textDict(item as Record<string, unknown>, id, out, scalarKeys);
  } else {
    out.push(pyStr(item));
  }
}

/** The CLI's `--output text`. */
export function formatText(data: unknown): string {
  const out: string[] = [];
  textItem(data, undefined, out);
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}

function isEmptyResponse(data: unknown): boolean {
  return data !== null && typeof data === 'object' && !Array.isArray(data) && Object.keys(data).length === 0;
}

/** Formats a result; an empty response prints nothing, as the CLI does. */
export function formatAwsOutput(data: unknown, opts: OutputOptions): string {
  if (opts.output === 'text' && opts.pageResults && opts.pageResults.length > 0) {
    return opts.pageResults.map((page) => formatAwsOutput(page, { ...opts, pageResults: undefined })).join('');
  }
  const result = applyQuery(data, opts.query);
  if (isEmptyResponse(result)) {
    return '';
  }
  switch (opts.output) {
    case 'text':
      return formatText(result);
    case 'table':
      return formatTable(result, opts.title ?? '', opts.width ?? 80);
    case 'yaml':
      return stringify(result, { lineWidth: 0 });
    default:
      return `${JSON.stringify(result, null, 4)}\n`;
  }
}
