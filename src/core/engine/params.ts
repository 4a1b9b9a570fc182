/**
 * A translated SDK input -> Task `Parameters` as Step Functions expects them: structure members in
 * PascalCase (map keys and list items untouched), blobs as text, timestamps as ISO-8601, and
 * placeholders without a compile-time value read from the execution input (`$.vars.NAME`).
 */
import { RunbookError } from '../errors';
import { memberNamesOf, memberShape, type Shape } from '../aws/schema';

/** How a placeholder without a value travels through the CLI translation: one plain word. */
const SENTINEL = /@@RBVAR:([A-Za-z_][A-Za-z0-9_]*)@@/g;

export function sentinel(name: string): string {
  return `@@RBVAR:${name}@@`;
}

/** The variable names a value (string) refers to. */
function varsIn(text: string): string[] {
  return [...text.matchAll(SENTINEL)].map((m) => m[1]);
}

function escapeFormat(text: string): string {
  return text.replace(/[\\'{}]/g, (c) => `\\${c}`);
}

function literal(text: string): string {
  return `'${escapeFormat(text)}'`;
}

/** A JSONPath or intrinsic for a string holding placeholders: `$.vars.X`, or States.Format(...). */
export function dynamicString(text: string): string {
  const whole = /^@@RBVAR:([A-Za-z_][A-Za-z0-9_]*)@@$/.exec(text);
  if (whole) {
    return `$.vars.${whole[1]}`;
  }
  const parts = text.split(SENTINEL);
  const template = parts.filter((_, i) => i % 2 === 0).map(escapeFormat).join('{}');
  const args = parts.filter((_, i) => i % 2 === 1).map((n) => `$.vars.${n}`);
  return `States.Format(${[`'${template}'`, ...args].join(', ')})`;
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function isBufferLike(v: unknown): v is Uint8Array {
  return v instanceof Uint8Array;
}

function scalar(value: unknown): unknown {
  if (isBufferLike(value)) {
    return Buffer.from(value).toString('utf8');
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  return value;
}

/** A list whose items are strings with placeholders becomes States.Array(...). */
function dynamicList(items: unknown[], where: string): string {
  const args = items.map((it) => {
    if (typeof it !== 'string') {
      throw new RunbookError('engineUnsupported', `${where}: a placeholder inside a list of objects needs a value at compile time (--var).`);
    }
    return varsIn(it).length ? dynamicString(it) : literal(it);
  });
  return `States.Array(${args.join(', ')})`;
}

function hasVars(value: unknown): boolean {
  if (typeof value === 'string') {
    return varsIn(value).length > 0;
  }
  if (Array.isArray(value)) {
    return value.some(hasVars);
  }
  if (value && typeof value === 'object' && !isBufferLike(value) && !(value instanceof Date)) {
    return Object.values(value).some(hasVars);
  }
  return false;
}

/** Sets `key` (or `key.$` for a value read at run time) on `out`. */
function put(out: Record<string, unknown>, key: string, value: unknown, shape: Shape | undefined, where: string): void {
  if (typeof value === 'string' && varsIn(value).length) {
    out[`${key}.$`] = dynamicString(value);
  } else if (Array.isArray(value) && value.some((v) => typeof v === 'string' && varsIn(v).length)) {
    out[`${key}.$`] = dynamicList(value, where);
  } else {
    out[key] = toParameters(value, shape, `${where}.${key}`);
  }
}

/** Converts one value against its shape (an unknown shape keeps keys as they are). */
export function toParameters(value: unknown, shape: Shape | undefined, where = 'input'): unknown {
  if (Array.isArray(value)) {
    if (value.some((v) => typeof v !== 'string' && hasVars(v))) {
      throw new RunbookError('engineUnsupported', `${where}: a placeholder inside a list of objects needs a value at compile time (--var).`);
    }
    return value.map((v) => toParameters(v, shape?.kind === 'list' ? shape.member : undefined, where));
  }
  if (!value || typeof value !== 'object' || isBufferLike(value) || value instanceof Date) {
    return scalar(value);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (shape?.kind === 'structure') {
      put(out, pascal(k), v, memberShape(shape, k), where);
    } else {
      put(out, k, v, shape?.kind === 'map' ? shape.member : undefined, where);
    }
  }
  return out;
}

/**
 * The other way: Step Functions' PascalCase members (a Task's `Parameters`, or its answer in the history) -> the
 * model's member names, as the SDK and a local run have them (map keys and list items kept); `order: 'model'` puts
 * an answer's members in the model's order, as the SDK reads an answer.
 */
export function fromStepFunctions(value: unknown, shape: Shape | undefined, order: 'given' | 'model' = 'given'): unknown {
  if (Array.isArray(value)) {
    return value.map((v) => fromStepFunctions(v, shape?.kind === 'list' ? shape.member : undefined, order));
  }
  if (!value || typeof value !== 'object' || !shape || (shape.kind !== 'structure' && shape.kind !== 'map')) {
    return value;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (shape.kind === 'map') {
    return Object.fromEntries(entries.map(([k, v]) => [k, fromStepFunctions(v, shape.member, order)]));
  }
  const names = memberNamesOf(shape);
  const named = entries.map(([k, v]): [string, unknown] => {
    const name = names.find((n) => n === k) ?? names.find((n) => n.toLowerCase() === k.toLowerCase()) ?? k;
    return [name, fromStepFunctions(v, memberShape(shape, name), order)];
  });
  if (order === 'given') {
    return Object.fromEntries(named);
  }
  // An answer in the model's order, as the SDK reads one (so a record's JSON reads the same either way); others after.
  const rank = (n: string): number => (names.includes(n) ? names.indexOf(n) : names.length);
  return Object.fromEntries(named.map((e, i) => [e, i] as const).sort(([a, i], [b, j]) => rank(a[0]) - rank(b[0]) || i - j).map(([e]) => e));
}

/** The variable names a translated input still needs from the execution input. */
export function runtimeVariables(value: unknown): string[] {
  const names = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      varsIn(v).forEach((n) => names.add(n));
    } else if (Array.isArray(v)) {
      v.forEach(walk);
    } else if (v && typeof v === 'object' && !isBufferLike(v) && !(v instanceof Date)) {
      Object.values(v).forEach(walk);
    }
  };
  walk(value);
  return [...names].sort();
}
