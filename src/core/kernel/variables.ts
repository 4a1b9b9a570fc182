import { RunbookError } from '../errors';
import { secretNames, secretValues } from '../incident/secrets';
import type { VariableEvent } from '../session/events';
import { utcNow } from '../session/session';
import type { ExecContext } from './context';
import { findReferences, placeholderKind, regionAt, substitute, type PlaceholderRef } from './placeholders';

export type VariableSource = VariableEvent['source'];

export interface VariableValue {
  value: string;
  source: VariableSource;
}

/** A cell's text once its placeholders have values. */
export interface ResolvedCell {
  /** `<NAME>` placeholders replaced; `$X` / `${X}` left for the shell, whose environment holds them. */
  shellText: string;
  /** Every reference with a runbook value replaced (for commands that run in-process). */
  fullText: string;
  /** The runbook variables a shell cell gets in its environment. */
  env: Record<string, string>;
  /** Values never to be shown, recorded or logged. */
  secretValues: string[];
}

/** What variables and their secrecy are read from: the runbook's outline, the session, the settings. */
export type VariableScope = Pick<ExecContext, 'outline' | 'session'> & { settings: Pick<ExecContext['settings'], 'variables' | 'secretVariables'> };

/** Order: the runbook's frontmatter, the session, the settings. */
export function lookupVariable(name: string, ctx: VariableScope): VariableValue | undefined {
  const fm = ctx.outline?.variables[name];
  if (fm !== undefined && fm !== '') {
    return { value: fm, source: 'frontmatter' };
  }
  const sv = ctx.session.variables.get(name);
  if (sv !== undefined) {
    return { value: sv, source: 'session' };
  }
  const st = ctx.settings.variables[name];
  return st !== undefined ? { value: st, source: 'settings' } : undefined;
}

/** Emits a VariableEvent unless the session already recorded this name with this value and source. */
export function recordVariable(ctx: ExecContext, name: string, value: string, source: VariableSource): void {
  const secret = secretNames(ctx).has(name);
  const last = [...ctx.session.events].reverse().find((e): e is VariableEvent => e.type === 'variable' && e.name === name);
  if (last && last.source === source && (secret ? last.secret : last.value === value)) {
    return;
  }
  ctx.session.emit({ type: 'variable', time: utcNow(), name, ...(secret ? {} : { value }), secret, source });
}

/** Sets a session variable (prompt, CLI --var, the setVariable command) and records it. */
export function setSessionVariable(ctx: ExecContext, name: string, value: string, source: VariableSource, secret = false): void {
  if (secret) {
    ctx.session.secrets.add(name);
  }
  ctx.session.variables.set(name, value);
  recordVariable(ctx, name, value, source);
}

/** The region of an AWS call: the command's, the settings', the frontmatter's, the environment's; global services fall back to us-east-1. */
export function awsRegion(ctx: ExecContext, commandRegion?: string, service?: string): string {
  const fm = ctx.outline?.frontmatter.region;
  const env = ctx.env ?? process.env;
  const region = commandRegion || ctx.settings.aws.defaultRegion || (typeof fm === 'string' ? fm : '') || env.AWS_REGION || env.AWS_DEFAULT_REGION || '';
  return region || (service === 'route53' || service === 'sts' ? 'us-east-1' : '');
}

/** The profile of a call: the command's `--profile`, the runbook's frontmatter, the setting. */
export function profileFor(commandProfile: string | undefined, ctx: ExecContext): string | undefined {
  const fm = ctx.outline?.frontmatter.profile;
  return commandProfile || (typeof fm === 'string' && fm ? fm : undefined) || ctx.settings.aws.profile || undefined;
}

/** A region to list resources in for a prompt when the cell names none. */
export function defaultRegion(ctx: ExecContext): string {
  return awsRegion(ctx) || 'us-east-1';
}

/** True when the cell sets the variable itself (`X=...`, `for X in`, `read X`, `export X`...). */
export function assignedInCell(name: string, text: string): boolean {
  return new RegExp(`(^|[\\s;(&|])${name}=|\\b(for|read|local|export|declare|readonly)\\s+(-\\w+\\s+)*${name}\\b`, 'm').test(text);
}

function needsValue(ref: PlaceholderRef, text: string, ctx: ExecContext): boolean {
  if (ref.form === 'angle') {
    return true;
  }
  // `${X}` must have a value from somewhere; `$X` is left to the environment.
  return ref.form === 'brace' && (ctx.env ?? process.env)[ref.name] === undefined && !assignedInCell(ref.name, text);
}

async function promptFor(ref: PlaceholderRef, text: string, ctx: ExecContext, cellIndex?: number): Promise<string> {
  const secret = secretNames(ctx).has(ref.name);
  const value = await ctx.prompt({
    name: ref.name,
    kind: placeholderKind(ref.name),
    region: regionAt(text, ref.start) ?? defaultRegion(ctx),
    profile: profileFor(undefined, ctx),
    secret,
    cellIndex,
  });
  if (value === undefined || value === '') {
    const shown = ref.form === 'angle' ? `<${ref.name}>` : `\${${ref.name}}`;
    throw new RunbookError('unresolvedPlaceholder', `${shown} has no value: the cell was not run. Set ${ref.name} (runbooks: Set Variable, or runbook run --var ${ref.name}=...).`, { name: ref.name });
  }
  setSessionVariable(ctx, ref.name, value, 'prompt', secret);
  return value;
}

/**
 * Gives every placeholder of a cell a value (frontmatter, session, settings, else a prompt) before
 * anything runs. Throws `unresolvedPlaceholder` rather than ever running the literal text.
 */
export async function resolveCell(text: string, ctx: ExecContext, cellIndex?: number): Promise<ResolvedCell> {
  const declared = new Set([...Object.keys(ctx.outline?.variables ?? {}), ...Object.keys(ctx.settings.variables), ...ctx.session.variables.keys()]);
  const refs = findReferences(text, declared);
  const values = new Map<string, string>();
  // Whoever else redacts from the session (journal, record) learns every secret name too.
  secretNames(ctx).forEach((n) => ctx.session.secrets.add(n));
  for (const ref of refs) {
    if (values.has(ref.name)) {
      continue;
    }
    const known = lookupVariable(ref.name, ctx);
    if (known) {
      values.set(ref.name, known.value);
      if (known.source !== 'session') {
        recordVariable(ctx, ref.name, known.value, known.source);
      }
    } else if (needsValue(ref, text, ctx)) {
      values.set(ref.name, await promptFor(ref, text, ctx, cellIndex));
    }
  }
  const env: Record<string, string> = { ...ctx.settings.variables, ...Object.fromEntries(ctx.session.variables), ...(ctx.outline?.variables ?? {}) };
  return {
    shellText: substitute(text, refs.filter((r) => r.form === 'angle'), values),
    fullText: substitute(text, refs, values),
    env,
    secretValues: secretValues(ctx),
  };
}
