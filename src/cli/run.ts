import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { AwsClientPool } from '../core/aws/clients';
import { errorMessage, RunbookError } from '../core/errors';
import { comparisonText, summaryText } from '../core/confirm/summary';
import { COMPARISON_HEAD } from '../core/kernel/awsStep';
import { SYSTEM_CLOCK, type CellInput, type ConfirmRequest, type ExecContext } from '../core/kernel/context';
import { outputText, printsOnTerminal } from '../core/kernel/outputs';
import { runReport } from '../core/kernel/report';
import { CellRunner } from '../core/kernel/runner';
import { cellInputs, phaseCells, runSection, type SectionStep } from '../core/kernel/section';
import { setSessionVariable } from '../core/kernel/variables';
import { redactText } from '../core/incident/redact';
import { sessionRecordInput } from '../core/incident/sessionRecord';
import { writeIncidentRecord } from '../core/incident/writer';
import { attachJournal, redactDeep, type AttachedJournal } from '../core/incident/journal';
import { NULL_LOGGER } from '../core/logger';
import { MIME, type RunbookDocument } from '../core/runbook/model';
import { buildOutline } from '../core/runbook/outline';
import { parseRunbook } from '../core/runbook/parse';
import { readRunbookFile } from '../core/runbook/readFile';
import { looksSecret, secretNames, secretValues } from '../core/incident/secrets';
import { RunbookSession, utcNow } from '../core/session/session';
import { normalizeSettings, type Settings } from '../core/settings';
import { escapeUntrusted } from '../core/untrustedText';
import { type Parsed, parseOrExit, usageErrorLine, type Values as ArgValues } from './args';
import { awsRawSettings, pairs, timeoutSeconds } from './awsOptions';
import { type CliIO, EXIT } from './io';
import { redactingIO } from './redactingIO';
import { RUN } from './specs';
import { commandLine } from '../core/runbook/commandLine';

type Values = ArgValues<typeof RUN.options>;

/** Settings from the defaults, the environment's endpoint and the flags. */
export function cliSettings(v: Values, env: NodeJS.ProcessEnv = {}): Settings {
  return normalizeSettings({
    ...awsRawSettings(v, env),
    dryRun: v['dry-run'] ?? false,
    cellTimeoutSeconds: timeoutSeconds(v.timeout),
  });
}

function selectCells(doc: RunbookDocument, v: Values): { cells: CellInput[]; stopOnFailure: boolean } {
  const outline = buildOutline(doc);
  if (v.phase !== undefined && v.cell) {
    throw new RunbookError('usage', '--phase and --cell cannot be combined: pick the phase, or the cells');
  }
  if (v.phase !== undefined) {
    // Each phase named (repeatable, as for the engine), in the runbook's order.
    const cells = new Set(v.phase.flatMap((ph) => phaseCells(outline, ph)));
    return { cells: cellInputs(doc, [...cells].sort((x, y) => x - y)), stopOnFailure: true };
  }
  if (v.cell) {
    const indexes = v.cell.map((c) => {
      const n = Number(c);
      if (!Number.isInteger(n) || doc.cells[n]?.kind !== 'code') {
        throw new RunbookError('usage', `--cell ${c}: no code cell with that index (see \`runbook cells FILE\`)`);
      }
      return n;
    });
    return { cells: cellInputs(doc, indexes), stopOnFailure: false };
  }
  return { cells: cellInputs(doc), stopOnFailure: false };
}

/** Prints the summary and the now/after comparison (redacted), then answers by --yes. */
function confirmer(yes: boolean, io: CliIO, redact: (text: string) => string): (req: ConfirmRequest) => Promise<boolean> {
  return async (req) => {
    io.stderr(redact(`${summaryText(req)}${req.change ? comparisonText(req.change) : ''}`));
    const warn = req.uncheckedPrerequisites.length > 0 ? ` (prerequisites not ticked: ${req.uncheckedPrerequisites.join('; ')})` : '';
    if (yes) {
      io.stderr(`runbook: --yes: ${req.summary}${warn}\n`);
      return true;
    }
    io.stderr(`runbook: refused: ${req.summary} changes AWS; rerun with --yes to allow it, or --dry-run to see the request${warn}\n`);
    return false;
  };
}

