/**
 * What a journal line must look like to be replayed: a line that parses as JSON but lacks a field the
 * replay reads (a hand-edited or corrupt journal) is left out with its line number, never a TypeError.
 */
import type { SessionEvent } from '../session/events';

type Fields = Record<string, 'string' | 'number' | 'boolean' | 'object' | 'outputs'>;

const REQUIRED: Record<SessionEvent['type'], Fields> = {
  'session-start': { time: 'string', sessionId: 'string' },
  execution: { time: 'string', cellIndex: 'number', source: 'string', execution: 'object', outputs: 'outputs' },
  tick: { time: 'string', cellIndex: 'number', lineInCell: 'number', text: 'string', checked: 'boolean' },
  variable: { time: 'string', name: 'string', secret: 'boolean' },
  identity: { time: 'string', account: 'string', arn: 'string', region: 'string' },
  'session-end': { time: 'string' },
  'cell-start': { time: 'string', cellIndex: 'number', source: 'string', language: 'string' },
  confirmation: { time: 'string', cellIndex: 'number', service: 'string', operation: 'string', confirmed: 'boolean' },
  'aws-call': { time: 'string', cellIndex: 'number', command: 'string', exitCode: 'number' },
};

function isOutputs(v: unknown): boolean {
  return (
    Array.isArray(v) &&
    v.every(
      (o) =>
        o !== null &&
        typeof o === 'object' &&
        Array.isArray((o as { items?: unknown }).items) &&
        (o as { items: unknown[] }).items.every((i) => i !== null && typeof i === 'object' && typeof (i as { mime?: unknown }).mime === 'string' && typeof (i as { data?: unknown }).data === 'string'),
    )
  );
}

function hasField(e: Record<string, unknown>, name: string, kind: Fields[string]): boolean {
  const v = e[name];
  if (kind === 'outputs') {
    return isOutputs(v);
  }
  if (kind === 'object') {
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  }
  return typeof v === kind;
}

/** Why `v` is not a replayable event, or undefined when it is one. */
export function eventProblem(v: unknown): string | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    return 'not a JSON object';
  }
  const e = v as Record<string, unknown>;
  const fields = typeof e.type === 'string' ? REQUIRED[e.type as SessionEvent['type']] : undefined;
  if (!fields) {
    return `unknown event type ${JSON.stringify(e.type ?? null)}`;
  }
  const bad = Object.entries(fields).find(([name, kind]) => !hasField(e, name, kind));
  return bad ? `${e.type} event without a valid ${bad[0]}` : undefined;
}

export function isSessionEvent(v: unknown): v is SessionEvent {
  return eventProblem(v) === undefined;
}
