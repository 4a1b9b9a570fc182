/**
 * Checks one `aws …` command against the SDK's service model without calling AWS: service, operation,
 * arguments (closest name), required members, value types, JSON and shorthand, enums, arguments given twice,
 * `file://` payloads (read and validated as the member's shape), `--query` syntax and a missing `--region`.
 */
import { readFile as fsReadFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as jmespath from 'jmespath';
import { iamAction } from '../aws/iamAction';
import { isReadOnly } from '../aws/policy';
import { closest, editDistance, kebab, SERVICE_ALIASES } from '../aws/naming';
import { operationShapes, type Shape } from '../aws/schema';
import { AWS_SERVICES, isAwsServiceName, loadSdkModule, type AwsServiceName, type SdkModule } from '../aws/sdkModules';
import { argumentsOf, IGNORED_FLAGS, IGNORED_WITH_VALUE, isIdempotencyLike, memberFor, operationsOf, OUTPUTS, SINGLE_VALUE_GLOBALS } from '../aws/translate';
import { argvValue } from '../aws/values';
import { errorMessage, RunbookError } from '../errors';
import type { CellContext } from './context';
import { type CellFinding, rangeOf } from './finding';
import { modelFindings } from './modelWalk';
import { rule } from './rules';
import type { CommandWords, Word } from './words';

/** What the other checks (DR lint, live) need to know about an aws command. */
export interface AwsUse {
  cell: number;
  service: AwsServiceName;
  operation: string;
  readOnly: boolean;
  region?: string;
  regionWord?: Word;
  opWord: Word;
  /** The IAM action the call needs (`elasticloadbalancing:DescribeTargetHealth`). */
  iamAction?: string;
  /** Offsets of the whole command in the cell. */
  start: number;
  end: number;
  /** Values that could be read, by SDK member name. */
  input: Record<string, unknown>;
  /** The words of each member's value. */
  valueWords: Map<string, Word[]>;
}

interface Arg {
  name: string;
  nameWord: Word;
  values: Word[];
}

const GLOBAL_NAMES = ['region', 'profile', 'endpoint-url', 'query', 'output', 'max-items', 'page-size', 'starting-token', 'no-paginate', 'cli-input-json', 'debug', 'no-cli-pager'];
const GLOBAL_SERVICES = new Set(['route53', 'sts']);
/** Real AWS CLI services outside the models known here: run through the CLI, reported as not checked, never "did you mean". */
const OTHER_CLI_SERVICES = new Set([
  'acm', 'apigateway', 'application-autoscaling', 'autoscaling', 'backup', 'cloudformation', 'cloudfront', 'cloudtrail', 'configure', 'ec2',
  'ecr', 'efs', 'eks', 'elasticache', 'elb', 'events', 'globalaccelerator', 'iam', 'kinesis', 'kms', 'lambda', 'logs', 'organizations',
  'route53-recovery-cluster', 'route53-recovery-control-config', 'route53-recovery-readiness', 'route53resolver', 's3', 'secretsmanager',
  'sns', 'sqs', 'ssm', 'stepfunctions', 'wafv2',
]);
const REF = /<[A-Za-z_][A-Za-z0-9_]*>|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/g;

const OPERATIONS = new WeakMap<SdkModule, Map<string, string>>();

/** operationsOf, once per client package. */
function operations(mod: SdkModule): Map<string, string> {
  let ops = OPERATIONS.get(mod);
  if (!ops) {
    ops = operationsOf(mod);
    OPERATIONS.set(mod, ops);
  }
  return ops;
}

export interface AwsCheckResult {
  findings: CellFinding[];
  use?: AwsUse;
}

function finding(ctx: CellContext, id: string, word: { start: number; end: number }, message: string, extra: Partial<CellFinding> = {}): CellFinding {
  const r = rule(id);
  return { severity: r.severity, rule: id, message, why: r.why, helpUri: r.helpUri, cell: ctx.index, range: rangeOf(ctx.source, word.start, word.end), ...extra };
}

function replaceFix(ctx: CellContext, word: Word, newText: string): CellFinding['fix'] {
  return { title: `Change to ${newText}`, range: rangeOf(ctx.source, word.start, word.end), newText };
}

/** A word's text with known variables substituted; undefined while a reference is left. */
function resolved(word: Word, values: ReadonlyMap<string, string>): string | undefined {
  let unknown = false;
  const text = word.text.replace(REF, (ref) => {
    const name = ref.replace(/[<>${}]/g, '');
    const v = values.get(name);
    unknown ||= v === undefined;
    return v ?? ref;
  });
  return unknown ? undefined : text;
}

/** Leading global options (`aws --region r ecs …`) and the service word. */
function splitHead(words: Word[]): { globals: Word[]; service?: Word; rest: Word[] } {
  let i = 1;
  const globals: Word[] = [];
  while (i < words.length && words[i].text.startsWith('--')) {
    const name = words[i].text.slice(2).split('=')[0];
    const takes = !words[i].text.includes('=') && (SINGLE_VALUE_GLOBALS.has(name) || IGNORED_WITH_VALUE.has(name)) ? 2 : 1;
    globals.push(...words.slice(i, i + takes));
    i += takes;
  }
  return { globals, service: words[i], rest: [...globals, ...words.slice(i + 2)] };
}

function groupArgs(words: Word[]): { args: Arg[]; stray: Word[] } {
  const args: Arg[] = [];
  const stray: Word[] = [];
  for (const w of words) {
    if (/^--[A-Za-z]/.test(w.text)) {
      const eq = w.text.indexOf('=');
      const arg: Arg = { name: eq > 0 ? w.text.slice(2, eq) : w.text.slice(2), nameWord: w, values: [] };
      if (eq > 0) {
        arg.values.push({ text: w.text.slice(eq + 1), start: w.start + eq + 1, end: w.end });
      }
      args.push(arg);
    } else if (args.length > 0) {
      args[args.length - 1].values.push(w);
    } else {
      stray.push(w);
    }
  }
  return { args, stray };
}

function serviceFinding(ctx: CellContext, word: Word | undefined, all: Word[]): CellFinding {
  const name = word?.text ?? '';
  const hint = closest(name, AWS_SERVICES);
  const at = word ?? all[0];
  if (word && (OTHER_CLI_SERVICES.has(name) || !(hint && editDistance(name, hint) <= 2))) {
    return finding(ctx, 'aws-unchecked-service', at, `aws ${name}: not checked (the service models known here: ${AWS_SERVICES.join(', ')}).`);
  }
  return finding(ctx, 'aws-unknown-service', at, `Unknown AWS service "${name}"${hint ? ` (did you mean "${hint}"?)` : ''}.`, hint && word ? { fix: replaceFix(ctx, word, hint) } : {});
}

interface OpState {
  ctx: CellContext;
  service: AwsServiceName;
  operation: string;
  mod: SdkModule;
  input: Shape;
  argNames: Map<string, string>;
  findings: CellFinding[];
  use: AwsUse;
}

/** Checks `aws SERVICE OPERATION ARGS…`; `cmd.words[0]` is `aws`. */
export async function checkAwsCommand(ctx: CellContext, cmd: CommandWords): Promise<AwsCheckResult> {
  const { service: serviceWord, rest } = splitHead(cmd.words);
  const serviceName = serviceWord ? (SERVICE_ALIASES[serviceWord.text] ?? serviceWord.text) : '';
  if (!isAwsServiceName(serviceName)) {
    return { findings: [serviceFinding(ctx, serviceWord, cmd.words)] };
  }
  const mod = await loadSdkModule(serviceName);
  const ops = operations(mod);
  const opWord = cmd.words[cmd.words.indexOf(serviceWord as Word) + 1];
  const sdkOp = opWord ? ops.get(opWord.text) : undefined;
  if (!opWord || !sdkOp) {
    const hint = opWord ? closest(opWord.text, ops.keys()) : undefined;
    const at = opWord ?? (serviceWord as Word);
    const msg = `Unknown operation "${opWord?.text ?? ''}" for aws ${serviceName}${hint ? ` (did you mean "${hint}"?)` : ''}.`;
    return { findings: [finding(ctx, 'aws-unknown-operation', at, msg, hint && opWord ? { fix: replaceFix(ctx, opWord, hint) } : {})] };
  }
  const input = operationShapes(mod[`${sdkOp}$`]).input;
  const last = cmd.words[cmd.words.length - 1];
  const state: OpState = {
    ctx, service: serviceName, operation: opWord.text, mod, input, argNames: argumentsOf(serviceName, opWord.text, input), findings: [],
    use: { cell: ctx.index, service: serviceName, operation: opWord.text, readOnly: isReadOnly(serviceName, opWord.text), opWord, iamAction: iamAction(serviceName, sdkOp), start: cmd.words[0].start, end: last.end, input: {}, valueWords: new Map() },
  };
  const { args, stray } = groupArgs(rest);
  stray.forEach((w) => state.findings.push(finding(ctx, 'aws-bad-value', w, `Unexpected value "${w.text}" for aws ${serviceName} ${opWord.text}.`)));
  const seen = new Set<string>();
  for (const arg of args) {
    if (seen.has(arg.name)) {
      state.findings.push(finding(ctx, 'aws-duplicate-argument', arg.nameWord, `--${arg.name} is given more than once.`));
      continue;
    }
    seen.add(arg.name);
    await checkArg(state, arg);
  }
  checkRequired(state, args);
  checkRegion(state, last);
  return { findings: state.findings, use: state.use };
}

async function checkArg(s: OpState, arg: Arg): Promise<void> {
  const { ctx } = s;
  if (GLOBAL_NAMES.includes(arg.name) || IGNORED_FLAGS.has(arg.name) || IGNORED_WITH_VALUE.has(arg.name) || (arg.name === 'dry-run' && !s.argNames.has('dry-run'))) {
    checkGlobal(s, arg);
    return;
  }
  const m = memberFor({ args: s.argNames, input: s.input }, arg.name);
  if (!m) {
    const hint = closest(arg.name, [...s.argNames.keys()]);
    const msg = `Unknown argument --${arg.name} for aws ${s.service} ${s.operation}${hint ? ` (did you mean --${hint}?)` : ''}.`;
    s.findings.push(finding(ctx, 'aws-unknown-argument', arg.nameWord, msg, hint ? { fix: replaceFix(ctx, arg.nameWord, `--${hint}`) } : {}));
    return;
  }
  const keep = m.shape.kind === 'list' ? arg.values.length : m.shape.kind === 'boolean' ? (/^(true|false)$/i.test(arg.values[0]?.text ?? '') ? 1 : 0) : 1;
  arg.values.slice(keep).forEach((w) => s.findings.push(finding(ctx, 'aws-bad-value', w, `Unexpected value "${w.text}" after --${arg.name}.`)));
  const values = arg.values.slice(0, keep);
  s.use.valueWords.set(m.member, values);
  if (m.negated || (m.shape.kind === 'boolean' && values.length === 0)) {
    s.use.input[m.member] = !m.negated;
    return;
  }
  if (values.length === 0) {
    s.findings.push(finding(ctx, 'aws-bad-value', arg.nameWord, `--${arg.name} needs a value.`));
    return;
  }
  await checkValue(s, arg, m.member, m.shape, values);
}

async function checkValue(s: OpState, arg: Arg, member: string, shape: Shape, values: Word[]): Promise<void> {
  const texts: string[] = [];
  for (const w of values) {
    const text = resolved(w, s.ctx.values);
    if (text === undefined) {
      return;
    }
    const file = /^(fileb?):\/\/(.*)$/s.exec(text);
    if (!file) {
      texts.push(text);
      continue;
    }
    const loaded = await loadPayload(s, w, file[2]);
    if (loaded === undefined || file[1] === 'fileb' || shape.kind === 'blob' || shape.kind === 'streamingBlob') {
      return;
    }
    texts.push(loaded);
  }
  const at: Word = { text: '', start: values[0].start, end: values[values.length - 1].end };
  let value: unknown;
  try {
    value = argvValue(texts, shape, `--${arg.name}`);
  } catch (e) {
    s.findings.push(finding(s.ctx, 'aws-bad-value', at, RunbookError.is(e) ? e.message : errorMessage(e)));
    return;
  }
  s.use.input[member] = value;
  for (const problem of modelFindings(s.mod, value, shape, `--${arg.name}`, s.input.name, member)) {
    s.findings.push(finding(s.ctx, problem.rule, at, problem.message));
  }
}

async function loadPayload(s: OpState, word: Word, file: string): Promise<string | undefined> {
  const full = path.resolve(s.ctx.options.cwd, file);
  try {
    return (await (s.ctx.options.readFile ?? fsReadFile)(full)).toString('utf8');
  } catch (e) {
    s.findings.push(finding(s.ctx, 'aws-file-missing', word, `Cannot read ${word.text} (from ${path.basename(s.ctx.options.file)}): ${(e as NodeJS.ErrnoException).code ?? errorMessage(e)}.`));
    return undefined;
  }
}

function checkGlobal(s: OpState, arg: Arg): void {
  const value = arg.values[0];
  const text = value ? resolved(value, s.ctx.values) : undefined;
  if (arg.name === 'region' && value) {
    s.use.region = text;
    s.use.regionWord = value;
  } else if (arg.name === 'output' && text !== undefined && !OUTPUTS.includes(text)) {
    s.findings.push(finding(s.ctx, 'aws-bad-value', value as Word, `--output must be one of ${OUTPUTS.join(', ')}; got "${text}".`));
  } else if (arg.name === 'query' && text !== undefined) {
    try {
      jmespath.search({}, text);
    } catch (e) {
      // Only a parse error is the expression's fault; evaluating against nothing may throw for a good one.
      if (!/ParserError|LexerError/.test((e as Error).name) && !(e instanceof TypeError && !/expected argument/.test((e as Error).message))) {
        return;
      }
      s.findings.push(finding(s.ctx, 'aws-bad-value', value as Word, `--query is not a JMESPath expression: ${errorMessage(e)}`));
    }
  }
}

function checkRequired(s: OpState, args: Arg[]): void {
  // A misspelled argument is reported once, as unknown, not again as the required one it meant.
  if (s.findings.some((f) => f.rule === 'aws-unknown-argument') || args.some((a) => a.name === 'cli-input-json' || a.name === 'generate-cli-skeleton')) {
    return;
  }
  const given = new Set(s.use.valueWords.keys());
  const missing = (s.input.required ?? []).filter((m) => !given.has(m) && !isIdempotencyLike(m));
  if (missing.length > 0) {
    const names = missing.map((m) => `--${kebab(m)}`).join(', ');
    s.findings.push(finding(s.ctx, 'aws-missing-argument', s.use.opWord, `aws ${s.service} ${s.operation}: the following arguments are required: ${names}.`));
  }
}

function checkRegion(s: OpState, last: Word): void {
  const o = s.ctx.outline.frontmatter.region;
  if (s.use.regionWord || GLOBAL_SERVICES.has(s.service) || s.ctx.options.defaultRegion || (typeof o === 'string' && o !== '')) {
    return;
  }
  const region = s.ctx.suggestedRegion;
  const fix = region ? { title: `Add --region ${region}`, range: rangeOf(s.ctx.source, last.end, last.end), newText: ` --region ${region}` } : undefined;
  s.findings.push(finding(s.ctx, 'aws-missing-region', s.use.opWord, `aws ${s.service} ${s.operation} names no --region${region ? ` (this phase works in ${region})` : ''}.`, fix ? { fix } : {}));
}