function printStep(step: SectionStep, io: CliIO): void {
  for (const output of step.result.outputs) {
    const streamed = output.items.some((i) => i.mime === MIME.stdout || i.mime === MIME.stderr);
    const isError = output.items.some((i) => i.mime === MIME.error);
    // Only shell output was already streamed as it came; in-process and AWS CLI output is printed here.
    if (streamed && step.result.execution.runner === 'shell') {
      continue;
    }
    const text = outputText(output);
    // the comparison was printed before the confirmation; a dry run (no confirmation) prints it here
    if (text.startsWith(COMPARISON_HEAD) && step.result.execution.runner !== 'dry-run') {
      continue;
    }
    if (isError) {
      io.stderr(`${text}\n`);
    } else if (printsOnTerminal(output)) {
      io.stdout(text.endsWith('\n') ? text : `${text}\n`);
    }
  }
}

/** The first command line of a cell (comments skipped, continuations joined) for progress lines. */
/** The values of `--secret NAME=VALUE` and of `--var NAME=VALUE` with a secret-looking name, read before parsing. */
function secretFlagValues(args: string[]): string[] {
  const out: string[] = [];
  args.forEach((a, i) => {
    for (const flagName of ['--secret', '--var']) {
      const pair = a === flagName ? args[i + 1] : a.startsWith(`${flagName}=`) ? a.slice(flagName.length + 1) : undefined;
      const at = pair?.indexOf('=') ?? -1;
      if (pair && at > 0 && (flagName === '--secret' || looksSecret(pair.slice(0, at)))) {
        out.push(pair.slice(at + 1));
      }
    }
  });
  return out;
}

/** `--record OUT.md` must name a file: a directory (or a path through a file) is refused before anything runs. */
async function checkRecordPath(out: string | undefined, cwd: string): Promise<void> {
  if (out === undefined) {
    return;
  }
  const target = path.resolve(cwd, out);
  const st = await stat(target).catch(() => undefined);
  if (st?.isDirectory() || out.endsWith('/')) {
    throw new RunbookError('usage', `--record ${out}: is a directory; name the record's file (e.g. ${path.join(out, 'incident.md')})`);
  }
  if (st && !st.isFile()) {
    throw new RunbookError('usage', `--record ${out}: not a regular file`);
  }
}

interface RunPlan {
  file: string;
  doc: RunbookDocument;
  ctx: ExecContext;
  cells: CellInput[];
  stopOnFailure: boolean;
  journal: AttachedJournal;
}

async function plan({ values, positionals }: Parsed<typeof RUN.options>, io: CliIO, signal: AbortSignal): Promise<{ plan: RunPlan; values: Values }> {
  const vars = pairs(values.var, '--var');
  const secrets = pairs(values.secret, '--secret');
  const file = path.resolve(io.cwd, positionals[0]);
  const doc = parseRunbook(await readRunbookFile(file));
  await checkRecordPath(values.record, io.cwd);
  const settings = cliSettings(values, io.env);
  const env = io.env;
  const ctx: ExecContext = {
    cwd: path.dirname(file),
    session: new RunbookSession(file),
    settings,
    pool: new AwsClientPool(settings.aws, env, NULL_LOGGER),
    logger: NULL_LOGGER,
    signal,
    outline: buildOutline(doc),
    env,
    stream: (item) => (values.json ? undefined : item.stream === 'stdout' ? io.stdout(item.text) : io.stderr(item.text)),
    confirm: (req) => confirmer(values.yes ?? false, io, (t) => redactText(t, { secrets: secretValues(ctx) }))(req),
    prompt: async () => undefined,
    clock: SYSTEM_CLOCK,
    // The terminal shows one rendering and the journal keeps one; only --json lists them all.
    awsRenderings: values.json ? 'all' : 'asked',
  };
  const selected = selectCells(doc, values);
  ctx.session.emit({ type: 'session-start', time: utcNow(), sessionId: ctx.session.id, runbookPath: file, operator: ctx.session.operator, host: ctx.session.host });
  secretNames(ctx).forEach((n) => ctx.session.secrets.add(n));
  const journal = attachJournal(ctx.session);
  for (const [name, value] of vars) {
    setSessionVariable(ctx, name, value, 'cli', looksSecret(name));
  }
  for (const [name, value] of secrets) {
    setSessionVariable(ctx, name, value, 'cli', true);
  }
  return { plan: { file, doc, ctx, journal, ...selected }, values };
}

