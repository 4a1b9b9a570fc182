/** Route 53 change batches: the record sets after the batch, and one plain line per change. */
import { shortDnsName, shorten } from './text';

export type RecordSet = Record<string, unknown> & {
  Name?: string;
  Type?: string;
  SetIdentifier?: string;
  Failover?: string;
  TTL?: number;
  AliasTarget?: { DNSName?: string };
  ResourceRecords?: { Value?: string }[];
};

interface Change {
  Action?: string;
  ResourceRecordSet?: RecordSet;
}

/** A record name as Route 53 compares it: any case, with or without the final dot, `\052` (as Route 53 lists it) for `*`. */
function norm(name: string | undefined): string {
  return (name ?? '').toLowerCase().replace(/\.$/, '').replace(/\\052/g, '*');
}

/** Which record set this is: name, type and set identifier (the confirmation's diff and `runbook check --live` alike). */
export function recordKey(r: RecordSet): string {
  return `${norm(r.Name)}|${r.Type ?? ''}|${r.SetIdentifier ?? ''}`;
}

/** The changes of a `change-resource-record-sets` request. */
export function changesOf(input: Record<string, unknown>): Change[] {
  return ((input.ChangeBatch as { Changes?: Change[] } | undefined)?.Changes ?? []).filter((c) => c && typeof c === 'object');
}

/** What a record answers, in a few words: `alias bbws-alb-1.eu-west-1…` or its values. */
export function recordValue(r: RecordSet | undefined): string {
  if (!r) {
    return '(none)';
  }
  if (r.AliasTarget?.DNSName) {
    return `alias ${shortDnsName(r.AliasTarget.DNSName)}`;
  }
  const values = (r.ResourceRecords ?? []).map((v) => v.Value ?? '').join(', ');
  return shorten(values || '(no values)', 40);
}

/** By key, in code-unit order: the same on every machine, and no ICU collator to load (its first use costs ~15 ms). */
function sortSets(sets: RecordSet[]): RecordSet[] {
  return [...sets].sort((a, b) => {
    const [x, y] = [recordKey(a), recordKey(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** Record sets keyed by `name type set-id` (sorted in the text), so a diff lines them up record by record. */
export function keyedRecordSets(sets: RecordSet[]): Record<string, RecordSet> {
  return Object.fromEntries(sets.map((r) => [`${norm(r.Name)} ${r.Type ?? ''}${r.SetIdentifier ? ` ${r.SetIdentifier}` : ''}`, r]));
}

/** The record sets the batch touches as they will be: CREATE/UPSERT put the set, DELETE removes it. */
export function applyChangeBatch(current: RecordSet[], input: Record<string, unknown>): RecordSet[] {
  const sets = new Map(current.map((r) => [recordKey(r), r]));
  for (const c of changesOf(input)) {
    const r = c.ResourceRecordSet;
    if (!r) {
      continue;
    }
    if ((c.Action ?? '').toUpperCase() === 'DELETE') {
      sets.delete(recordKey(r));
    } else {
      sets.set(recordKey(r), r);
    }
  }
  return sortSets([...sets.values()]);
}

/** `UPSERT wp.kimmyai.io A PRIMARY: alias bbws-alb-1.af-south-1… -> bbws-alb-1.eu-west-1…` for each change. */
export function changeBatchLines(current: RecordSet[], input: Record<string, unknown>): string[] {
  const now = new Map(current.map((r) => [recordKey(r), r]));
  return changesOf(input).map((c) => {
    const r = c.ResourceRecordSet ?? {};
    const action = (c.Action ?? '?').toUpperCase();
    const id = r.Failover ?? r.SetIdentifier;
    const from = recordValue(now.get(recordKey(r)));
    const to = action === 'DELETE' ? '(none)' : recordValue(r).replace(/^alias /, from.startsWith('alias ') ? '' : 'alias ');
    return `${action} ${norm(r.Name)} ${r.Type ?? '?'}${id ? ` ${id}` : ''}: ${from} -> ${to}`;
  });
}
