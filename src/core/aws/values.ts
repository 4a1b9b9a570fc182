/**
 * Turns CLI argument text (JSON, shorthand, plain) into SDK input values, guided by the member's Shape.
 * Unknown structure keys fail with a suggestion; nothing is guessed.
 */
import { RunbookError } from '../errors';
import { closest } from './naming';
import { memberNamesOf, memberShape, type Shape } from './schema';
import { looksLikeShorthand, parseShorthand } from './shorthand';

function bad(where: string, msg: string): never {
  throw new RunbookError('badValue', `Invalid value for ${where}: ${msg}`, { argument: where });
}

/** Converts a plain string to a scalar of the shape's kind. */
export function scalarValue(text: string, shape: Shape, where: string): unknown {
  switch (shape.kind) {
    case 'number': {
      const n = Number(text);
      if (text.trim() === '' || !Number.isFinite(n)) {
        bad(where, `"${text}" is not a number.`);
      }
      return n;
    }
    case 'boolean':
      if (!/^(true|false)$/i.test(text)) {
        bad(where, `"${text}" is not true or false.`);
      }
      return text.toLowerCase() === 'true';
    case 'timestamp':
      return timestampValue(text, where);
    case 'blob':
    case 'streamingBlob':
      return Buffer.from(text, 'utf8');
    case 'document':
      return parseJson(text, where);
    default:
      return text;
  }
}

function timestampValue(v: unknown, where: string): Date {
  const d = typeof v === 'number' || /^\d+(\.\d+)?$/.test(String(v)) ? new Date(Number(v) * 1000) : new Date(String(v));
  if (Number.isNaN(d.getTime())) {
    bad(where, `"${String(v)}" is not a timestamp (ISO 8601 or epoch seconds).`);
  }
  return d;
}

export function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    return bad(where, `not valid JSON (${(e as Error).message}).`);
  }
}

/** Coerces a parsed JSON / shorthand value to the shape, checking structure keys. */
export function coerce(value: unknown, shape: Shape, where: string): unknown {
  if (value === null || value === undefined) {
    return value;
  }
  switch (shape.kind) {
    case 'structure':
      return coerceStruct(value, shape, where);
    case 'list': {
      const items = Array.isArray(value) ? value : [value];
      return items.map((v, i) => coerce(v, shape.member as Shape, `${where}[${i}]`));
    }
    case 'map':
      if (typeof value !== 'object' || Array.isArray(value)) {
        bad(where, 'expected a map.');
      }
      return Object.fromEntries(
        Object.entries(value as object).map(([k, v]) => [k, coerce(v, shape.member as Shape, `${where}.${k}`)]),
      );
    case 'document':
      return value;
    case 'timestamp':
      return value instanceof Date ? value : timestampValue(value, where);
    case 'blob':
    case 'streamingBlob':
      return Buffer.isBuffer(value) ? value : Buffer.from(String(value), 'utf8');
    default:
      return coerceScalar(value, shape, where);
  }
}

function coerceScalar(value: unknown, shape: Shape, where: string): unknown {
  if (typeof value === 'string') {
    return scalarValue(value, shape, where);
  }
  if (typeof value === 'object') {
    bad(where, `expected a ${shape.kind}, got ${Array.isArray(value) ? 'a list' : 'a structure'}.`);
  }
  return value;
}

function coerceStruct(value: unknown, shape: Shape, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || Array.isArray(value)) {
    bad(where, 'expected a structure.');
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const m = memberShape(shape, k);
    if (!m) {
      const names = memberNamesOf(shape);
      const hint = closest(k, names);
      throw new RunbookError(
        'unknownArgument',
        `Unknown parameter in ${where}: "${k}"${hint ? ` (did you mean "${hint}"?)` : ''}; must be one of: ${names.join(', ')}`,
        { argument: k, suggestion: hint },
      );
    }
    out[k] = coerce(v, m, `${where}.${k}`);
  }
  return out;
}

function isComplex(shape: Shape): boolean {
  return shape.kind === 'structure' || shape.kind === 'map';
}

/** One argv word for a member: JSON when it looks like JSON, shorthand for complex shapes, else a scalar. */
export function wordValue(word: string, shape: Shape, where: string): unknown {
  const t = word.trim();
  if ((t.startsWith('{') || t.startsWith('[')) && shape.kind !== 'string') {
    return coerce(parseJson(t, where), shape, where);
  }
  if (isComplex(shape)) {
    if (!looksLikeShorthand(t)) {
      bad(where, `expected JSON or shorthand (Key=Value,...), got "${word}".`);
    }
    return coerce(parseShorthand(t), shape, where);
  }
  if (shape.kind === 'list') {
    return [wordValue(word, shape.member as Shape, where)];
  }
  return scalarValue(word, shape, where);
}

/** All argv words given for one member. */
export function argvValue(words: string[], shape: Shape, where: string): unknown {
  if (shape.kind === 'list') {
    const el = shape.member as Shape;
    if (words.length === 1 && words[0].trim().startsWith('[')) {
      return coerce(parseJson(words[0], where), shape, where);
    }
    return words.map((w) => wordValue(w, el, where));
  }
  if (words.length !== 1) {
    bad(where, `expected one value, got ${words.length}.`);
  }
  return wordValue(words[0], shape, where);
}
