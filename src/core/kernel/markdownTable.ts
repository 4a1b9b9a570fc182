/** Renders an AWS response (after --query) as readable markdown: tables for lists, key/value for the rest. */

type Json = unknown;

function isRecord(v: Json): v is Record<string, Json> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function cell(v: Json): string {
  const s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  const escaped = s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  return escaped.length > 120 ? `${escaped.slice(0, 117)}...` : escaped;
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
  return data === undefined || data === null ? '_(no output)_' : `\`${cell(data)}\``;
}
