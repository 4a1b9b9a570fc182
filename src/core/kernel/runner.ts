import { persistedOutputs } from '../runbook/persisted';
import { RunbookError } from '../errors';
import { redactText } from '../incident/redact';
import { parseShellCommands } from '../shell/parse';
import type { CellOutput, ExecutionSummary } from '../runbook/model';
import { utcNow } from '../session/session';
import { runAwsArgv } from './awsCall';
import type { StepResult } from './awsStep';
import type { CellInput, CellResult, ExecContext } from './context';
import { cliServiceOperation, flag } from './cliStep';
import { planCell } from './dispatch';
import { describeError, errorOutput, redactOutputs } from './outputs';
import { runShellCell } from './shellCell';
import { runDigStep } from './shellStep';
import { raceAbort } from '../abort';
import { abortError, cellSignal } from './signals';
import { secretValues } from '../incident/secrets';
import { awsRegion, resolveCell, type ResolvedCell } from './variables';

interface Outcome {
  success: boolean;
  outputs: CellOutput[];
  exitCode?: number;
  runner?: string;
  region?: string;
  account?: string;
  arn?: string;
}

/**
 * Runs one cell: placeholders first (never the literal text), then aws/dig in-process or the whole cell
 * in a shell, under the cell timeout and the caller's signal. Outputs are redacted; the session gets an
 * ExecutionEvent.
 */
export class CellRunner {
  async run(cell: CellInput, ctx: ExecContext): Promise<CellResult> {
    const started = ctx.clock.now();
    const startTime = utcNow();
    const { signal, dispose } = cellSignal(ctx.signal, ctx.settings.cellTimeoutSeconds);
    let outcome: Outcome;
    let secrets: string[] = [];
    try {
      const resolved = await resolveCell(cell.source, ctx, cell.index);
      secrets = resolved.secretValues;
      // Journaled before anything runs: if the process dies now, a restore says this cell was running.
      ctx.session.emit({ type: 'cell-start', time: utcNow(), cellIndex: cell.index ?? -1, source: redactText(cell.source, { secrets }), language: cell.language });
      outcome = await this.dispatch(cell, resolved, journaledConfirm(ctx, cell.index), signal);
    } catch (e) {
      const err = signal.aborted ? abortError(signal) : e;
      outcome = { success: false, outputs: [errorOutput(describeError(err))] };
    } finally {
      dispose();
    }
    // Credentials resolved while the cell ran (its first AWS call) are known by now.
    const known = [...new Set([...secrets, ...secretValues(ctx)])];
    const redact = (t: string) => redactText(t, { secrets: known });
    const execution: ExecutionSummary = {
      startTime,
      durationMs: Math.max(0, ctx.clock.now() - started),
      success: outcome.success,
      ...(outcome.exitCode !== undefined ? { exitCode: outcome.exitCode } : {}),
      ...(cell.executionOrder !== undefined ? { executionOrder: cell.executionOrder } : {}),
      ranBy: ctx.session.operator,
      host: ctx.session.host,
      ...pick(outcome),
    };
    const outputs = redactOutputs(outcome.outputs, redact);
    ctx.session.emit({ type: 'execution', time: utcNow(), cellIndex: cell.index ?? -1, source: redact(cell.source), execution, outputs: persistedOutputs(outputs) });
    return { success: outcome.success, exitCode: outcome.exitCode, outputs, execution };
  }

  private async dispatch(cell: CellInput, resolved: ResolvedCell, ctx: ExecContext, signal: AbortSignal): Promise<Outcome> {
    const env = { ...(ctx.env ?? process.env), ...resolved.env };
    const commands = parseShellCommands(resolved.fullText, definedOnly(env));
    const plan = planCell(cell.language, commands);
    switch (plan.kind) {
      case 'notRunnable':
        throw new RunbookError('notRunnable', `A '${plan.language}' block is data, not a step: nothing to run.`);
      case 'empty':
        return { success: true, outputs: [], runner: 'shell' };
      case 'shell':
        return runShellCell(cell, resolved, commands, ctx, signal);
      case 'inProcess':
        return this.inProcess(plan.commands.map((c) => c.argv), ctx, signal);
    }
  }

  /** Each command in order; the first failure ends the cell (its outputs so far are kept). */
  private async inProcess(commands: string[][], ctx: ExecContext, signal: AbortSignal): Promise<Outcome> {
    const outputs: CellOutput[] = [];
    let last: StepResult | undefined;
    const runners = new Set<string>();
    for (const argv of commands) {
      try {
        const step = argv[0] === 'aws' ? runAwsArgv(argv, ctx, signal) : runDigStep(argv, ctx, signal);
        last = await raceAbort(step, signal, abortError);
      } catch (e) {
        const err = signal.aborted ? stepAbortError(signal, argv, ctx) : e;
        outputs.push(errorOutput(describeError(err)));
        return { success: false, outputs, runner: [...runners].join('+') || undefined, ...pick(last ?? {}) };
      }
      runners.add(last.runner);
      outputs.push(...last.outputs);
      if (!last.success) {
        return { success: false, outputs, runner: [...runners].join('+'), ...pick(last) };
      }
    }
    return { success: true, outputs, runner: [...runners].join('+'), ...pick(last ?? {}) };
  }
}

/** The context with every confirmation answer journaled (what was asked, and whether it was allowed). */
/** The environment's set values, the variables the shell parser expands. */
function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

function journaledConfirm(ctx: ExecContext, cellIndex: number | undefined): ExecContext {
  return {
    ...ctx,
    confirm: async (req) => {
      const confirmed = await ctx.confirm(req);
      const { summary, service, operation, region, account } = req;
      ctx.session.emit({ type: 'confirmation', time: utcNow(), cellIndex: cellIndex ?? -1, summary, service, operation, region, account, confirmed });
      return confirmed;
    },
  };
}

/** A timeout during an AWS call names the region and endpoint that did not answer. */
function stepAbortError(signal: AbortSignal, argv: string[], ctx: ExecContext): RunbookError {
  const base = abortError(signal);
  if (base.reason !== 'timeout' || argv[0] !== 'aws') {
    return base;
  }
  const { service, operation } = cliServiceOperation(argv);
  const region = awsRegion(ctx, flag(argv, '--region'), service);
  const endpoint = region ? ctx.pool.endpointFor({ region, endpointUrl: flag(argv, '--endpoint-url') }) : undefined;
  return new RunbookError('timeout', `${base.message} AWS ${region || '(no region)'}${endpoint ? ` (${endpoint})` : ''} did not answer: aws ${service} ${operation}.`, { region });
}

function pick(o: { runner?: string; region?: string; account?: string; arn?: string }): Partial<ExecutionSummary> {
  const out: Partial<ExecutionSummary> = {};
  for (const k of ['runner', 'region', 'account', 'arn'] as const) {
    if (o[k]) {
      out[k] = o[k];
    }
  }
  return out;
}
