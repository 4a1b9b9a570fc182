import * as path from 'node:path';
import { readRunbookFile } from '../core/runbook/readFile';
import { RunbookError, errorMessage } from '../core/errors';
import { formatMs, phaseOf, resultText, utcText } from '../core/incident/recordTables';
import { isUnfinished, runningCellLines } from '../core/incident/unfinished';
import { gitCommitOf, restoreSession, type RestoredSession, writeIncidentRecord } from '../core/incident/writer';
import type { ExecutionEvent } from '../core/session/events';
import { parseOrExit, usageErrorLine, type Values } from './args';
import { type CliIO, EXIT } from './io';
import { RESTORE } from './specs';

function executions(r: RestoredSession): ExecutionEvent[] {
  return r.events.filter((e): e is ExecutionEvent => e.type === 'execution');
}

function summaryText(r: RestoredSession, cwd: string): string {
  const start = r.events.find((e) => e.type === 'session-start');
  const last = r.events[r.events.length - 1];
  const ended = !isUnfinished(r.events);
  const lines = [
    `session ${start?.type === 'session-start' ? start.sessionId : '(unknown)'}${ended ? '' : ' (not ended)'}`,
    `  journal:    ${path.relative(cwd, r.journalPath)}${r.tornTail ? ' (torn last line left out)' : ''}`,
    `  operator:   ${start?.type === 'session-start' ? `${start.operator}@${start.host}` : 'unknown'}`,
    `  started:    ${start ? utcText(start.time) : 'unknown'}; last event ${last ? utcText(last.time) : 'none'}`,
    `  executions: ${executions(r).length}; ticks: ${r.events.filter((e) => e.type === 'tick').length}`,
  ];
  for (const e of executions(r)) {
    const x = e.execution;
    const phase = phaseOf(r.outline, e.cellIndex);
    lines.push(`  cell ${e.cellIndex}${phase ? ` [${phase}]` : ''}: ${resultText(x)}, ${formatMs(x.durationMs)} at ${utcText(x.startTime)}`);
  }
  lines.push(...runningCellLines(r.events).map((l) => `  ${l}`));
  if (r.unplaced.length) {
    lines.push(`  ${r.unplaced.length} event(s) fit no cell of the runbook as it is now (it changed since)`);
  }
  return `${lines.join('\n')}\n`;
}

function summaryJson(r: RestoredSession): string {
  const cells = r.document.cells.flatMap((c, index) => (c.kind === 'code' && (c.execution || c.outputs.length) ? [{ index, execution: c.execution, outputs: c.outputs }] : []));
  return `${JSON.stringify({ journal: r.journalPath, tornTail: r.tornTail, events: r.events.length, unplaced: r.unplaced.length, cells }, null, 2)}\n`;
}

async function restoreCommand(values: Values<typeof RESTORE.options>, positionals: string[], io: CliIO): Promise<number> {
  const file = path.resolve(io.cwd, positionals[0]);
  // The runbook is checked first, exactly as fmt/cells check it: bad input is refused before any journal is read.
  try {
    await readRunbookFile(file);
  } catch (e) {
    throw new RunbookError('usage', errorMessage(e));
  }
  const journal = values.journal === undefined ? undefined : path.resolve(io.cwd, values.journal);
  const baseDir = values['journal-dir'] === undefined ? undefined : path.resolve(io.cwd, values['journal-dir']);
  const restored = await restoreSession(file, journal, { baseDir });
  for (const problem of restored.problems) {
    io.stderr(`runbook restore: journal ${path.relative(io.cwd, restored.journalPath)} ${problem} (left out)\n`);
  }
  if (values.record !== undefined) {
    const written = await writeIncidentRecord(
      {
        document: restored.document,
        events: restored.events,
        outline: restored.outline,
        runbookPath: path.relative(io.cwd, file) || file,
        gitCommit: await gitCommitOf(file),
        now: new Date(),
      },
      { outPath: path.resolve(io.cwd, values.record), templatePath: file },
    );
    io.stderr(`runbook restore: incident record ${written.incidentId} written to ${written.path}\n`);
  }
  io.stdout(values.json ? summaryJson(restored) : summaryText(restored, io.cwd));
  return EXIT.ok;
}

/** `runbook restore FILE [--record OUT.md] [--journal J]`: see `RESTORE` in ./specs. */
export async function restore(args: string[], io: CliIO): Promise<number> {
  const parsed = parseOrExit(RESTORE, args, io);
  if (typeof parsed === 'number') {
    return parsed;
  }
  try {
    return await restoreCommand(parsed.values, parsed.positionals, io);
  } catch (e) {
    const usage = RunbookError.is(e, 'usage');
    io.stderr(usage ? usageErrorLine(RESTORE, errorMessage(e)) : `runbook restore: ${errorMessage(e).split('\n')[0]}\n`);
    return usage ? EXIT.usage : EXIT.failed;
  }
}
