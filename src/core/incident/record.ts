/**
 * The incident record (pure): a header (who, when, where, against which account), a timeline, phases against
 * their budgets and the RTO verdict, the variables used, then the whole executed runbook. It is itself a
 * runbook: the header is plain markdown (tables, no code fences) placed after the runbook's frontmatter, so
 * the record opens with our serializer, renders on GitHub and keeps the runbook's outline.
 */
import { splitFrontmatter } from '../runbook/frontmatter';
import type { RunbookDocument, RunbookOutline } from '../runbook/model';
import { serializeRunbook } from '../runbook/serialize';
import type { SessionEvent, SessionStartEvent } from '../session/events';
import { detectEol } from '../runbook/lines';
import { redactEvent, runbookName } from './journal';
import { isUnfinished } from './unfinished';
import { type RedactOptions, redactText } from './redact';
import { cellText } from '../runbook/tableCell';
import { phaseTable, phaseTimings, rtoLine, timelineTable, utcText, variableTable } from './recordTables';
import { redactDocument, replayEvents } from './replay';

export const RECORD_OPEN = '<!-- runbook:incident-record ';
export const RECORD_CLOSE = '<!-- /runbook:incident-record -->';

export interface IncidentRecordInput {
  /** The runbook; outputs already on it are kept, the events' executions and ticks are applied on top. */
  document: RunbookDocument;
  events: readonly SessionEvent[];
  outline: RunbookOutline;
  /** As it should appear in the record (relative to the workspace when possible). */
  runbookPath: string;
  gitCommit?: string;
  /** When the record is made (ISO-8601 or Date); the end time of a session that has not ended. */
  now: string | Date;
  /** Secret values to hide, on top of the built-in secret shapes. */
  secrets?: readonly string[];
  /** Extra header sections (markdown lines, no code fences) placed before the timeline (e.g. the engine's execution). */
  sections?: readonly { title: string; lines: readonly string[] }[];
}

export interface IncidentFacts {
  incidentId: string;
  sessionId?: string;
  start: string;
  end: string;
  ended: boolean;
  operator: string;
  host: string;
  accounts: string[];
  arns: string[];
  regions: string[];
  gitCommit?: string;
}

function uniq(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => !!v))];
}

/** `20261129T031245Z`: a UTC time safe in file names and ids. */
export function compactUtc(iso: string): string {
  const t = Date.parse(iso);
  return (Number.isNaN(t) ? new Date(0) : new Date(t)).toISOString().replace(/\.\d{3}/, '').replace(/[-:]/g, '');
}

export function incidentFacts(input: Pick<IncidentRecordInput, 'events' | 'runbookPath' | 'gitCommit' | 'now'>): IncidentFacts {
  const { events } = input;
  const now = typeof input.now === 'string' ? input.now : input.now.toISOString();
  const starts = events.filter((e): e is SessionStartEvent => e.type === 'session-start').sort((a, b) => a.time.localeCompare(b.time));
  const start = starts[0];
  const endEvent = isUnfinished(events) ? undefined : [...events].reverse().find((e) => e.type === 'session-end');
  const executions = events.flatMap((e) => (e.type === 'execution' ? [e.execution] : []));
  const identities = events.flatMap((e) => (e.type === 'identity' ? [e] : []));
  const startTime = start?.time ?? events[0]?.time ?? now;
  return {
    incidentId: `${runbookName(input.runbookPath)}-${compactUtc(startTime)}${start ? `-${start.sessionId.slice(0, 8)}` : ''}`,
    sessionId: start?.sessionId,
    start: startTime,
    end: endEvent?.time ?? now,
    ended: !!endEvent,
    operator: start?.operator ?? executions.find((x) => x.ranBy)?.ranBy ?? 'unknown',
    host: start?.host ?? executions.find((x) => x.host)?.host ?? 'unknown',
    accounts: uniq([...identities.map((i) => i.account), ...executions.map((x) => x.account)]),
    arns: uniq([...identities.map((i) => i.arn), ...executions.map((x) => x.arn)]),
    regions: uniq([...identities.map((i) => i.region), ...executions.map((x) => x.region)]),
    gitCommit: input.gitCommit ?? start?.gitCommit,
  };
}

function regionsText(regions: string[], outline: RunbookOutline): string {
  const role = (r: string): string => (r === outline.regions.primary ? ' (primary)' : r === outline.regions.dr ? ' (DR)' : '');
  return regions.length ? regions.map((r) => `${r}${role(r)}`).join(', ') : 'none called';
}

function markerJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e');
}

function headerLines(facts: IncidentFacts, input: IncidentRecordInput): string[] {
  const row = (k: string, v: string): string => `| ${k} | ${v} |`;
  const elapsed = Math.max(0, Date.parse(facts.end) - Date.parse(facts.start)) || 0;
  return [
    `${RECORD_OPEN}${markerJson({ v: 1, incidentId: facts.incidentId, sessionId: facts.sessionId })} -->`,
    `# Incident record: ${cellText(input.outline.title ?? runbookName(input.runbookPath))}`,
    '',
    '| | |',
    '|---|---|',
    row('Incident', cellText(facts.incidentId)),
    row('Start (UTC)', utcText(facts.start)),
    row('End (UTC)', `${utcText(facts.end)}${facts.ended ? '' : ' (session not ended; time of this record)'}`),
    row('Operator', cellText(facts.operator)),
    row('Host', cellText(facts.host)),
    row('AWS account', cellText(facts.accounts.join(', ') || 'unknown')),
    row('AWS identity', cellText(facts.arns.join(', ') || 'unknown', 400)),
    row('Regions', cellText(regionsText(facts.regions, input.outline), 400)),
    row('Runbook', cellText(input.runbookPath, 400)),
    row('Git commit', cellText(facts.gitCommit ?? 'unknown')),
    '',
    ...(input.sections ?? []).flatMap((s) => [`## ${s.title}`, '', ...s.lines, '']),
    '## Timeline',
    '',
    ...timelineTable(input.events, input.outline),
    '',
    '## Time against budget',
    '',
    ...phaseTable(phaseTimings(input.events, input.outline)),
    '',
    rtoLine(input.outline, elapsed),
    '',
    '## Variables used',
    '',
    ...variableTable(input.events),
    '',
    '## Executed runbook',
    '',
    'Everything below is the runbook as it was run, with each cell\'s output after it.',
    '',
    RECORD_CLOSE,
    '',
  ];
}

/** The record's markdown. Every secret shape and every given secret value is redacted. */
export function buildIncidentRecord(input: IncidentRecordInput): string {
  const opts: RedactOptions = { secrets: input.secrets };
  // Redact the events before the tables cut, collapse and escape their text: a secret cut short or with an
  // escaped `|` or `<` in it would no longer match. Each header line is redacted again as a whole below.
  const redacted: IncidentRecordInput = { ...input, events: input.events.map((e) => redactEvent(e, opts)) };
  const facts = incidentFacts(redacted);
  const executed = redactDocument(replayEvents(input.document, input.events), opts);
  const runbookText = serializeRunbook(executed);
  const bom = runbookText.startsWith('\uFEFF') ? '\uFEFF' : '';
  const body = runbookText.slice(bom.length);
  const fm = splitFrontmatter(body)?.raw ?? '';
  const rest = body.slice(fm.length);
  // The document's own line break (its first), not any CRLF an output happens to hold.
  const eol = detectEol(body);
  const header = headerLines(facts, redacted)
    .map((l) => redactText(l, opts))
    .join(eol);
  return `${bom}${fm}${header}${eol}${rest.replace(/^(\r?\n)+/, '')}`;
}
