/** Renders an AWS response (after --query) as readable markdown: tables for lists, key/value for the rest. */

import { longestBacktickRun } from '../runbook/fence';
import { cellText } from '../runbook/tableCell';

type Json = unknown;

function isRecord(v: Json): v is Record<string, Json> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function text(v: Json): string {
  return v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function cell(v: Json): string {
  return cellText(text(v));
}

/** A scalar result as inline code: one line, bounded, in a backtick run longer than any inside it. */
function inlineCode(v: Json): string {
  const one = text(v).replace(/\s+/g, ' ').trim();
  const cut = one.length > 120 ? `${one.slice(0, 119)}…` : one;
  const fence = '`'.repeat(longestBacktickRun(cut) + 1);
  return /^`|`$/.test(cut) ? `${fence} ${cut} ${fence}` : `${fence}${cut}${fence}`;
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Flattens one level of nested objects into dotted keys so a row stays readable. */
function flatten(row: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(row)) {
    if (isRecord(v) && Object.values(v).every((x) => !isRecord(x) && !Array.isArray(x))) {
      for (const [k2, v2] of Object.entries(v)) {
        out[`${k}.${k2}`] = v2;
      }
    } else {
      out[k] = v;
    }
  }
  return out;
}

function listTable(items: Json[]): string {
  if (items.length === 0) {
    return '_(none)_';
  }
  if (!items.every(isRecord)) {
    return table(['value'], items.map((v) => [cell(v)]));
  }
  const rows = items.map((r) => flatten(r));
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return table(keys, rows.map((r) => keys.map((k) => cell(r[k]))));
}

function objectSections(obj: Record<string, Json>, title?: string): string[] {
  const scalars = Object.entries(obj).filter(([, v]) => !Array.isArray(v) && !isRecord(v));
  const parts: string[] = [];
  if (scalars.length > 0) {
    parts.push(`${title ? `**${title}**\n\n` : ''}${table(['key', 'value'], scalars.map(([k, v]) => [cell(k), cell(v)]))}`);
  }
  for (const [k, v] of Object.entries(obj)) {
    if (Array.isArray(v)) {
      parts.push(`**${title ? `${title}.` : ''}${k}**\n\n${listTable(v)}`);
    } else if (isRecord(v)) {
      parts.push(...objectSections(v, title ? `${title}.${k}` : k));
    }
  }
  return parts;
}

export function toMarkdown(data: Json): string {
  if (Array.isArray(data)) {
    return listTable(data);
  }
  if (isRecord(data)) {
    const parts = objectSections(data);
    return parts.length > 0 ? parts.join('\n\n') : '_(empty response)_';
  }
  return data === undefined || data === null ? '_(no output)_' : inlineCode(data);
}
