import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Disposable } from '../disposable';
import { RunbookError, errorMessage } from '../errors';
import { type Logger, NULL_LOGGER } from '../logger';
import type { SessionEvent, SessionStartEvent } from '../session/events';
import type { RunbookSession } from '../session/session';
import type { Settings } from '../settings';
import { type LockOptions, withLockFileSync } from './lockFile';
import { eventProblem } from './eventShape';
import { type RedactOptions, type RedactOptionsSource, redactOutputData, redactText } from './redact';
import { secretValues } from './secrets';

/**
 * The crash-safe journal: one JSON line per SessionEvent, appended and fsynced the moment it happens,
 * redacted first. `<runbook folder>/.runbook/<runbook name>.<sessionId>.jsonl`, or under another base
 * folder (the extension's storage).
 */

export type JournalErrorReason = 'unreadable' | 'closed';

/** Lines up to this many bytes go out in one O_APPEND write() (atomic on Linux); longer ones take the lock file. */
export const ATOMIC_APPEND_BYTES = 4096;

export const JOURNAL_DIR = '.runbook';
export const JOURNAL_EXT = '.jsonl';

/** The runbook's name: its file name without the markdown extension. */
export function runbookName(runbookPath: string): string {
  return path.basename(runbookPath).replace(/\.(md|markdown)$/i, '');
}

/** Where journals of this runbook live: `baseDir`, or `.runbook/` next to the runbook. */
export function journalDir(runbookPath: string, baseDir?: string): string {
  return baseDir ?? path.join(path.dirname(path.resolve(runbookPath)), JOURNAL_DIR);
}

export function journalPath(runbookPath: string, sessionId: string, baseDir?: string): string {
  return path.join(journalDir(runbookPath, baseDir), `${runbookName(runbookPath)}.${sessionId}${JOURNAL_EXT}`);
}

/** Every string inside `value` redacted (events, --json reports). */
export function redactDeep<T>(value: T, opts: RedactOptions): T {
  if (typeof value === 'string') {
    return redactText(value, opts) as T;
  }
  if (Array.isArray(value)) {
    return value.map((v: unknown) => redactDeep(v, opts)) as T;
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, opts)])) as T;
  }
  return value;
}

/** The event as the journal stores it: every string redacted, a secret variable's value dropped. */
export function redactEvent(event: SessionEvent, opts: RedactOptions = {}): SessionEvent {
  if (event.type === 'variable' && event.secret) {
    const { value: _drop, ...rest } = event;
    return redactDeep(rest, opts);
  }
  if (event.type === 'execution') {
    const outputs = event.outputs.map((o) => ({ items: o.items.map((i) => ({ mime: i.mime, data: redactOutputData(i.mime, i.data, opts) })) }));
    return { ...redactDeep({ ...event, outputs: [] }, opts), outputs };
  }
  return redactDeep(event, opts);
}

/** An open journal file. Appends are synchronous: the line is on disk when `append` returns. */
export class JournalWriter implements Disposable {
  private fd: number | undefined;

  constructor(
    readonly file: string,
    private readonly redact: RedactOptionsSource = {},
    private readonly lock: LockOptions = {},
  ) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.fd = fs.openSync(file, 'a');
    this.closeTornTail();
  }

  /** A crash mid-write leaves a line without its newline: end it, so the next line stays whole. */
  private closeTornTail(): void {
    const size = fs.fstatSync(this.fd!).size;
    if (size === 0) {
      return;
    }
    const last = Buffer.alloc(1);
    const rfd = fs.openSync(this.file, 'r');
    try {
      fs.readSync(rfd, last, 0, 1, size - 1);
    } finally {
      fs.closeSync(rfd);
    }
    if (last[0] !== 0x0a) {
      this.write(Buffer.from('\n'));
    }
  }

  append(event: SessionEvent): void {
    const opts = typeof this.redact === 'function' ? this.redact() : this.redact;
    this.write(Buffer.from(`${JSON.stringify(redactEvent(event, opts))}\n`, 'utf8'));
  }

  private write(buf: Buffer): void {
    if (this.fd === undefined) {
      throw new RunbookError('closed', `journal ${this.file} is closed`);
    }
    const fd = this.fd;
    const writeAll = (): void => {
      for (let off = 0; off < buf.length; ) {
        off += fs.writeSync(fd, buf, off, buf.length - off);
      }
      fs.fdatasyncSync(fd);
    };
    if (buf.length <= ATOMIC_APPEND_BYTES) {
      writeAll();
      return;
    }
    try {
      withLockFileSync(`${this.file}.lock`, writeAll, this.lock);
    } catch (e) {
      // A lock that stays taken (its writer frozen, or its dead writer's pid reused) must not cost the event:
      // one write() of a whole line almost never interleaves on a local disk; a lost line always loses it.
      if (!RunbookError.is(e, 'lockTimeout')) {
        throw e;
      }
      writeAll();
    }
  }

  dispose(): void {
    if (this.fd !== undefined) {
      fs.closeSync(this.fd);
      this.fd = undefined;
    }
  }
}

