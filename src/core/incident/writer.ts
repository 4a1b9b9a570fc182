import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunbookError } from '../errors';
import { buildOutline } from '../runbook/outline';
import { parseRunbook } from '../runbook/parse';
import type { RunbookDocument, RunbookOutline } from '../runbook/model';
import { readRunbookFile } from '../runbook/readFile';
import type { SessionEvent } from '../session/events';
import { readJournalContents, runbookName } from './journal';
import { type IncidentRecordInput, buildIncidentRecord, compactUtc, incidentFacts } from './record';
import { replayEventsDetailed } from './replay';
import { findUnfinishedSessions } from './unfinished';

export type IncidentWriteErrorReason = 'wouldOverwriteRunbook' | 'noJournal';

/** Where files go; the default writes through node:fs, atomically (temp file + rename). */
export interface FileSink {
  write(file: string, text: string): Promise<void>;
}

/** Writes `text` to a temp file next to `file`, fsyncs it, renames it over `file`: readers see old or new, never half. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const dir = path.dirname(file);
  await fs.promises.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.promises.open(tmp, 'wx');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.promises.rename(tmp, file);
  } catch (e) {
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
}

export const NODE_FILE_SINK: FileSink = { write: writeFileAtomic };

/** `20261129T031245Z-dr-runbook.md` */
export function incidentFileName(startTime: string, runbookPath: string): string {
  return `${compactUtc(startTime)}-${runbookName(runbookPath)}.md`;
}

export interface WriteRecordOptions {
  /** Write exactly here (`runbook run --record OUT.md`). */
  outPath?: string;
  /** Folder for `<UTC start>-<runbook name>.md`, relative to `workspaceDir` unless absolute. Default `incidents`. */
  folder?: string;
  /** Default: the current directory. */
  workspaceDir?: string;
  /** The runbook template's real path on disk, never written to. */
  templatePath?: string;
  sink?: FileSink;
}

export interface WrittenRecord {
  path: string;
  incidentId: string;
  text: string;
}

/** Builds the incident record and writes it atomically; the runbook template is never written. */
export async function writeIncidentRecord(input: IncidentRecordInput, opts: WriteRecordOptions = {}): Promise<WrittenRecord> {
  const facts = incidentFacts(input);
  const target = path.resolve(
    opts.outPath ?? path.join(path.resolve(opts.workspaceDir ?? process.cwd(), opts.folder || 'incidents'), incidentFileName(facts.start, input.runbookPath)),
  );
  const template = opts.templatePath ? path.resolve(opts.templatePath) : undefined;
  if (template && (target === template || sameFile(target, template))) {
    throw new RunbookError<IncidentWriteErrorReason>('wouldOverwriteRunbook', `refusing to write the incident record over the runbook ${template}`, { target });
  }
  const text = buildIncidentRecord(input);
  await (opts.sink ?? NODE_FILE_SINK).write(target, text);
  return { path: target, incidentId: facts.incidentId, text };
}

function sameFile(a: string, b: string): boolean {
  try {
    const sa = fs.statSync(a);
    const sb = fs.statSync(b);
    return sa.ino === sb.ino && sa.dev === sb.dev;
  } catch {
    return false;
  }
}

/** The commit HEAD points at in the runbook's repository; undefined outside git or when git is missing. */
export function gitCommitOf(file: string, timeoutMs = 3000): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['-C', path.dirname(path.resolve(file)), 'rev-parse', 'HEAD'], { timeout: timeoutMs }, (err, stdout) => {
      const sha = stdout?.trim();
      resolve(!err && /^[0-9a-f]{7,64}$/.test(sha) ? sha : undefined);
    });
  });
}

export interface RestoredSession {
  journalPath: string;
  events: SessionEvent[];
  /** The runbook as parsed from disk now, and with the journal applied. */
  template: RunbookDocument;
  document: RunbookDocument;
  outline: RunbookOutline;
  /** Journal events that fit no cell of the runbook as it is now. */
  unplaced: SessionEvent[];
  /** The journal's last line was cut short by a crash and left out. */
  tornTail: boolean;
  /** Journal lines left out, each with why (`line 3: execution event without a valid outputs`). */
  problems: string[];
}

/**
 * Rebuilds the executed document from the runbook on disk and a journal: the given one, else the newest
 * unfinished session of this runbook (under `baseDir` when journals live elsewhere).
 */
export async function restoreSession(runbookPath: string, journalPath?: string, opts: { baseDir?: string } = {}): Promise<RestoredSession> {
  const file = journalPath ?? findUnfinishedSessions(runbookPath, opts.baseDir)[0]?.journalPath;
  if (!file) {
    throw new RunbookError<IncidentWriteErrorReason>('noJournal', `no unfinished session found for ${runbookPath}`, { runbookPath });
  }
  const contents = readJournalContents(file);
  const template = parseRunbook(await readRunbookFile(runbookPath));
  const replayed = replayEventsDetailed(template, contents.events);
  return {
    journalPath: file,
    events: contents.events,
    template,
    document: replayed.document,
    outline: buildOutline(template),
    unplaced: replayed.unplaced,
    tornTail: contents.tornTail,
    problems: contents.problems,
  };
}
