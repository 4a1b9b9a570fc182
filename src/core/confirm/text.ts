/**
 * Plain text for a confirmation: values shortened for one line, and the now/after states as stable
 * YAML (sorted keys, blobs as their size) that reads well in a diff.
 */
import { stringify } from 'yaml';

/** At most `max` characters, the cut marked with an ellipsis. */
export function shorten(text: string, max = 48): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, Math.max(1, max - 1))}…`;
}

/** A DNS name as its first two labels (`bbws-alb-1.af-south-1…`): the part that tells load balancers apart. */
export function shortDnsName(name: string): string {
  const labels = name.replace(/\.$/, '').split('.');
  return labels.length > 2 ? `${labels.slice(0, 2).join('.')}…` : labels.join('.');
}

/** A value as one short line: strings bare, everything else as compact JSON. */
export function oneLine(v: unknown, max = 40): string {
  if (v === undefined) {
    return '(none)';
  }
  return shorten(typeof v === 'string' ? v : JSON.stringify(plain(v)), max);
}

/** A JSON-safe copy: Buffers and byte arrays as their size, dates as ISO text, streams named. */
export function plain(v: unknown): unknown {
  if (v instanceof Uint8Array) {
    return `<${v.length} bytes>`;
  }
  if (v instanceof Date) {
    return v.toISOString();
  }
  if (Array.isArray(v)) {
    return v.map(plain);
  }
  if (v && typeof v === 'object') {
    if (typeof (v as { pipe?: unknown }).pipe === 'function') {
      return '<stream>';
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (x !== undefined) {
        out[k] = plain(x);
      }
    }
    return out;
  }
  return v;
}

/** Stable, readable text of a state: YAML with sorted keys; `null` reads as "(nothing)". */
export function stateText(v: unknown): string {
  if (v === undefined || v === null) {
    return '(nothing)\n';
  }
  return stringify(plain(v), { sortMapEntries: true, lineWidth: 0 });
}
