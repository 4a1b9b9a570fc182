/**
 * The AWS CLI's output shape of an SDK result: no $metadata, ISO 8601 timestamps as the CLI prints
 * them, base64 blobs. Pure, so the confirmation can shape what it reads without loading the invoker.
 */

/** ISO 8601 as the CLI prints it (Python's isoformat: microseconds when non-zero, +00:00). */
export function cliTimestamp(d: Date): string {
  const iso = d.toISOString();
  const ms = d.getUTCMilliseconds();
  return `${iso.slice(0, 19)}${ms ? `.${String(ms * 1000).padStart(6, '0')}` : ''}+00:00`;
}

/** Drops $metadata, turns Dates into the CLI's ISO form and bytes into base64. */
export function toCliShape(v: unknown): unknown {
  if (v instanceof Date) {
    return cliTimestamp(v);
  }
  if (v instanceof Uint8Array) {
    return Buffer.from(v).toString('base64');
  }
  if (Array.isArray(v)) {
    return v.map(toCliShape);
  }
  if (v instanceof Set) {
    return [...v].map(toCliShape);
  }
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v)) {
      if (k !== '$metadata' && val !== undefined) {
        out[k] = toCliShape(val);
      }
    }
    return out;
  }
  return v;
}
