import type { AwsTarget } from '../aws/clients';
import { RunbookError } from '../errors';
import { MIME, type CellOutput } from '../runbook/model';
import { dryRunOutputs, ensureIdentity, guardMutation, identityOutputs, uncheckedPrerequisites, type StepResult } from './awsStep';
import type { KernelBackends } from './backends';
import type { ConfirmRequest, ExecContext } from './context';
import { errorOutput } from './outputs';
import { raceAbort } from './signals';
import { awsRegion } from './variables';

function flag(argv: string[], name: string): string | undefined {
  const at = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  return at < 0 ? undefined : argv[at].includes('=') ? argv[at].slice(name.length + 1) : argv[at + 1];
}

/**
 * A service outside the SDK path (`aws ec2 ...`) through the installed AWS CLI, labelled as such. The
 * same safety as the SDK path: identity first, and anything that is not read-only is confirmed or,
 * in a dry run, only shown. Without a CLI (or with the fallback off) the translator's error stands.
 */
export async function runAwsCliStep(argv: string[], unsupported: RunbookError, ctx: ExecContext, backends: KernelBackends, signal: AbortSignal): Promise<StepResult> {
  if (!ctx.settings.aws.cliFallback) {
    throw unsupported;
  }
  const [, service = '', operation = ''] = argv;
  const region = awsRegion(ctx, flag(argv, '--region'), service);
  const target: AwsTarget = { region, profile: flag(argv, '--profile'), endpointUrl: flag(argv, '--endpoint-url') };
  const { identity, first } = await ensureIdentity(target, ctx, signal);
  const outputs: CellOutput[] = identityOutputs(identity, region, first);
  const base = { region, account: identity.account, arn: identity.arn };
  if (!backends.isReadOnly(service, operation)) {
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
      return { success: true, outputs: [...outputs, ...dryRunOutputs(request)], runner: 'dry-run', ...base };
    }
  }
  let res: { exitCode: number; stdout: string; stderr: string };
  try {
    const env = { ...(ctx.env ?? process.env), ...(region ? { AWS_REGION: region, AWS_DEFAULT_REGION: region } : {}) };
    res = await raceAbort(backends.runAwsCli(argv.slice(1), { cwd: ctx.cwd, settings: ctx.settings, env, signal }), signal);
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
  return { success: res.exitCode === 0, outputs, runner: 'aws-cli', ...base };
}
