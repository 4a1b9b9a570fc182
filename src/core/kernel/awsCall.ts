import { normalizeAwsArgv } from '../aws/globalFlags';
import { RunbookError } from '../errors';
import { runAwsStep, type StepResult } from './awsStep';
import { runAwsCliStep } from './cliStep';
import type { ExecContext } from './context';

/**
 * One `aws ...` command (argv[0] is `aws`), whoever asked for it: an `aws` cell or a shell cell's `aws`
 * shim. The SDK path; services it does not cover go to the AWS CLI fallback. Both show the identity,
 * use the endpoint settings, confirm anything that is not read-only, and honour dry runs.
 */
export async function runAwsArgv(argv: string[], ctx: ExecContext, signal: AbortSignal): Promise<StepResult> {
  const normalized = ['aws', ...normalizeAwsArgv(argv.slice(1))];
  try {
    return await runAwsStep(normalized, ctx, signal);
  } catch (e) {
    if (RunbookError.is(e, 'unknownService')) {
      return runAwsCliStep(normalized, e, ctx, signal);
    }
    throw e;
  }
}
