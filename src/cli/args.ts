/**
 * How every `runbook` subcommand reads its arguments: one declaration per subcommand (its options, their
 * value names and help, its positionals) is both what `node:util` `parseArgs` parses (strict) and what
 * `--help` prints, so the usage never drifts from the parser. A parse error is one line on stderr that
 * names the flag, never a value (a `--secret`/`--var` value may be a secret), plus the usage; exit 2.
 */
import { parseArgs } from 'node:util';
import { closest, editDistance } from '../core/aws/naming';
import { errorMessage, RunbookError } from '../core/errors';
import { type CliIO, EXIT } from './io';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** The value's name in the usage (`--timeout SECONDS`); string options only. */
  value?: string;
  /** What the option does, for `--help` (`\n` starts a continuation line). */
  help: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

export interface CommandSpec<O extends OptionSpecs = OptionSpecs> {
  /** The subcommand (`run`). */
  command: string;
  /** A mode of it with options of its own (`--engine stepfunctions`). */
  variant?: string;
  /** What follows `runbook COMMAND` in the usage line (`FILE [options]`). */
  usage: string;
  /** One line for `runbook --help`. */
  summary: string;
  /** The positional arguments: `name` as the usage writes it, how many (max defaults to min). */
  positionals: { name: string; min: number; max?: number };
  /** A paragraph printed under the usage line. */
  about?: string;
  options: O;
  /** Printed after the options (exit status). */
  footer?: string;
}

type ValueOf<S extends OptionSpec> = S extends { type: 'string' } ? (S extends { multiple: true } ? string[] : string) : S extends { multiple: true } ? boolean[] : boolean;

/** The values `parseArgs` gives for a declaration (an absent option is undefined). */
export type Values<O extends OptionSpecs> = { -readonly [K in keyof O]?: ValueOf<O[K]> };

export interface Parsed<O extends OptionSpecs> {
  values: Values<O>;
  positionals: string[];
  help: boolean;
}

/** A declaration, with its option types kept literal (so `Values` knows which are strings, which repeat). */
export function commandSpec<const O extends OptionSpecs>(spec: CommandSpec<O>): CommandSpec<O> {
  return spec;
}

/** Every subcommand takes `-h, --help`. */
const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', help: 'print this help' };

function allOptions(spec: CommandSpec): [string, OptionSpec][] {
  return [...Object.entries(spec.options), ['help', HELP_OPTION]];
}

function parseConfig(spec: CommandSpec): Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> {
  return Object.fromEntries(allOptions(spec).map(([name, o]) => [name, { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) }]));
}

