/**
 * `runbook run FILE --engine stepfunctions` (deploy, start, follow, answer approvals) and
 * `runbook attach EXECUTION_ARN` (follow, or report, an execution started elsewhere).
 */
import * as path from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { EngineClients } from '../core/engine/clients';
import { followExecution, machineOf, startExecution, type Decision, type FollowHandlers, type QueueRequest } from '../core/engine/follow';
import { EngineProgress } from '../core/engine/progress';
import { errorMessage, RunbookError } from '../core/errors';
import { writeIncidentRecord } from '../core/incident/writer';
import { outputText, printsOnTerminal } from '../core/kernel/outputs';
import type { RunReport } from '../core/kernel/report';
import { outputsByMime } from '../core/kernel/report';
import { MIME } from '../core/runbook/model';
import type { ExecutionEvent } from '../core/session/events';
import { escapeUntrusted } from '../core/untrustedText';
import { parseOrExit, usageErrorLine } from './args';
import { compileAndDeploy } from './deploy';
import { checkEngineValues, clientsFor, engineRegion, isUsageError, loadRunbook } from './engineCommon';
import { type CliIO, EXIT } from './io';
import { ATTACH, RUN_ENGINE } from './specs';
import { pairs } from './awsOptions';
import { localGuard, runLocalCell } from './engineLocal';

/** The request's text as the execution's history has it (approvalGuard.ts), whole (the approver sees all of it) but with its control and bidi characters escaped. */
const whole = (v: unknown, lines = false): string => escapeUntrusted(String(v), { max: Infinity, lines });

function describeRequest(req: QueueRequest): string {
  const b = req.body;
  if (req.kind === 'checklist') {
    return `Prerequisites checklist:\n${((b.items as string[]) ?? []).map((i) => `  - [ ] ${whole(i)}`).join('\n')}`;
  }
  return `${whole(b.command ?? `${String(b.service)} ${String(b.operation)}`)} in ${whole(b.region)}\nrequest: ${whole(JSON.stringify(b.request, null, 2), true)}`;
}

/** How much of an execution's cause its last line shows. */
const CAUSE_MAX = 300;

function decider(yes: boolean, io: CliIO): (req: QueueRequest) => Promise<Decision> {
  return async (req) => {
    io.stderr(`runbook: approval asked by ${escapeUntrusted(req.state)}:\n${describeRequest(req)}\n`);
    if (yes) {
      io.stderr('runbook: --yes: approved\n');
      return { approved: true };
    }
    if (!process.stdin.isTTY || io.signal) {
      io.stderr('runbook: rejected: no terminal to ask and no --yes\n');
      return { approved: false, reason: 'no terminal to ask and no --yes' };
    }
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const a = await rl.question('Approve? [y/N] ');
      return /^y(es)?$/i.test(a.trim()) ? { approved: true } : { approved: false, reason: 'answered no' };
    } finally {
      rl.close();
    }
  };
}

function printExecution(e: ExecutionEvent, progress: EngineProgress, io: CliIO, json: boolean): void {
  const info = `cell ${e.cellIndex}`;
  io.stderr(`[stepfunctions] ${info}: ${e.execution.success ? 'ok' : 'FAILED'} in ${e.execution.durationMs} ms\n`);
  if (json) {
    return;
  }
  for (const o of e.outputs) {
    const text = outputText(o);
    if (o.items.some((i) => i.mime === MIME.error)) {
      io.stderr(`${text}\n`);
    } else if (printsOnTerminal(o)) {
      io.stdout(text.endsWith('\n') ? text : `${text}\n`);
    }
  }
  void progress;
}

function report(progress: EngineProgress, file: string): RunReport {
  const cells = progress.executions().map((e) => {
    const cell = progress.document.cells[e.cellIndex];
    return { index: e.cellIndex, language: cell?.language ?? '', source: cell?.source ?? '', success: e.execution.success, durationMs: e.execution.durationMs, execution: e.execution, outputs: outputsByMime(e.outputs) };
  });
  return { file, success: progress.view?.status === 'SUCCEEDED', cells };
}

interface FollowArgs {
  executionArn: string;
  queueUrl?: string;
  handlers: Omit<FollowHandlers, 'onView'>;
  json: boolean;
  record?: string;
  follow: boolean;
}

