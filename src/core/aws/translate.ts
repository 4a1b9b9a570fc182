/**
 * `aws SERVICE OPERATION [ARGS]` (argv after `aws`) -> an SDK v3 command description. Operation and
 * argument names and types come from the client packages' runtime schemas; see docs/aws.md.
 */
import { readFile as fsReadFile } from 'node:fs/promises';
import * as path from 'node:path';
import { RunbookError } from '../errors';
import type { AwsCommand, AwsGlobals, AwsOutputFormat } from './command';
import { isReadOnly } from './policy';
import { ARG_RENAMES, closest, kebab, SERVICE_ALIASES } from './naming';
import { operationShapes, type Shape } from './schema';
import { AWS_CLI_COMMANDS } from './cliServices';
import { redactSensitive } from './sensitive';
import { AWS_SERVICES, isAwsServiceName, loadSdkModule, type AwsServiceName, type SdkModule } from './sdkModules';
import { argvValue, coerce, parseJson } from './values';

export interface TranslateOptions {
  cwd: string;
  readFile?(path: string): Promise<Buffer>;
}

export const OUTPUTS = ['json', 'text', 'table', 'yaml', 'yaml-stream'];
export const IGNORED_FLAGS = new Set(['no-cli-pager', 'debug', 'no-verify-ssl', 'no-sign-request', 'no-cli-auto-prompt', 'cli-auto-prompt']);
export const SINGLE_VALUE_GLOBALS = new Set(['region', 'profile', 'endpoint-url', 'query', 'output', 'max-items', 'page-size', 'starting-token', 'cli-input-json']);
export const IGNORED_WITH_VALUE = new Set(['color', 'cli-read-timeout', 'cli-connect-timeout', 'cli-binary-format', 'ca-bundle']);

const OPERATIONS = new WeakMap<SdkModule, Map<string, string>>();

/** CLI operation name -> SDK operation name, for one client package (read once per package, which lists thousands of names; shared, not to be changed). */
export function operationsOf(mod: SdkModule): Map<string, string> {
  let ops = OPERATIONS.get(mod);
  if (!ops) {
    ops = readOperations(mod);
    OPERATIONS.set(mod, ops);
  }
  return ops;
}

function readOperations(mod: SdkModule): Map<string, string> {
  const ops = new Map<string, string>();
  for (const key of Object.keys(mod)) {
    const m = /^([A-Z][A-Za-z0-9]*)Command$/.exec(key);
    const schema = m && mod[`${m[1]}$`];
    if (m && Array.isArray(schema) && schema[0] === 9) {
      ops.set(kebab(m[1]), m[1]);
    }
  }
  return ops;
}

/** CLI argument name -> SDK member name for an operation's input. */
export function argumentsOf(service: string, operation: string, input: Shape): Map<string, string> {
  const args = new Map<string, string>();
  for (const [name] of input.members?.() ?? []) {
    const cli = kebab(name);
    args.set(ARG_RENAMES[`${service}.${operation}.${cli}`] ?? cli, name);
  }
  return args;
}

export function resolveService(name: string | undefined): AwsServiceName {
  const s: string = name === undefined ? '' : (SERVICE_ALIASES[name] ?? name);
  if (isAwsServiceName(s)) {
    return s;
  }
  if (s && !s.startsWith('-') && !AWS_CLI_COMMANDS.has(s)) {
    // Not a service at all (`dynamodbb`): never handed to the AWS CLI, so no identity call either.
    const near = closest(s, [...AWS_SERVICES, ...AWS_CLI_COMMANDS]);
    throw new RunbookError('noSuchService', `unknown service ${name ?? ''}${near ? `; did you mean ${near}?` : ''}`, { service: name, suggestion: near });
  }
  const hint = closest(s, AWS_SERVICES);
  throw new RunbookError(
    'unknownService',
    `Unknown or unsupported AWS service "${name ?? ''}"${hint ? ` (did you mean "${hint}"?)` : ''}. Supported: ${AWS_SERVICES.join(', ')}.`,
    { service: name, suggestion: hint },
  );
}

interface RawArgs {
  named: Map<string, string[]>;
  positional: string[];
}

function splitArgv(words: string[]): RawArgs {
  const named = new Map<string, string[]>();
  const positional: string[] = [];
  let current: string[] | undefined;
  for (const w of words) {
    if (/^--[A-Za-z]/.test(w)) {
      const eq = w.indexOf('=');
      const name = eq > 0 ? w.slice(2, eq) : w.slice(2);
      current = named.get(name) ?? [];
      named.set(name, current);
      if (eq > 0) {
        current.push(w.slice(eq + 1));
      }
    } else if (current) {
      current.push(w);
    } else {
      positional.push(w);
    }
  }
  return { named, positional };
}

