import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { readRunbookFile } from '../core/runbook/readFile';
import { RunbookError, errorMessage } from '../core/errors';
import { formatMs, phaseOf, resultText, utcText } from '../core/incident/recordTables';
import { isUnfinished, runningCellLines } from '../core/incident/unfinished';
import { gitCommitOf, restoreSession, type RestoredSession, writeIncidentRecord } from '../core/incident/writer';
import type { ExecutionEvent } from '../core/session/events';
import { type CliIO, EXIT } from './io';

const HELP = `usage: runbook restore FILE [--record OUT.md] [--journal J] [--journal-dir DIR] [--json]

Rebuilds a session of the runbook FILE from its crash-safe journal (by default the newest unfinished one in
.runbook/ next to FILE) and prints what it holds, or writes it as an incident record.
  --record OUT.md     write the incident record (header, timeline, executed runbook) to OUT.md
  --journal J         restore from this journal file
  --journal-dir DIR   journals live in DIR instead of .runbook/ next to FILE
  --json              print the restored session as JSON
`;

const OPTIONS = {
  record: { type: 'string' },
  journal: { type: 'string' },
  'journal-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

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

async function restoreCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  if (values.help) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    throw new RunbookError('usage', positionals.length === 0 ? 'FILE is missing' : `one FILE only, got ${positionals.join(' ')}`);
  }
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

/** `runbook restore FILE [--record OUT.md] [--journal J]`: see HELP. */
export async function restore(args: string[], io: CliIO): Promise<number> {
  try {
    return await restoreCommand(args, io);
  } catch (e) {
    const usage = RunbookError.is(e, 'usage') || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    io.stderr(`runbook restore: ${errorMessage(e).split('\n')[0]}${usage ? ' (see runbook restore --help)' : ''}\n`);
    return usage ? EXIT.usage : EXIT.failed;
  }
}