async function followAndReport(clients: EngineClients, a: FollowArgs, io: CliIO): Promise<number> {
  const machine = await machineOf(clients, a.executionArn);
  const progress = new EngineProgress(machine);
  io.stderr(`runbook: execution ${a.executionArn}\n`);
  const onView: FollowHandlers['onView'] = (view, events) => {
    const u = progress.update(view, events);
    u.executions.forEach((e) => printExecution(e, progress, io, a.json));
    u.waiting.forEach((w) => io.stderr(`[stepfunctions] waiting: ${escapeUntrusted(w.state)}\n`));
  };
  const { view } = await followExecution(clients, a.executionArn, machine, { ...a.handlers, onView }, { queueUrl: a.queueUrl, signal: a.follow ? io.signal : AbortSignal.abort() });
  if (a.json) {
    io.stdout(`${JSON.stringify({ ...report(progress, machine.meta.path), executionArn: a.executionArn, status: view.status }, null, 2)}\n`);
  }
  if (a.record) {
    const written = await writeIncidentRecord(progress.recordInput(), { outPath: path.resolve(io.cwd, a.record) });
    io.stderr(`runbook: record written to ${written.path}\n`);
  }
  // The execution's error and cause are anyone's text (SendTaskFailure): escaped, the cause cut (the cell's own error was printed above).
  io.stderr(`runbook: execution ${view.status}${view.error ? `: ${escapeUntrusted(view.error)}: ${escapeUntrusted(view.cause ?? '', { max: CAUSE_MAX })}` : ''}\n`);
  return view.status === 'SUCCEEDED' ? EXIT.ok : EXIT.failed;
}

/** `runbook run FILE --engine stepfunctions [options]`: see `RUN_ENGINE` in ./specs. */
export async function runOnEngine(args: string[], io: CliIO): Promise<number> {
  const parsed = parseOrExit(RUN_ENGINE, args, io, checkEngineValues);
  if (typeof parsed === 'number') {
    return parsed;
  }
  let rb: Awaited<ReturnType<typeof loadRunbook>>;
  try {
    if (parsed.values.engine !== 'stepfunctions') {
      throw new RunbookError('usage', `--engine must be stepfunctions; got '${parsed.values.engine ?? ''}'`);
    }
    rb = await loadRunbook(io, parsed.positionals, 'run');
    engineRegion(parsed.values.region, rb.outline, 'run');
  } catch (e) {
    io.stderr(isUsageError(e) ? usageErrorLine(RUN_ENGINE, errorMessage(e)) : `runbook run: ${errorMessage(e)}\n`);
    return EXIT.usage;
  }
  const v = parsed.values;
  const { clients, pool, settings } = await clientsFor(engineRegion(v.region, rb.outline, 'run'), v, io);
  try {
    const { compiled, deployed } = await compileAndDeploy(rb, v, clients, io, 'run');
    const missing = compiled.runtimeVariables.filter((n) => !pairs(v.var, '--var').some(([k]) => k === n) && rb.outline.variables[n] === undefined);
    if (missing.length) {
      throw new RunbookError('usage', `the execution needs values for ${missing.map((n) => `<${n}>`).join(', ')}: pass --var NAME=VALUE`);
    }
    const vars = Object.fromEntries(compiled.runtimeVariables.map((n) => [n, Object.fromEntries(pairs(v.var, '--var'))[n] ?? rb.outline.variables[n]]));
    const startedBy = (await clients.identity()).arn;
    const executionArn = await startExecution(clients, deployed.stateMachineArn, { vars, startedBy });
    const handlers: FollowArgs['handlers'] = { decide: decider(v.yes ?? false, io), refused: (line) => io.stderr(`runbook: ${line}\n`), notice: (line) => io.stderr(`runbook: ${line}\n`), ...(v.local ? { runLocal: (req: QueueRequest) => runLocalCell(req, rb, io, localGuard(clients, compiled, executionArn), { settings, yes: v.yes ?? false, vars: pairs(v.var, '--var') }) } : {}) };
    return await followAndReport(clients, { executionArn, queueUrl: deployed.queueUrl, handlers, json: v.json ?? false, record: v.record, follow: true }, io);
  } catch (e) {
    io.stderr(`runbook run: ${errorMessage(e)}\n`);
    return isUsageError(e) ? EXIT.usage : EXIT.failed;
  } finally {
    clients.dispose();
    pool.dispose();
  }
}

/** `runbook attach EXECUTION_ARN [options]`: see `ATTACH` in ./specs. */
export async function attach(args: string[], io: CliIO): Promise<number> {
  const parsed = parseOrExit(ATTACH, args, io, checkEngineValues);
  if (typeof parsed === 'number') {
    return parsed;
  }
  if (!/^arn:aws[\w-]*:states:[a-z0-9-]+:\d{12}:execution:[^:]+:[^:]+$/.test(parsed.positionals[0])) {
    io.stderr(usageErrorLine(ATTACH, `not an execution ARN: ${parsed.positionals[0]}`));
    return EXIT.usage;
  }
  const executionArn = parsed.positionals[0];
  const { clients, pool } = await clientsFor(executionArn.split(':')[3], parsed.values, io);
  try {
    return await followAndReport(clients, { executionArn, handlers: {}, json: parsed.values.json ?? false, record: parsed.values.record, follow: !parsed.values['no-follow'] }, io);
  } catch (e) {
    io.stderr(`runbook attach: ${errorMessage(e)}\n`);
    return EXIT.failed;
  } finally {
    clients.dispose();
    pool.dispose();
  }
}