export interface AttachJournalOptions {
  /** Another folder for journals (the extension's storage); default `.runbook/` next to the runbook. */
  baseDir?: string;
  /** The settings whose secret variables count too (read on every write). */
  settings?: () => Pick<Settings, 'variables' | 'secretVariables'>;
  /** Append a session-end when disposed (the CLI's run finished; the notebook closed saved). */
  endOnDispose?: boolean;
  gitCommit?: string;
  logger?: Logger;
}

export interface AttachedJournal extends Disposable {
  readonly path: string;
  /**
   * Appends a session-end: everything so far is safe elsewhere (the CLI run finished, the notebook was saved or
   * closed saved). Events after it reopen the session. Does nothing when nothing happened since the last end.
   */
  end(): void;
}

function startEvent(session: RunbookSession, gitCommit?: string): SessionStartEvent {
  return {
    type: 'session-start',
    time: new Date().toISOString(),
    sessionId: session.id,
    runbookPath: path.resolve(session.runbookPath),
    operator: session.operator,
    host: session.host,
    ...(gitCommit ? { gitCommit } : {}),
  };
}

/**
 * Journals a session: writes what it already holds (a session-start first, made up if the session has none),
 * then every event as it is emitted. Appending to an existing journal (a restored session) continues it.
 */
export function attachJournal(session: RunbookSession, opts: AttachJournalOptions = {}): AttachedJournal {
  const log = opts.logger ?? NULL_LOGGER;
  const file = journalPath(session.runbookPath, session.id, opts.baseDir);
  const fresh = !fs.existsSync(file) || fs.statSync(file).size === 0;
  const writer = new JournalWriter(file, () => ({ secrets: secretValues({ session, settings: opts.settings?.() }) }));
  const append = (event: SessionEvent): void => {
    try {
      writer.append(event);
    } catch (e) {
      log.error(`journal ${file}: ${errorMessage(e)}`);
    }
  };
  if (fresh && !session.events.some((e) => e.type === 'session-start')) {
    append(startEvent(session, opts.gitCommit));
  }
  if (fresh) {
    session.events.forEach(append);
  }
  let pending = true;
  const sub = session.onEvent((event) => {
    append(event);
    pending = event.type !== 'session-end';
  });
  const end = (): void => {
    if (pending) {
      pending = false;
      append({ type: 'session-end', time: new Date().toISOString() });
    }
  };
  return {
    path: file,
    end,
    dispose: () => {
      sub.dispose();
      if (opts.endOnDispose) {
        end();
      }
      writer.dispose();
    },
  };
}

export interface JournalContents {
  events: SessionEvent[];
  /** The last line was cut short (a crash mid-write) and was left out. */
  tornTail: boolean;
  /** 1-based numbers of other lines that did not parse or are no valid event (left out). */
  badLines: number[];
  /** One clear line per bad line: `line 3: execution event without a valid outputs`. */
  problems: string[];
}

export function parseJournal(text: string): JournalContents {
  const lines = text.split('\n');
  const out: JournalContents = { events: [], tornTail: false, badLines: [], problems: [] };
  lines.forEach((line, i) => {
    if (line.trim() === '') {
      return;
    }
    let problem: string;
    try {
      const v: unknown = JSON.parse(line);
      const p = eventProblem(v);
      if (p === undefined) {
        out.events.push(v as SessionEvent);
        return;
      }
      problem = p;
    } catch {
      problem = 'not JSON';
    }
    if (i === lines.length - 1 && problem === 'not JSON') {
      out.tornTail = true;
    } else {
      out.badLines.push(i + 1);
      out.problems.push(`line ${i + 1}: ${problem}`);
    }
  });
  return out;
}

/** The journal's events; a torn last line (crash mid-write) and unparsable lines are left out. */
export function readJournal(file: string): SessionEvent[] {
  return readJournalContents(file).events;
}

export function readJournalContents(file: string): JournalContents {
  try {
    return parseJournal(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new RunbookError<JournalErrorReason>('unreadable', `cannot read journal ${file}: ${errorMessage(e)}`, { file });
  }
}