function flagOf(name: string, o: OptionSpec): string {
  return `--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;
}

type Token = { kind: 'option'; index: number; name: string; rawName: string; value?: string; inlineValue?: boolean } | { kind: 'positional'; index: number; value: string } | { kind: 'option-terminator'; index: number };

/** A declared name the typed one is a slip of (a prefix of it, or two edits away); none rather than a far guess. */
function nearName(name: string, names: string[]): string | undefined {
  const c = closest(name, names);
  return c !== undefined && (c.startsWith(name) || editDistance(name, c) <= 2) ? c : undefined;
}

/** What is wrong with one token, in words that name the flag and never quote a value. */
function tokenProblem(spec: CommandSpec, t: Token): string | undefined {
  if (t.kind !== 'option') {
    return undefined;
  }
  const o = Object.hasOwn(spec.options, t.name) ? spec.options[t.name] : t.name === 'help' ? HELP_OPTION : undefined;
  if (!o) {
    const near = t.rawName.startsWith('--') ? nearName(t.name, Object.keys(spec.options)) : undefined;
    return `Unknown option '${t.rawName}'${near ? ` (did you mean --${near}?)` : ''}`;
  }
  if (o.type === 'boolean') {
    return t.value !== undefined ? `option ${t.rawName} takes no value` : undefined;
  }
  if (t.value === undefined) {
    return `option ${t.rawName} needs a value (${flagOf(t.name, o)})`;
  }
  if (!t.inlineValue && t.value.startsWith('-')) {
    return `option ${t.rawName} needs a value, and the next argument starts with '-' (give such a value after an '=')`;
  }
  return undefined;
}

/** `--help` or `-h`, alone or in a group of known boolean flags (`-yh`); `-Xh...` is an unknown `-X`, not a request for help. */
function asksForHelp(spec: CommandSpec, tokens: Token[]): boolean {
  const help = tokens.find((t) => t.kind === 'option' && t.name === 'help' && t.value === undefined);
  if (help?.kind !== 'option') {
    return false;
  }
  const sameArg = tokens.filter((t) => t.kind === 'option' && t.index === help.index);
  return sameArg.every((t) => t.kind === 'option' && (t.name === 'help' || (Object.hasOwn(spec.options, t.name) && spec.options[t.name].type === 'boolean')));
}

function positionalProblem(spec: CommandSpec, positionals: string[]): string | undefined {
  const { name, min, max = min } = spec.positionals;
  if (positionals.length < min) {
    return `${name} is missing`;
  }
  if (positionals.length > max) {
    // Counted, not quoted: a stray argument may be a secret that lost its flag.
    return max === 0 ? `takes no ${name}, got ${positionals.length} argument(s)` : `one ${name} only, got ${positionals.length} arguments`;
  }
  return undefined;
}

/**
 * Parses `args` by `spec` (strict `parseArgs`); `help` is set when `-h`/`--help` is given (then nothing else is
 * checked). Throws a `usage` RunbookError whose message names the flag at fault and quotes no value.
 */
export function parseCommand<O extends OptionSpecs>(spec: CommandSpec<O>, args: string[]): Parsed<O> {
  const options = parseConfig(spec);
  const { tokens } = parseArgs({ args, options, allowPositionals: true, strict: false, tokens: true });
  if (asksForHelp(spec, tokens)) {
    return { values: {}, positionals: [], help: true };
  }
  for (const t of tokens) {
    const problem = tokenProblem(spec, t);
    if (problem) {
      throw new RunbookError('usage', problem);
    }
  }
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    // Every strict error is caught above; should Node find another, its code says what, without the arguments.
    throw new RunbookError('usage', `bad arguments (${(e as { code?: string }).code ?? errorMessage(e).split(/[.\n]/)[0]})`);
  }
  const problem = positionalProblem(spec, parsed.positionals);
  if (problem) {
    throw new RunbookError('usage', problem);
  }
  const { help: _help, ...values } = parsed.values;
  return { values: values as Values<O>, positionals: parsed.positionals, help: false };
}

/** `runbook run FILE [options]` (the usage line, without `usage: `). */
export function usageLine(spec: CommandSpec): string {
  return `runbook ${spec.command} ${spec.usage}`;
}

/** `runbook run --help`, or `runbook run --engine stepfunctions --help`. */
function helpCommand(spec: CommandSpec): string {
  return `runbook ${spec.command}${spec.variant ? ` ${spec.variant}` : ''} --help`;
}

/** The one line a usage error prints: the problem, then the usage, on one line. */
export function usageErrorLine(spec: CommandSpec, message: string): string {
  const prefix = `runbook ${spec.command}: `;
  // Some shared helpers (engineCommon) name the command themselves: say it once.
  const text = message.split('\n')[0];
  return `${prefix}${text.startsWith(prefix) ? text.slice(prefix.length) : text} (usage: ${usageLine(spec)}; \`${helpCommand(spec)}\` lists the options)\n`;
}

/** The `--help` text, from the declaration: usage line, about, one line (or more) per option, footer. */
export function helpText(spec: CommandSpec): string {
  const entries = allOptions(spec).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}${flagOf(name, o)}`;
    return { flag, help: o.multiple ? `${o.help}; repeatable` : o.help };
  });
  const width = Math.max(24, ...entries.map((e) => e.flag.length)) + 2;
  const lines = entries.flatMap((e) => e.help.split('\n').map((h, i) => `  ${(i === 0 ? e.flag : '').padEnd(width)}${h}`));
  return [`usage: ${usageLine(spec)}`, '', ...(spec.about ? [spec.about, ''] : []), 'options:', ...lines, ...(spec.footer ? ['', spec.footer] : []), ''].join('\n');
}

/**
 * The one entry every subcommand goes through: the parsed arguments, or the exit code once `--help`
 * (stdout, 0) or a usage error (one line on stderr, 2) has been printed.
 */
export function parseOrExit<O extends OptionSpecs>(spec: CommandSpec<O>, args: string[], io: CliIO, check?: (parsed: Parsed<O>) => void): Parsed<O> | number {
  try {
    const parsed = parseCommand(spec, args);
    if (parsed.help) {
      io.stdout(helpText(spec));
      return EXIT.ok;
    }
    check?.(parsed);
    return parsed;
  } catch (e) {
    io.stderr(usageErrorLine(spec, errorMessage(e)));
    return EXIT.usage;
  }
}
