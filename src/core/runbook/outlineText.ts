/** Small text helpers for the outline: plain text of inline markdown, durations, region names. */
import type { Duration } from './model';

/** Inline markdown as plain text: emphasis, code spans and link targets removed. */
export function plainText(inline: string): string {
  return inline
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|\*|_|~~|`+)(?=\S)([^\n]*?\S)\1/g, '$2')
    .replace(/\s+/g, ' ')
    .trim();
}

const UNIT_MINUTES: [RegExp, number][] = [
  [/^(h|hr|hrs|hour|hours)$/i, 60],
  [/^(m|min|mins|minute|minutes)$/i, 1],
  [/^(d|day|days)$/i, 1440],
  [/^(s|sec|secs|second|seconds)$/i, 1 / 60],
];

function unitMinutes(unit: string): number | undefined {
  return UNIT_MINUTES.find(([re]) => re.test(unit))?.[1];
}

/** "1 hour", "4 hours", "15 min", "90m", 30 (minutes) -> minutes. */
export function parseDuration(value: unknown): Duration | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return { text: `${value} minutes`, minutes: value };
  }
  if (typeof value !== 'string') {
    return undefined;
  }
  const m = /(\d+(?:\.\d+)?)\s*([a-z]+)/i.exec(value);
  const per = m ? unitMinutes(m[2]) : undefined;
  return m && per !== undefined ? { text: value.trim(), minutes: Number(m[1]) * per } : undefined;
}

/** The time budget in a heading: "Phase 1: Assessment (15 minutes)" -> 15. */
export function headingBudget(title: string): number | undefined {
  const m = /\((\d+(?:\.\d+)?)\s*(minutes?|mins?|m|hours?|hrs?|h)\)/i.exec(title);
  const per = m ? unitMinutes(m[2]) : undefined;
  return m && per !== undefined ? Number(m[1]) * per : undefined;
}

const REGION = /\b([a-z]{2}(?:-gov)?-[a-z]+-\d)\b/;

/** "af-south-1 (Cape Town)" -> "af-south-1". */
export function regionIn(text: string): string | undefined {
  return REGION.exec(text)?.[1];
}

/** "**Primary Region**: af-south-1" -> ["primary region", "af-south-1"]. */
export function keyValue(text: string): [string, string] | undefined {
  const m = /^([^:]{1,60}):\s*(.+)$/.exec(plainText(text));
  return m ? [m[1].trim().toLowerCase(), m[2].trim()] : undefined;
}