async function execute(p: RunPlan, io: CliIO, json: boolean): Promise<SectionStep[]> {
  const runner = new CellRunner();
  const steps: SectionStep[] = [];
  const total = p.cells.length;
  const hooks = {
    onStart: (cell: CellInput) => io.stderr(`[${steps.length + 1}/${total}] cell ${cell.index}: ${escapeUntrusted(commandLine(cell.source), { max: Infinity })}\n`),
    onResult: (step: SectionStep) => {
      steps.push(step);
      const r = step.result;
      if (!json) {
        printStep(step, io);
      }
      io.stderr(`[${steps.length}/${total}] ${r.success ? 'ok' : 'FAILED'} in ${r.execution.durationMs} ms${r.exitCode !== undefined ? ` (exit ${r.exitCode})` : ''}\n`);
    },
  };
  if (p.stopOnFailure) {
    await runSection(p.cells, p.ctx, runner, hooks);
  } else {
    for (const cell of p.cells) {
      if (p.ctx.signal?.aborted) {
        break;
      }
      await runSection([cell], p.ctx, runner, hooks);
    }
  }
  return steps;
}

/** `--record OUT.md`: the incident record (header, timeline, the executed runbook), never over the runbook itself. */
async function record(out: string, p: RunPlan, io: CliIO): Promise<void> {
  const input = await sessionRecordInput({ document: p.doc, session: p.ctx.session, settings: p.ctx.settings, runbookFile: p.file, baseDir: io.cwd, env: p.ctx.env });
  const written = await writeIncidentRecord(input, { outPath: path.resolve(io.cwd, out), templatePath: p.file });
  io.stderr(`runbook: record written to ${written.path}\n`);
}

function interruptSignal(io: CliIO): { signal: AbortSignal; dispose(): void } {
  if (io.signal) {
    return { signal: io.signal, dispose: () => {} };
  }
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) {
      process.exit(130);
    }
    io.stderr('\nrunbook: interrupted: stopping the running cell (again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** `runbook run FILE [options]`: see `RUN` in ./specs. */
export async function run(args: string[], rawIO: CliIO): Promise<number> {
  // Secrets from the flags are known before the plan exists (an error may quote one); the session's after.
  const flagSecrets = secretFlagValues(args);
  let known: () => readonly string[] = () => flagSecrets;
  const io = redactingIO(rawIO, () => known());
  if (args.some((a) => a === '--engine' || a.startsWith('--engine='))) {
    return (await import('./engineRun')).runOnEngine(args, io);
  }
  const parsed = parseOrExit(RUN, args, io);
  if (typeof parsed === 'number') {
    return parsed;
  }
  const interrupt = interruptSignal(io);
  let p: RunPlan;
  let values: Values;
  try {
    ({ plan: p, values } = await plan(parsed, io, interrupt.signal));
    const ctx = p.ctx;
    known = () => [...flagSecrets, ...secretValues(ctx)];
  } catch (e) {
    interrupt.dispose();
    io.stderr(RunbookError.is(e, 'usage') ? usageErrorLine(RUN, errorMessage(e)) : `runbook run: ${errorMessage(e).split('\n')[0]}\n`);
    return EXIT.usage;
  }
  try {
    const steps = await execute(p, io, values.json ?? false);
    p.ctx.session.emit({ type: 'session-end', time: utcNow() });
    const report = runReport(p.file, steps);
    if (values.json) {
      // Every string of the report redacted, then written as is: redacting the JSON text could eat an escape.
      rawIO.stdout(`${JSON.stringify(redactDeep(report, { secrets: known() }), null, 2)}\n`);
    }
    if (values.record) {
      await record(values.record, p, io);
    }
    const ok = report.success && !interrupt.signal.aborted;
    io.stderr(`runbook: journal ${p.journal.path}\n`);
    io.stderr(`runbook: ${steps.length} cell(s) ran, ${steps.filter((s) => !s.result.success).length} failed\n`);
    return ok ? EXIT.ok : EXIT.failed;
  } finally {
    p.ctx.pool.dispose();
    p.journal.dispose();
    interrupt.dispose();
  }
}
