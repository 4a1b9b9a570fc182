import type { AwsTarget } from '../aws/clients';
import { RunbookError } from '../errors';
import { MIME, type CellOutput } from '../runbook/model';
import { dryRunOutputs, ensureIdentity, guardMutation, identityOutputs, notesText, uncheckedPrerequisites, type StepResult } from './awsStep';
import { runAwsCli } from '../aws/cliFallback';
import { isReadOnly } from '../aws/policy';
import type { ShellCommand } from '../shell/parse';
import type { ConfirmRequest, ExecContext } from './context';
import { errorOutput } from './outputs';
import { raceAbort } from '../abort';
import { abortError } from './signals';
import { awsRegion, defaultRegion, profileFor } from './variables';

/** The value of `--name V` / `--name=V` in an argv, if given. */
export function flag(argv: string[], name: string): string | undefined {
  const at = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  return at < 0 ? undefined : argv[at].includes('=') ? argv[at].slice(name.length + 1) : argv[at + 1];
}

/** Global options that take a value, so `aws --region X ec2 ...` still names ec2 as the service. */
const VALUED_GLOBALS = new Set(['--region', '--profile', '--endpoint-url', '--output', '--query', '--color', '--ca-bundle', '--cli-read-timeout', '--cli-connect-timeout', '--cli-binary-format']);

/** The service and operation words of `aws [GLOBALS] SERVICE OPERATION ...` (argv[0] is `aws`). */
export function cliServiceOperation(argv: string[]): { service: string; operation: string } {
  const words: string[] = [];
  for (let i = 1; i < argv.length && words.length < 2; i++) {
    if (argv[i].startsWith('-')) {
      i += VALUED_GLOBALS.has(argv[i]) ? 1 : 0;
    } else {
      words.push(argv[i]);
    }
  }
  return { service: words[0] ?? '', operation: words[1] ?? '' };
}

/**
 * The CLI's argv (after `aws`) aimed where the identity was checked: the same profile and endpoint
 * (a cell's flags, else the runbook's and the settings', including a region's own endpoint), so the
 * account the confirmation names is the account the CLI changes.
 */
function cliArgv(argv: string[], target: AwsTarget, ctx: ExecContext): string[] {
  const out = argv.slice(1);
  const profile = ctx.pool.profileFor(target);
  const endpoint = ctx.pool.endpointFor(target);
  if (profile && flag(argv, '--profile') === undefined) {
    out.push('--profile', profile);
  }
  if (endpoint && flag(argv, '--endpoint-url') === undefined) {
    out.push('--endpoint-url', endpoint);
  }
  return out;
}

/**
 * A service outside the SDK path (`aws ec2 ...`) through the installed AWS CLI, labelled as such. The
 * same safety as the SDK path: identity first, and anything that is not read-only is confirmed or,
 * in a dry run, only shown. Without a CLI (or with the fallback off) the translator's error stands.
 */
