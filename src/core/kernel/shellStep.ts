import { RunbookError } from '../errors';
import { MIME, type CellOutput } from '../runbook/model';
import { StreamRedactor } from '../incident/redact';
import { runShell } from '../shell/runShell';
import type { ExecContext } from './context';
import { describeError, errorOutput, textOutput } from './outputs';
import type { StepResult } from './awsStep';

export interface ShellStepResult extends StepResult {
  exitCode?: number;
}

/** Languages a cell may name to pick its shell; everything else runs in settings.shell. */
const SHELL_BY_LANGUAGE: Record<string, string> = { sh: 'sh', zsh: 'zsh', bash: 'bash' };

export function shellFor(language: string, configured: string): string {
  return language === 'bash' ? configured : SHELL_BY_LANGUAGE[language] ?? configured;
}

function failure(res: { exitCode: number | null; signal: string | null; timedOut: boolean; aborted: boolean }, timeoutSeconds: number, signal: AbortSignal): RunbookError | undefined {
  if (res.timedOut || (res.aborted && RunbookError.is(signal.reason, 'timeout'))) {
    return new RunbookError('timeout', `Timed out: the cell ran longer than ${timeoutSeconds} s (runbooks.cellTimeoutSeconds); its processes were ended.`);
  }
  if (res.aborted) {
    return new RunbookError('interrupted', 'Interrupted: the cell was cancelled and its processes were ended.');
  }
  if (res.exitCode !== 0) {
    const how = res.exitCode === null ? `was killed by ${res.signal ?? 'a signal'}` : `exited with code ${res.exitCode}`;
    return new RunbookError('exitCode', `The shell ${how}.`, { exitCode: res.exitCode });
  }
  return undefined;
}

/**
 * The whole cell through a real shell in the runbook's folder, the session's variables in its
 * environment; stdout/stderr are redacted and streamed as they come.
 */
export async function runShellStep(script: string, language: string, env: Record<string, string>, secrets: string[], ctx: ExecContext, signal: AbortSignal): Promise<ShellStepResult> {
  const redactors = { stdout: new StreamRedactor({ secrets }), stderr: new StreamRedactor({ secrets }) };
  const text = { stdout: '', stderr: '' };
  const emit = (stream: 'stdout' | 'stderr', chunk: string) => {
    if (chunk) {
      text[stream] += chunk;
      ctx.stream({ stream, text: chunk });
    }
  };
  // The signal carries both the interrupt and the cell timeout; runShell ends the process group on either.
  const res = await runShell(script, {
    shell: shellFor(language, ctx.settings.shell),
    cwd: ctx.cwd,
    env: { ...(ctx.env ?? process.env), ...env },
    signal,
    onOutput: ({ stream, text: chunk }) => emit(stream, redactors[stream].push(chunk)),
  });
  emit('stdout', redactors.stdout.flush());
  emit('stderr', redactors.stderr.flush());
  const outputs: CellOutput[] = [];
  if (text.stdout) {
    outputs.push(textOutput(MIME.stdout, text.stdout));
  }
  if (text.stderr) {
    outputs.push(textOutput(MIME.stderr, text.stderr));
  }
  const err = failure(res, ctx.settings.cellTimeoutSeconds, signal);
  if (err) {
    outputs.push(errorOutput(describeError(err)));
  }
  return { success: !err, outputs, runner: 'shell', exitCode: res.exitCode ?? undefined };
}

/** `dig NAME [TYPE] [@SERVER] [+short]` through node:dns, answering like dig. */
export async function runDigStep(argv: string[], ctx: ExecContext, signal: AbortSignal): Promise<StepResult> {
  // Loaded on the first dig cell, not with the kernel.
  const { parseDigArgs, runDig } = await import('../dns/dig');
  const { text, success } = await runDig(parseDigArgs(argv.slice(1)), { signal, timeoutMs: ctx.settings.dns.timeoutMs, servers: ctx.settings.dns.servers });
  return { success, outputs: [textOutput(MIME.stdout, text.endsWith('\n') ? text : `${text}\n`)], runner: 'dig' };
}
