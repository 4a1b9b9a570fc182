/**
 * Now against after for a changing call: the state read from AWS (see current.ts) and the state after
 * the change, computed locally, as two stable texts for a diff and one plain line per change.
 */
import { itemAfter } from './dynamodb';
import { applyChangeBatch, changeBatchLines, keyedRecordSets, type RecordSet } from './route53';
import { oneLine, plain, stateText } from './text';

/** The request as the confirmation sees it (an AwsCommand fits). */
export interface ChangeRequest {
  service: string;
  operation: string;
  input: Record<string, unknown>;
}

/** What was read: the state now, from which read; `undefined` state when nothing answers for this operation. */
export interface CurrentState {
  /** The read-only call that gave `state` ("route53 ListResourceRecordSets"), absent when there is none. */
  source?: string;
  state?: unknown;
  /** The read failed: why (the after side then shows the request). */
  error?: string;
}

export interface ChangeComparison {
  /** The read behind the now side, or why there is none. */
  source: string;
  nowText: string;
  afterText: string;
  /** One plain line per change ("UPSERT wp.kimmyai.io A PRIMARY: alias a… -> b…"). */
  lines: string[];
  /** Said beside the diff: when the after side is only the request, or the read failed. */
  note?: string;
}

type Computed = { after: unknown; lines: string[]; note?: string; now?: unknown };

const IDENTIFYING = /(Name|Id|Arn|Key|Identifier|^cluster$|^service$|^Bucket$|^TableName$)$/;

function scalar(v: unknown): boolean {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v);
}

/** The request's identifying members (`TableName=orders`), for the head of a line. */
export function identifyingMembers(input: Record<string, unknown>): string {
  return Object.entries(input)
    .filter(([k, v]) => IDENTIFYING.test(k) && scalar(v))
    .map(([k, v]) => `${k}=${oneLine(v, 32)}`)
    .join(' ');
}

/** `prefix: key old -> new` for each top-level member that differs between two states. */
export function changedLines(prefix: string, now: unknown, after: unknown): string[] {
  const a = (plain(now) ?? {}) as Record<string, unknown>;
  const b = (plain(after) ?? {}) as Record<string, unknown>;
  if (now === null && after === null) {
    return [`${prefix}: nothing there now, nothing after`];
  }
  if (now === null || after === null) {
    return [`${prefix}: ${now === null ? '(none)' : oneLine(a, 30)} -> ${after === null ? '(none)' : oneLine(b, 30)}`];
  }
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const lines = keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).map((k) => `${prefix}: ${k} ${oneLine(a[k], 28)} -> ${oneLine(b[k], 28)}`);
  return lines.length > 0 ? lines : [`${prefix}: no member changes`];
}

function requestLines(req: ChangeRequest): string[] {
  const id = identifyingMembers(req.input);
  const values = Object.entries(req.input).filter(([k, v]) => !IDENTIFYING.test(k) && v !== undefined);
  const head = `${req.operation}${id ? ` ${id}` : ''}`;
  return values.length === 0 ? [head] : values.map(([k, v]) => `${head}: ${k} = ${oneLine(v, 40)}`);
}

function ecsAfter(input: Record<string, unknown>, now: Record<string, unknown>): Record<string, unknown> {
  const after = { ...now };
  for (const k of ['desiredCount', 'taskDefinition']) {
    if (input[k] !== undefined) {
      after[k] = input[k];
    }
  }
  return after;
}

function s3After(req: ChangeRequest): { after: unknown; note?: string } {
  if (req.operation === 'delete-object') {
    return { after: null };
  }
  const { Bucket: _b, Key: _k, Body, ...rest } = req.input;
  const size = Body instanceof Uint8Array ? Body.length : typeof Body === 'string' ? Buffer.byteLength(Body) : 0;
  return { after: { ContentLength: size, ...rest }, note: 'After: the object the request writes; S3 sets its ETag and LastModified.' };
}

/** The after state and lines for a state read from AWS. */
function computeFromNow(req: ChangeRequest, now: unknown): Computed {
  const key = `${req.service}.${req.operation}`;
  if (key === 'route53.change-resource-record-sets') {
    const sets = (now as RecordSet[] | undefined) ?? [];
    return { now: keyedRecordSets(sets), after: keyedRecordSets(applyChangeBatch(sets, req.input)), lines: changeBatchLines(sets, req.input) };
  }
  const prefix = `${req.operation} ${identifyingMembers(req.input)}`.trim();
  if (req.service === 'ecs') {
    const after = ecsAfter(req.input, now as Record<string, unknown>);
    return { after, lines: changedLines(prefix, now, after) };
  }
  if (req.service === 'dynamodb') {
    const { item, note } = itemAfter(req.operation, req.input, now as Record<string, unknown> | null);
    return { after: item, lines: note ? requestLines(req) : changedLines(prefix, now, item), note };
  }
  const { after, note } = s3After(req);
  // S3 sets these itself: "ETag x -> (none)" would read as if the request removed them
  const lines = changedLines(prefix, now, after).filter((l) => !/^[^:]+: (ETag|LastModified|VersionId) /.test(l));
  return { after, lines, note };
}

/** Now against after for a request, given what the read-only call found (see readCurrentState). */
export function compareChange(req: ChangeRequest, current: CurrentState): ChangeComparison {
  const what = `${req.service} ${req.operation}`;
  if (current.source === undefined || current.error !== undefined) {
    const note = current.error !== undefined
      ? `Could not read the current state (${current.error}): the comparison shows the request alone.`
      : `No read counterpart for ${what} (the comparison shows the request alone).`;
    return { source: current.source ?? 'none', nowText: `# ${note}\n`, afterText: stateText(req.input), lines: requestLines(req), note };
  }
  const { after, lines, note, now } = computeFromNow(req, current.state);
  return { source: current.source, nowText: stateText(now ?? current.state), afterText: stateText(after), lines, note };
}