function one(name: string, values: string[]): string {
  if (values.length !== 1) {
    throw new RunbookError('badValue', `--${name} takes exactly one value.`, { argument: name });
  }
  return values[0];
}

function intArg(name: string, values: string[]): number {
  const n = Number(one(name, values));
  if (!Number.isInteger(n) || n < 1) {
    throw new RunbookError('badValue', `--${name} must be a positive integer.`, { argument: name });
  }
  return n;
}

/** Takes the global options out of the named arguments. */
function takeGlobals(named: Map<string, string[]>, hasDryRunMember: boolean): AwsGlobals {
  const g: AwsGlobals = { output: 'json', noPaginate: false };
  for (const [name, values] of [...named]) {
    let used = true;
    switch (name) {
      case 'region': g.region = one(name, values); break;
      case 'profile': g.profile = one(name, values); break;
      case 'endpoint-url': g.endpointUrl = one(name, values); break;
      case 'query': g.query = one(name, values); break;
      case 'no-paginate': g.noPaginate = true; break;
      case 'max-items': g.maxItems = intArg(name, values); break;
      case 'page-size': g.pageSize = intArg(name, values); break;
      case 'starting-token': g.startingToken = one(name, values); break;
      case 'output': g.output = outputArg(one(name, values)); break;
      case 'dry-run': used = !hasDryRunMember; if (used) { g.dryRun = true; } break;
      default: used = IGNORED_FLAGS.has(name) || IGNORED_WITH_VALUE.has(name);
    }
    if (used) {
      named.delete(name);
    }
  }
  return g;
}

function outputArg(v: string): AwsOutputFormat {
  if (!OUTPUTS.includes(v)) {
    throw new RunbookError('badValue', `--output must be one of json, text, table, yaml; got "${v}".`, { argument: 'output' });
  }
  return v === 'yaml-stream' ? 'yaml' : (v as AwsOutputFormat);
}

/** Resolves `file://` (text) and `fileb://` (bytes) relative to the runbook folder. */
async function loadParamFiles(words: string[], opts: TranslateOptions): Promise<(string | Buffer)[]> {
  const read = opts.readFile ?? ((p: string) => fsReadFile(p));
  return Promise.all(
    words.map(async (w) => {
      const m = /^(fileb?):\/\/(.*)$/s.exec(w);
      if (!m) {
        return w;
      }
      const file = path.resolve(opts.cwd, m[2].replace(/^~(?=\/)/, process.env.HOME ?? '~'));
      let data: Buffer;
      try {
        data = await read(file);
      } catch (e) {
        throw new RunbookError('badValue', `Cannot read ${m[1]}://${m[2]}: ${(e as Error).message}`, { file });
      }
      return m[1] === 'fileb' ? data : data.toString('utf8');
    }),
  );
}

interface OpContext {
  service: AwsServiceName;
  operation: string;
  input: Shape;
  args: Map<string, string>;
  opts: TranslateOptions;
}

function unknownArgument(ctx: OpContext, name: string): never {
  const all = [...ctx.args.keys()].flatMap((a) => [a]);
  const hint = closest(name, all);
  throw new RunbookError(
    'unknownArgument',
    `Unknown argument --${name} for aws ${ctx.service} ${ctx.operation}${hint ? ` (did you mean --${hint}?)` : ''}.`,
    { argument: name, suggestion: hint ? `--${hint}` : undefined },
  );
}

/** Finds the member a CLI argument names, including `--no-flag` for booleans. */
export function memberFor(ctx: Pick<OpContext, 'args' | 'input'>, name: string): { member: string; shape: Shape; negated: boolean } | undefined {
  const members = ctx.input.members?.() ?? [];
  const find = (cli: string) => {
    const member = ctx.args.get(cli) ?? (members.some(([n]) => n === cli) ? cli : undefined);
    const shape = member ? members.find(([n]) => n === member)?.[1] : undefined;
    return member && shape ? { member, shape } : undefined;
  };
  const direct = find(name);
  if (direct) {
    return { ...direct, negated: false };
  }
  const neg = name.startsWith('no-') ? find(name.slice(3)) : undefined;
  return neg?.shape.kind === 'boolean' ? { ...neg, negated: true } : undefined;
}

/** Words after a scalar argument's one value (or after a boolean flag) are positional, as in argparse. */
function takeExtraWords(ctx: OpContext, named: Map<string, string[]>): string[] {
  const extra: string[] = [];
  for (const [name, values] of named) {
    const m = memberFor(ctx, name);
    let keep: number;
    if (m) {
      keep = m.shape.kind === 'list' ? values.length : m.shape.kind === 'boolean' ? (/^(true|false)$/i.test(values[0] ?? '') ? 1 : 0) : 1;
    } else if (SINGLE_VALUE_GLOBALS.has(name) || IGNORED_WITH_VALUE.has(name)) {
      keep = 1;
    } else {
      keep = IGNORED_FLAGS.has(name) || name === 'no-paginate' || name === 'dry-run' ? 0 : values.length;
    }
    extra.push(...values.splice(keep));
  }
  return extra;
}

