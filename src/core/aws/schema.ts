/**
 * Reads the runtime schemas the SDK v3 client packages export (`DescribeClustersRequest$` and friends).
 * A schema ref is a number (a simple type, or a list/map of one), a tuple, or a thunk returning a tuple:
 *   [0, ns, name, traits, ref]                  a named simple type
 *   [1, ns, name, traits, valueRef]             list
 *   [2, ns, name, traits, keyRef, valueRef]     map
 *   [3|-3|4, ns, name, traits, memberNames, memberRefs, requiredCount?]   structure (-3 error, 4 union)
 *   [9, ns, name, traits, inputRef, outputRef]  operation
 * A member ref may be wrapped as [ref, memberTraits].
 */
export type ShapeKind =
  | 'string' | 'number' | 'boolean' | 'timestamp' | 'blob' | 'streamingBlob' | 'document'
  | 'list' | 'map' | 'structure' | 'unit';

export interface Shape {
  kind: ShapeKind;
  name?: string;
  /** list: the element; map: the value. */
  member?: Shape;
  /** structure: member name -> shape (resolved lazily through `members()`). */
  members?: () => [string, Shape][];
  required?: readonly string[];
  union?: boolean;
  /** The model's `sensitive` trait (on the type or on the member): the value is a secret. */
  sensitive?: boolean;
}

type Ref = unknown;

const SIMPLE: Record<number, ShapeKind> = {
  0: 'string', 1: 'number', 2: 'boolean', 4: 'timestamp', 5: 'timestamp', 6: 'timestamp', 7: 'timestamp',
  15: 'document', 17: 'number', 19: 'number', 21: 'blob', 42: 'streamingBlob',
};

function deref(ref: Ref): Ref {
  return typeof ref === 'function' ? (ref as () => Ref)() : ref;
}

function simple(code: number, name?: string): Shape {
  if (code >= 128 && code <= 255) {
    return { kind: 'map', name, member: simple(code & 0b0011_1111) };
  }
  if (code >= 64 && code < 128) {
    return { kind: 'list', name, member: simple(code & 0b0011_1111) };
  }
  return { kind: SIMPLE[code] ?? 'string', name };
}

function isMemberWrapper(r: Ref): r is [Ref, unknown] {
  return Array.isArray(r) && r.length === 2 && typeof r[0] !== 'string';
}

const cache = new WeakMap<object, Shape>();

/** The `sensitive` trait: bit 3 of a numeric trait indicator, or a `sensitive` key of a trait object. */
export function hasSensitiveTrait(traits: unknown): boolean {
  if (typeof traits === 'number') {
    return ((traits >> 3) & 1) === 1;
  }
  return traits !== null && typeof traits === 'object' && 'sensitive' in traits;
}

/** Turns a schema ref into a Shape. */
export function shapeOf(ref: Ref): Shape {
  const r = deref(ref);
  if (isMemberWrapper(r)) {
    const inner = shapeOf(r[0]);
    return hasSensitiveTrait(r[1]) && !inner.sensitive ? { ...inner, sensitive: true } : inner;
  }
  if (typeof r === 'number') {
    return simple(r);
  }
  if (r === 'unit' || !Array.isArray(r)) {
    return { kind: 'unit' };
  }
  const known = cache.get(r);
  if (known) {
    return known;
  }
  const shape = tupleShape(r);
  cache.set(r, shape);
  return shape;
}

function tupleShape(t: unknown[]): Shape {
  const shape = tupleKind(t);
  return hasSensitiveTrait(t[3]) ? { ...shape, sensitive: true } : shape;
}

function tupleKind(t: unknown[]): Shape {
  const name = t[2] as string;
  switch (t[0]) {
    case 0: {
      const inner = shapeOf(t[4]);
      return { ...inner, name, kind: inner.kind };
    }
    case 1:
      return { kind: 'list', name, member: shapeOf(t[4]) };
    case 2:
      return { kind: 'map', name, member: shapeOf(t[5]) };
    case 3:
    case -3:
    case 4:
      return structShape(t, name);
    default:
      return { kind: 'unit', name };
  }
}

function structShape(t: unknown[], name: string): Shape {
  const names = (t[4] as string[]) ?? [];
  const refs = (t[5] as Ref[]) ?? [];
  const requiredCount = typeof t[6] === 'number' ? t[6] : 0;
  let members: [string, Shape][] | undefined;
  return {
    kind: 'structure',
    name,
    union: t[0] === 4,
    required: names.slice(0, requiredCount),
    members: () => (members ??= names.map((n, i) => [n, shapeOf(refs[i])])),
  };
}

/** The member names of a structure, in model order ([] for other shapes). */
export function memberNamesOf(shape: Shape): string[] {
  return shape.members ? shape.members().map(([n]) => n) : [];
}

export function memberShape(shape: Shape, name: string): Shape | undefined {
  return shape.members?.().find(([n]) => n === name)?.[1];
}

/** An operation's input and output shapes from its `Xxx$` operation schema. */
export function operationShapes(opSchema: Ref): { input: Shape; output: Shape } {
  const t = deref(opSchema) as unknown[];
  return { input: shapeOf(t[4]), output: shapeOf(t[5]) };
}
