/**
 * The incident record's input for a session run here (the notebook's "Save as Incident Record", `runbook
 * run --record`): one builder, so both surfaces write the same record from the same session.
 */
import * as path from 'node:path';
import type { RunbookDocument } from '../runbook/model';
import { buildOutline } from '../runbook/outline';
import type { SessionEvent } from '../session/events';
import type { RunbookSession } from '../session/session';
import type { Settings } from '../settings';
import type { IncidentRecordInput } from './record';
import { secretValues } from './secrets';
import { gitCommitOf } from './writer';

export interface SessionRecordSource {
  /** The runbook as it stands now (outputs already on it are kept; the session's executions and ticks go on top). */
  document: RunbookDocument;
  session: RunbookSession;
  settings: Pick<Settings, 'variables' | 'secretVariables'>;
  /** The runbook's absolute path; for a runbook not on disk, the name it goes by (its URI). */
  runbookFile: string;
  /** False for a runbook that is not a file on disk: its name is shown as is and no git commit is looked up. */
  onDisk?: boolean;
  /** The record names the runbook relative to this folder (the workspace folder, the CLI's working directory). */
  baseDir: string;
  /** For the AWS credentials in it, hidden too. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  now?: Date;
}

/** A session that never started one (nothing ran yet) still gets a start: the session's first event, or now. */
function withStart(session: RunbookSession, runbookFile: string, now: Date): SessionEvent[] {
  if (session.events.some((e) => e.type === 'session-start')) {
    return session.events;
  }
  const start: SessionEvent = {
    type: 'session-start',
    time: session.events[0]?.time ?? now.toISOString(),
    sessionId: session.id,
    runbookPath: runbookFile,
    operator: session.operator,
    host: session.host,
  };
  return [start, ...session.events];
}

/**
 * The record of `session` over `document`. Secrets hidden: every value either surface knew to be secret
 * (the secret variables by name from the settings, the frontmatter and the session, values of names that
 * look secret, the session's other secret values, the AWS credentials of the environment).
 */
export async function sessionRecordInput(src: SessionRecordSource): Promise<IncidentRecordInput> {
  const now = src.now ?? new Date();
  const onDisk = src.onDisk ?? true;
  const outline = buildOutline(src.document);
  const secrets = secretValues({ outline, session: src.session, settings: src.settings, env: src.env ?? process.env });
  return {
    document: src.document,
    events: withStart(src.session, src.runbookFile, now),
    outline,
    runbookPath: onDisk ? path.relative(src.baseDir, src.runbookFile) || src.runbookFile : src.runbookFile,
    gitCommit: onDisk ? await gitCommitOf(src.runbookFile) : undefined,
    now,
    secrets,
  };
}
