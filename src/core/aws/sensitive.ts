/**
 * Model-driven redaction: every member the service model marks `sensitive` (the SDK v3 runtime schemas
 * carry the trait) is replaced by [REDACTED] in the result object before any rendering (JSON, text,
 * table, yaml, markdown), and in a request shown for confirmation or as a dry run.
 */
import { REDACTED } from '../incident/secretPatterns';
import type { Shape } from './schema';

/**
 * Members that hold secrets although the model does not mark them sensitive, as `Structure.Member`
 * (STS `Credentials.SessionToken` is a bearer credential; the model types it as a plain string).
 */
export const SENSITIVE_MEMBERS: ReadonlySet<string> = new Set([
  'Credentials.SessionToken',
  'Credentials.SecretAccessKey',
  'AuthorizationData.authorizationToken',
  'AccessKey.SecretAccessKey',
  'LoginProfile.Password',
]);

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A copy of `value` with every sensitive member (by the shape, else by SENSITIVE_MEMBERS) redacted. */
export function redactSensitive<T>(value: T, shape: Shape | undefined): T {
  return walk(value, shape, 0) as T;
}

function walk(value: unknown, shape: Shape | undefined, depth: number): unknown {
  if (value === undefined || value === null || !shape || depth > 64) {
    return value;
  }
  if (shape.sensitive) {
    return REDACTED;
  }
  switch (shape.kind) {
    case 'list':
      return Array.isArray(value) ? value.map((v) => walk(v, shape.member, depth + 1)) : value;
    case 'map':
      return isObject(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, shape.member, depth + 1)])) : value;
    case 'structure':
      return isObject(value) ? structure(value, shape, depth) : value;
    default:
      return value;
  }
}

function structure(value: Record<string, unknown>, shape: Shape, depth: number): Record<string, unknown> {
  const members = new Map(shape.members?.() ?? []);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SENSITIVE_MEMBERS.has(`${shape.name ?? ''}.${k}`) && v !== null && v !== undefined ? REDACTED : walk(v, members.get(k), depth + 1);
  }
  return out;
}
