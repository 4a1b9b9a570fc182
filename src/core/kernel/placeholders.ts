import type { PlaceholderKind } from './context';

/** A `<NAME>` placeholder, a `${NAME}` or a `$NAME` reference, where it sits in the cell's text. */
export interface PlaceholderRef {
  name: string;
  form: 'angle' | 'brace' | 'dollar';
  start: number;
  end: number;
  /** The shell quoting the reference sits in. */
  quoting: 'none' | 'single' | 'double';
}

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const REF = new RegExp(`<(${NAME})>|\\$\\{(${NAME})\\}|\\$(${NAME})`, 'y');

/** `<NAME>` is a placeholder when written like one (upper case, digits, `_`: `<TG_ARN>`) or declared; `<details>` is text. */
export function isPlaceholderName(name: string, declared?: ReadonlySet<string>): boolean {
  return /^[A-Z][A-Z0-9_]*$/.test(name) || (declared?.has(name) ?? false);
}

/**
 * Finds placeholders and variable references, tracking shell quotes, comments and escapes. `declared`:
 * variable names that make a lower-case `<name>` a placeholder too (the runbook's and the settings').
 */
export function findReferences(text: string, declared?: ReadonlySet<string>): PlaceholderRef[] {
  const refs: PlaceholderRef[] = [];
  let quoting: PlaceholderRef['quoting'] = 'none';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoting === 'none' && c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
      continue;
    }
    if (c === '\\' && quoting !== 'single') {
      i++;
      continue;
    }
    if (c === "'" && quoting !== 'double') {
      quoting = quoting === 'single' ? 'none' : 'single';
      continue;
    }
    if (c === '"' && quoting !== 'single') {
      quoting = quoting === 'double' ? 'none' : 'double';
      continue;
    }
    REF.lastIndex = i;
    const m = REF.exec(text);
    if (!m) {
      continue;
    }
    const form = m[1] ? 'angle' : m[2] ? 'brace' : 'dollar';
    if (form === 'angle' && !isPlaceholderName(m[1], declared)) {
      continue;
    }
    // `${X}` and `$X` are literal inside single quotes; a `<NAME>` is a placeholder wherever it is.
    if (form === 'angle' || quoting !== 'single') {
      refs.push({ name: m[1] ?? m[2] ?? m[3], form, start: i, end: i + m[0].length, quoting });
    }
    i += m[0].length - 1;
  }
  return refs;
}

/** Quotes a value for where the reference sits, so it stays one word whatever it holds. */
export function quoteFor(value: string, quoting: PlaceholderRef['quoting']): string {
  if (quoting === 'single') {
    return value.replace(/'/g, `'\\''`);
  }
  if (quoting === 'double') {
    return value.replace(/[\\"$`]/g, (ch) => `\\${ch}`);
  }
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Replaces each of the given references by what `replacement` returns for it; `undefined` leaves it as written. */
export function replaceReferences(text: string, refs: readonly PlaceholderRef[], replacement: (ref: PlaceholderRef) => string | undefined): string {
  let out = '';
  let at = 0;
  for (const ref of refs) {
    const value = replacement(ref);
    if (value === undefined) {
      continue;
    }
    out += text.slice(at, ref.start) + value;
    at = ref.end;
  }
  return out + text.slice(at);
}

/** Replaces the given references by their values (quoted for their place); others stay as they are. */
export function substitute(text: string, refs: readonly PlaceholderRef[], values: ReadonlyMap<string, string>): string {
  return replaceReferences(text, refs, (ref) => {
    const value = values.get(ref.name);
    return value === undefined ? undefined : quoteFor(value, ref.quoting);
  });
}

/** Target-group ARNs and hosted-zone ids get a pick list of live resources. */
export function placeholderKind(name: string): PlaceholderKind | undefined {
  if (name === 'TG_ARN' || name.endsWith('_TG_ARN') || name === 'TARGET_GROUP_ARN') {
    return 'targetGroupArn';
  }
  if (name === 'ZONE_ID' || name === 'HOSTED_ZONE_ID' || name.endsWith('_ZONE_ID')) {
    return 'hostedZoneId';
  }
  return undefined;
}

/** The `--region` of the command line a position sits on (continuations joined), if it names one. */
export function regionAt(text: string, position: number): string | undefined {
  const lines = text.split('\n');
  let offset = 0;
  let first = 0;
  for (let i = 0; i < lines.length; i++) {
    if (i > 0 && !lines[i - 1].trimEnd().endsWith('\\')) {
      first = i;
    }
    if (position <= offset + lines[i].length) {
      let last = i;
      while (last < lines.length - 1 && lines[last].trimEnd().endsWith('\\')) {
        last++;
      }
      const command = lines.slice(first, last + 1).join(' ');
      return /--region(?:=|\s+)([a-z0-9-]+)/.exec(command)?.[1];
    }
    offset += lines[i].length + 1;
  }
  return undefined;
}
