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

/**
 * Members the model marks sensitive that AWS documents it never answers with the secret, as `Structure.Member`:
 * RDS ("Amazon RDS API operations never return the password": `PendingModifiedValues` only says a change is pending)
 * and ECS's `repositoryCredentials` (its one member is the ARN of the secret, not the secret). Only what an
 * operation may answer is judged by this list; a value that holds them is still redacted by the model.
 */
const ANSWERED_WITHOUT_SECRET: ReadonlySet<string> = new Set([
  'PendingModifiedValues.MasterUserPassword',
  'ClusterPendingModifiedValues.MasterUserPassword',
  'ContainerDefinition.repositoryCredentials',
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

/**
 * Where a secret can sit in a value of `shape`: the path (`Parameter.Value`) of the first member the model marks
 * sensitive or SENSITIVE_MEMBERS names, or undefined. With `value`, only the members it holds count (a request as
 * translated); without, every member the shape can hold (what an operation may answer, before it is called), less
 * those AWS answers without the secret (ANSWERED_WITHOUT_SECRET).
 */
export function sensitivePath(shape: Shape | undefined, value?: { of: unknown }): string | undefined {
  const seen = new Set<Shape>();
  const visit = (s: Shape | undefined, v: unknown, path: string): string | undefined => {
    if (!s || (value && (v === undefined || v === null))) {
      return undefined;
    }
    if (s.sensitive) {
      return path || s.name || 'the value';
    }
    if (s.kind === 'list' || s.kind === 'map') {
      const items = !value ? [undefined] : Array.isArray(v) ? v : isObject(v) ? Object.values(v) : [];
      for (const item of items) {
        const found = visit(s.member, item, `${path}[]`);
        if (found) {
          return found;
        }
      }
      return undefined;
    }
    if (s.kind !== 'structure' || seen.has(s) || (value && !isObject(v))) {
      return undefined;
    }
    // Without a value a structure is walked once (models are recursive); with one, each occurrence counts.
    if (!value) {
      seen.add(s);
    }
    for (const [name, member] of s.members?.() ?? []) {
      const held = value ? (v as Record<string, unknown>)[name] : undefined;
      if (value && (held === undefined || held === null)) {
        continue;
      }
      const at = path ? `${path}.${name}` : name;
      if (!value && ANSWERED_WITHOUT_SECRET.has(`${s.name ?? ''}.${name}`)) {
        continue;
      }
      if (SENSITIVE_MEMBERS.has(`${s.name ?? ''}.${name}`)) {
        return at;
      }
      const found = visit(member, held, at);
      if (found) {
        return found;
      }
    }
    return undefined;
  };
  return visit(shape, value?.of, '');
}
