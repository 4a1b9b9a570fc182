import { openAwsBroker, type ShimHandler } from '../shell/awsBroker';
import type { StepResult } from './awsStep';
import type { ShellCommand } from '../shell/parse';
import { awsCallsIn, guardShellAwsCalls } from './cliStep';
import type { CellInput, ExecContext } from './context';
import { errorOutput } from './outputs';
import { shimSession } from './shimCall';
import { runShellStep } from './shellStep';
import { redactText } from '../incident/redact';
import { secretValues } from '../incident/secrets';
import type { ResolvedCell } from './variables';

/**
 * A shell cell: the whole text in a real shell whose first `aws` on PATH is the kernel's shim, and whose
 * environment holds no AWS credentials, so every AWS call it makes (whatever construct, script or
 * interpreter makes it) is confirmed, dry-run, redacted and journaled like an `aws` cell. What the text
 * shows it will call (the static reading) is only a preview beside each confirmation; in a dry run a cell
 * whose text shows a change does not start at all.
 */
export async function runShellCell(cell: CellInput, resolved: ResolvedCell, commands: ShellCommand[], ctx: ExecContext, signal: AbortSignal): Promise<StepResult> {
  if (ctx.settings.dryRun) {
    const dry = await guardShellAwsCalls(commands, resolved.shellText, ctx, signal);
    if (dry) {
      return dry;
    }
  }
  const redact = (t: string): string => redactText(t, { secrets: [...secretValues(ctx), ...resolved.secretValues] });
  const preview = { script: redact(resolved.shellText), calls: awsCallsIn(commands).map((c) => redact(c.argv.join(' '))) };
  const callCtx: ExecContext = { ...ctx, confirm: (req) => ctx.confirm({ ...req, preview }) };
  let handler: ShimHandler = async () => 255;
  const broker = await openAwsBroker((call, out, s) => handler(call, out, s));
  try {
    const shellEnv = broker.shellEnv({ ...(ctx.env ?? process.env), ...resolved.env });
    const shim = shimSession(callCtx, signal, { startEnv: shellEnv, dir: broker.dir, cellIndex: cell.index });
    handler = shim.handler;
    const res = await runShellStep(resolved.shellText, cell.language, {}, resolved.secretValues, { ...ctx, env: shellEnv }, signal);
    if (shim.refused.length > 0 && res.success) {
      const message = `${shim.refused.join(' ')} The script carried on without ${shim.refused.length === 1 ? 'that change' : 'those changes'}.`;
      return { ...res, success: false, outputs: [...res.outputs, errorOutput({ name: 'notConfirmed', message })] };
    }
    return res;
  } finally {
    await broker.close();
  }
}