export async function runAwsCliStep(argv: string[], unsupported: RunbookError, ctx: ExecContext, signal: AbortSignal): Promise<StepResult> {
  if (!ctx.settings.aws.cliFallback) {
    throw unsupported;
  }
  const { service, operation } = cliServiceOperation(argv);
  const region = awsRegion(ctx, flag(argv, '--region'), service);
  const target: AwsTarget = { region, profile: profileFor(flag(argv, '--profile'), ctx), endpointUrl: flag(argv, '--endpoint-url') };
  const { identity, first } = await ensureIdentity(target, ctx, signal);
  const outputs: CellOutput[] = identityOutputs(identity, region, first);
  const base = { region, account: identity.account, arn: identity.arn };
  if (!isReadOnly(service, operation)) {
    const request: ConfirmRequest = {
      service,
      operation,
      region,
      account: identity.account,
      arn: identity.arn,
      summary: `aws ${service} ${operation} in ${region}, account ${identity.account} (${identity.arn}), through the AWS CLI`,
      request: { argv: argv.slice(1) },
      uncheckedPrerequisites: uncheckedPrerequisites(ctx),
    };
    if ((await guardMutation(request, argv.includes('--dry-run'), ctx, signal)) === 'dryRun') {
      const dry = [...outputs, ...dryRunOutputs(request)];
      return { success: true, outputs: dry, runner: 'dry-run', ...base, cli: { stdout: '', stderr: notesText(dry) } };
    }
  }
  const notes = notesText(outputs);
  let res: { exitCode: number; stdout: string; stderr: string };
  try {
    // The CLI goes where the identity was checked: the endpoint given on its command line, nothing it would read elsewhere.
    const env = { ...(ctx.env ?? process.env), AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true', ...(region ? { AWS_REGION: region, AWS_DEFAULT_REGION: region } : {}) };
    res = await raceAbort(runAwsCli(cliArgv(argv, target, ctx), { cwd: ctx.cwd, settings: ctx.settings.aws, env, signal }), signal, abortError);
  } catch (e) {
    throw RunbookError.is(e, 'unknownService') ? unsupported : e;
  }
  outputs.push({ items: [{ mime: MIME.stdout, data: `(AWS CLI) aws ${service} ${operation}\n${res.stdout}` }] });
  if (res.stderr) {
    outputs.push({ items: [{ mime: MIME.stderr, data: res.stderr }] });
  }
  if (res.exitCode !== 0) {
    outputs.push(errorOutput({ name: 'awsCliFailed', message: `The AWS CLI exited with code ${res.exitCode}: ${res.stderr.trim().split('\n').pop() ?? ''}` }));
  }
  return { success: res.exitCode === 0, outputs, runner: 'aws-cli', ...base, cli: { stdout: res.stdout, stderr: notes + res.stderr }, exitCode: res.exitCode };
}

/** Words after which a word starts a new command (`| aws ...`, `$(aws ...)`, `do aws ...`, `xargs aws ...`). */
const COMMAND_START = new Set(['|', '|&', '(', '$(', '`', '&&', '||', ';', '&', '!', 'do', 'then', 'else', 'time', 'exec', 'command', 'nohup', 'env', 'sudo', 'xargs']);
const COMMAND_END = new Set(['|', '|&', ')', ';', '&&', '||', '&', '>', '>>', '<', '>&', '<(', '`']);

/** The `aws SERVICE OPERATION` calls a shell cell's text makes where a command starts (best effort: what the text shows). */
export function awsCallsIn(commands: ShellCommand[]): { argv: string[]; service: string; operation: string }[] {
  const calls: { argv: string[]; service: string; operation: string }[] = [];
  for (const { argv } of commands) {
    argv.forEach((word, i) => {
      const prev = argv[i - 1];
      if (word !== 'aws' || !(i === 0 || COMMAND_START.has(prev) || prev.endsWith('$') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(prev))) {
        return;
      }
      const end = argv.findIndex((w, j) => j > i && COMMAND_END.has(w));
      const call = argv.slice(i, end < 0 ? undefined : end);
      const { service, operation } = cliServiceOperation(call);
      if (service) {
        calls.push({ argv: call, service, operation });
      }
    });
  }
  return calls;
}

/**
 * A cell that only a shell can run (pipes, loops, redirections) may still call the `aws` CLI: a call
 * that is not read-only is confirmed before the shell starts (one confirmation for the cell, naming
 * every such call and showing the whole script), and in a dry run the cell does not run at all.
 * Returns the dry-run result, or undefined when the shell may run.
 */
export async function guardShellAwsCalls(commands: ShellCommand[], script: string, ctx: ExecContext, signal: AbortSignal): Promise<StepResult | undefined> {
  const mutating = awsCallsIn(commands).filter((c) => !isReadOnly(c.service, c.operation));
  if (mutating.length === 0) {
    return undefined;
  }
  const [first] = mutating;
  // A value the shell will expand (`--region $r` in a loop) is not known yet: the defaults stand in.
  const literal = (name: string) => {
    const v = flag(first.argv, name);
    return v && !v.includes('$') ? v : undefined;
  };
  const region = awsRegion(ctx, literal('--region'), first.service) || defaultRegion(ctx);
  const target: AwsTarget = { region, profile: profileFor(literal('--profile'), ctx), endpointUrl: literal('--endpoint-url') };
  const { identity, first: firstIdentity } = await ensureIdentity(target, ctx, signal);
  const calls = mutating.map((c) => `aws ${c.service} ${c.operation}`).join(', ');
  const request: ConfirmRequest = {
    service: first.service,
    operation: first.operation,
    region,
    account: identity.account,
    arn: identity.arn,
    summary: `${calls} in ${region || '(default region)'}, account ${identity.account} (${identity.arn}), through the AWS CLI in a shell`,
    request: { script, calls: mutating.map((c) => c.argv.slice(1).join(' ')) },
    uncheckedPrerequisites: uncheckedPrerequisites(ctx),
  };
  if ((await guardMutation(request, false, ctx, signal)) === 'dryRun') {
    return { success: true, outputs: [...identityOutputs(identity, region, firstIdentity), ...dryRunOutputs(request)], runner: 'dry-run', region, account: identity.account, arn: identity.arn };
  }
  return undefined;
}
