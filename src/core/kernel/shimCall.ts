import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { BLOCKED_ENDPOINT, type ShimCall, type ShimHandler } from '../shell/awsBroker';
import { RunbookError } from '../errors';
import { utcNow } from '../session/session';
import { runAwsArgv } from './awsCall';
import type { ExecContext } from './context';
import { describeError } from './outputs';
import { raceAbort } from '../abort';
import { abortError } from './signals';

/** Exit codes as the AWS CLI uses them: 252 the command line, 254 the service said no, 255 anything else. */
const USAGE_REASONS = new Set(['unknownService', 'unknownOperation', 'unknownArgument', 'missingArgument', 'badValue', 'ambiguousOption', 'noRegion']);

function exitCodeFor(e: unknown): number {
  if (RunbookError.is(e)) {
    return USAGE_REASONS.has(e.reason) ? 252 : 255;
  }
  return e !== null && typeof e === 'object' && '$metadata' in e ? 254 : 255;
}

/**
 * The call's argv after `aws`, with what the script set in its environment made explicit: a region,
 * profile, endpoint or output format the real CLI would have read from AWS_* variables.
 */
export function shimArgv(call: ShimCall, startEnv: NodeJS.ProcessEnv): string[] {
  const argv = [...call.argv];
  const has = (name: string) => argv.some((a) => a === name || a.startsWith(`${name}=`));
  const changed = (k: string) => (call.env[k] !== undefined && call.env[k] !== '' && call.env[k] !== startEnv[k] ? call.env[k] : undefined);
  const add = (name: string, value: string | undefined) => {
    if (value && !has(name)) {
      argv.push(name, value);
    }
  };
  add('--region', changed('AWS_REGION') ?? changed('AWS_DEFAULT_REGION'));
  add('--profile', call.env.AWS_PROFILE || call.env.AWS_DEFAULT_PROFILE);
  const endpoint = changed('AWS_ENDPOINT_URL');
  add('--endpoint-url', endpoint === BLOCKED_ENDPOINT ? undefined : endpoint);
  add('--output', call.env.AWS_DEFAULT_OUTPUT);
  return argv;
}

export interface ShimSession {
  handler: ShimHandler;
  /** Calls that were refused (not confirmed): the cell fails even if the script carried on. */
  refused: string[];
  calls: number;
}

/**
 * Answers a shell cell's `aws` calls through the same path as an `aws` cell (runAwsArgv): identity,
 * endpoint settings, confirmation, dry run. The result goes back to the program; the shell step's
 * redactor sees it on its way to the cell output, and each call is journaled.
 */
export function shimSession(ctx: ExecContext, cellSignal: AbortSignal, opts: { startEnv: NodeJS.ProcessEnv; dir: string; cellIndex?: number }): ShimSession {
  const session: ShimSession = { handler: async () => 255, refused: [], calls: 0 };
  session.handler = async (call, out, callSignal) => {
    const n = ++session.calls;
    let argv = shimArgv(call, opts.startEnv);
    if (argv.length === 0 || argv[0] === 'help') {
      out.stderr('usage: aws [options] <command> <subcommand> [parameters] (in a runbook cell, every call goes through the runbook kernel)\n');
      return 252;
    }
    if (argv[0] === '--version') {
      out.stdout('aws-runbook-shim/1 (every call goes through the runbook kernel)\n');
      return 0;
    }
    if (call.stdin !== undefined) {
      const file = path.join(opts.dir, `stdin-${n}`);
      await writeFile(file, call.stdin, { mode: 0o600 });
      argv = argv.map((a, i) => (i === 2 && a === '-' && argv[0] === 's3' ? file : a.replace('/dev/stdin', file)));
    }
    const signal = AbortSignal.any([cellSignal, callSignal]);
    const command = `aws ${call.argv.join(' ')}`;
    const journal = (exitCode: number, more: { runner?: string; region?: string; account?: string } = {}) =>
      ctx.session.emit({ type: 'aws-call', time: utcNow(), cellIndex: opts.cellIndex ?? -1, command, exitCode, ...more });
    try {
      const step = await raceAbort(runAwsArgv(['aws', ...argv], { ...ctx, cwd: call.cwd }, signal), signal, abortError);
      out.stderr(step.cli?.stderr ?? '');
      out.stdout(step.cli?.stdout ?? '');
      const code = step.exitCode ?? (step.success ? 0 : 254);
      journal(code, { runner: step.runner, region: step.region, account: step.account });
      return code;
    } catch (e) {
      if (RunbookError.is(e, 'notConfirmed')) {
        session.refused.push(e.message);
      }
      const code = exitCodeFor(e);
      out.stderr(`aws: ${describeError(e).message}\n`);
      journal(code);
      return code;
    }
  };
  return session;
}
