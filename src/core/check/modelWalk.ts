/**
 * What the SDK's runtime schemas do not say but its enum exports do: walks a value already coerced to its
 * shape and reports strings outside their enum and structure members the model requires that are missing.
 */
import type { Shape } from '../aws/schema';
import type { SdkModule } from '../aws/sdkModules';

export interface ModelProblem {
  rule: 'aws-bad-enum' | 'aws-missing-argument';
  message: string;
}

/** Enum exports the model names differently from `<Structure><Member>`. */
const ENUM_ALIASES: Record<string, string> = {
  'ResourceRecordSet.Type': 'RRType',
};

function enumValues(mod: SdkModule, structure: string | undefined, member: string): string[] | undefined {
  const candidates = [structure ? ENUM_ALIASES[`${structure}.${member}`] : undefined, structure ? `${structure}${member}` : undefined, `${member}Enum`];
  for (const name of candidates) {
    const e = name ? mod[name] : undefined;
    if (e && typeof e === 'object' && !Array.isArray(e)) {
      const values = Object.values(e as Record<string, unknown>);
      if (values.length > 0 && values.every((v) => typeof v === 'string')) {
        return values as string[];
      }
    }
  }
  return undefined;
}

interface Walk {
  mod: SdkModule;
  out: ModelProblem[];
}

function walk(w: Walk, value: unknown, shape: Shape, where: string, structure?: string, member?: string): void {
  if (value === null || value === undefined) {
    return;
  }
  if (shape.kind === 'string' && typeof value === 'string' && member) {
    const allowed = enumValues(w.mod, structure, member);
    if (allowed && !allowed.includes(value)) {
      w.out.push({ rule: 'aws-bad-enum', message: `${where}: "${value}" is not one of ${allowed.join(', ')}.` });
    }
  } else if (shape.kind === 'list' && Array.isArray(value) && shape.member) {
    value.forEach((v, i) => walk(w, v, shape.member as Shape, `${where}[${i}]`, structure, member));
  } else if (shape.kind === 'map' && typeof value === 'object' && shape.member) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      walk(w, v, shape.member, `${where}.${k}`);
    }
  } else if (shape.kind === 'structure' && typeof value === 'object' && !Array.isArray(value)) {
    walkStruct(w, value as Record<string, unknown>, shape, where);
  }
}

function walkStruct(w: Walk, value: Record<string, unknown>, shape: Shape, where: string): void {
  const missing = (shape.required ?? []).filter((m) => value[m] === undefined);
  if (missing.length > 0) {
    w.out.push({ rule: 'aws-missing-argument', message: `${where}: missing ${missing.join(', ')} (required by ${shape.name ?? 'the model'}).` });
  }
  for (const [name, memberShape] of shape.members?.() ?? []) {
    walk(w, value[name], memberShape, `${where}.${name}`, shape.name, name);
  }
}

/** Problems in a value of `shape` (the value is what `argvValue`/`coerce` returned). */
export function modelFindings(mod: SdkModule, value: unknown, shape: Shape, where: string, structure?: string, member?: string): ModelProblem[] {
  const w: Walk = { mod, out: [] };
  walk(w, value, shape, where, structure, member);
  return w.out;
}