async function memberValue(ctx: OpContext, name: string, shape: Shape, raw: string[]): Promise<unknown> {
  if (shape.kind === 'boolean' && raw.length === 0) {
    return true;
  }
  if (shape.kind === 'streamingBlob') {
    const file = one(name, raw).replace(/^fileb?:\/\//, '');
    const read = ctx.opts.readFile ?? ((p: string) => fsReadFile(p));
    return read(path.resolve(ctx.opts.cwd, file));
  }
  const words = await loadParamFiles(raw, ctx.opts);
  if (words.length === 1 && Buffer.isBuffer(words[0])) {
    return shape.kind === 'blob' ? words[0] : argvValue([words[0].toString('utf8')], shape, `--${name}`);
  }
  return argvValue(words.map((w) => w.toString()), shape, `--${name}`);
}

async function inputFromArgs(ctx: OpContext, named: Map<string, string[]>): Promise<Record<string, unknown>> {
  const input: Record<string, unknown> = {};
  const cliInput = named.get('cli-input-json');
  named.delete('cli-input-json');
  if (cliInput) {
    const [text] = await loadParamFiles([one('cli-input-json', cliInput)], ctx.opts);
    Object.assign(input, coerce(parseJson(text.toString(), '--cli-input-json'), ctx.input, '--cli-input-json'));
  }
  for (const [name, raw] of named) {
    const m = memberFor(ctx, name);
    if (!m) {
      unknownArgument(ctx, name);
    }
    if (m.negated) {
      if (raw.length > 0) {
        throw new RunbookError('badValue', `--${name} takes no value.`, { argument: name });
      }
      input[m.member] = false;
    } else {
      input[m.member] = await memberValue(ctx, name, m.shape, raw);
    }
  }
  return input;
}

function checkRequired(ctx: OpContext, input: Record<string, unknown>): void {
  const missing = (ctx.input.required ?? []).filter((m) => input[m] === undefined && !isIdempotencyLike(m));
  if (missing.length > 0) {
    const names = missing.map((m) => `--${kebab(m)}`);
    throw new RunbookError(
      'missingArgument',
      `aws ${ctx.service} ${ctx.operation}: the following arguments are required: ${names.join(', ')}`,
      { arguments: names },
    );
  }
}

export function isIdempotencyLike(member: string): boolean {
  return member === 'ClientToken' || member === 'CallerReference';
}

/** Parses argv after `aws` into an SDK command; throws RunbookError naming what is wrong. */
export async function parseAwsArgv(argv: string[], opts: TranslateOptions): Promise<AwsCommand> {
  const [serviceWord, opWord, ...rest] = argv;
  const service = resolveService(serviceWord);
  const mod = await loadSdkModule(service);
  const ops = operationsOf(mod);
  const sdkOp = opWord === undefined ? undefined : ops.get(opWord);
  if (!sdkOp) {
    const hint = opWord === undefined ? undefined : closest(opWord, ops.keys());
    throw new RunbookError(
      'unknownOperation',
      `Unknown operation "${opWord ?? ''}" for aws ${service}${hint ? ` (did you mean "${hint}"?)` : ''}.`,
      { service, operation: opWord, suggestion: hint },
    );
  }
  const { input: inputShape } = operationShapes(mod[`${sdkOp}$`]);
  const ctx: OpContext = { service, operation: opWord as string, input: inputShape, args: argumentsOf(service, opWord as string, inputShape), opts };
  const { named, positional } = splitArgv(rest);
  positional.push(...takeExtraWords(ctx, named));
  const globals = takeGlobals(named, ctx.args.has('dry-run'));
  if (positional.length > 0) {
    if (service === 's3api' && sdkOp === 'GetObject' && positional.length === 1) {
      globals.outfile = path.resolve(opts.cwd, positional[0]);
    } else {
      throw new RunbookError('badValue', `Unexpected value "${positional[0]}" for aws ${service} ${ctx.operation}.`, { argument: positional[0] });
    }
  }
  const input = await inputFromArgs(ctx, named);
  checkRequired(ctx, input);
  if (service === 's3api' && sdkOp === 'GetObject' && !globals.outfile) {
    throw new RunbookError('missingArgument', 'aws s3api get-object: the following arguments are required: outfile', { arguments: ['outfile'] });
  }
  const shownInput = redactSensitive(input, inputShape);
  return { service, operation: ctx.operation, commandName: `${sdkOp}Command`, input, shownInput, globals, readOnly: isReadOnly(service, ctx.operation) };
}
