/**
 * Pagination like the AWS CLI: the SDK's own `paginateXxx` where the CLI also paginates, plus a small
 * table for the operations the CLI paginates but the SDK ships no paginator for (and the reverse).
 * Pages merge as the CLI's build_full_result: result lists concatenated, counts summed, and only the
 * listed non-aggregate keys kept beside them.
 */
import { RunbookError } from '../errors';
import type { SdkClient } from './clients';
import type { SdkModule } from './sdkModules';
import type { AwsCommand } from './command';

interface ManualPaginator {
  inputTokens: string[];
  outputTokens: string[];
  /** When set, more pages exist only while this output key is true. */
  moreResults?: string;
  limitKey?: string;
}

/** Paginated by the CLI, no paginator in the SDK. */
const MANUAL: Record<string, ManualPaginator> = {
  'elbv2.describe-ssl-policies': { inputTokens: ['Marker'], outputTokens: ['NextMarker'], limitKey: 'PageSize' },
  'dynamodb.list-backups': { inputTokens: ['ExclusiveStartBackupArn'], outputTokens: ['LastEvaluatedBackupArn'], limitKey: 'Limit' },
  'dynamodb.list-tags-of-resource': { inputTokens: ['NextToken'], outputTokens: ['NextToken'] },
  's3api.list-objects': { inputTokens: ['Marker'], outputTokens: ['NextMarker'], moreResults: 'IsTruncated', limitKey: 'MaxKeys' },
  's3api.list-object-versions': {
    inputTokens: ['KeyMarker', 'VersionIdMarker'], outputTokens: ['NextKeyMarker', 'NextVersionIdMarker'], moreResults: 'IsTruncated', limitKey: 'MaxKeys',
  },
  's3api.list-multipart-uploads': {
    inputTokens: ['KeyMarker', 'UploadIdMarker'], outputTokens: ['NextKeyMarker', 'NextUploadIdMarker'], moreResults: 'IsTruncated', limitKey: 'MaxUploads',
  },
  'route53.list-resource-record-sets': {
    inputTokens: ['StartRecordName', 'StartRecordType', 'StartRecordIdentifier'],
    outputTokens: ['NextRecordName', 'NextRecordType', 'NextRecordIdentifier'],
    moreResults: 'IsTruncated',
    limitKey: 'MaxItems',
  },
  'route53.list-vpc-association-authorizations': { inputTokens: ['NextToken'], outputTokens: ['NextToken'], limitKey: 'MaxResults' },
};

/** The SDK paginates these, the CLI does not: send once. */
const NOT_PAGINATED = new Set([
  'ecs.list-gateway-cluster-associations', 'ecs.list-gateway-routes', 'ecs.list-gateways',
  'dynamodb.list-bulk-operations', 'dynamodb.list-contributor-insights', 'dynamodb.list-exports', 'dynamodb.list-imports',
  's3api.list-object-annotations', 'route53.list-resource-record-set-protections', 'rds.describe-db-capacity-reservations',
  'cloudwatch.describe-insight-rules', 'cloudwatch.list-managed-insight-rules', 'cloudwatch.list-metric-streams',
]);

/** Keys the CLI keeps beside the result lists. */
const NON_AGGREGATE: Record<string, string[]> = {
  'dynamodb.scan': ['ConsumedCapacity'],
  'dynamodb.query': ['ConsumedCapacity'],
  'route53.list-vpc-association-authorizations': ['HostedZoneId'],
  's3api.list-buckets': ['Owner', 'Prefix'],
  's3api.list-objects': ['RequestCharged', 'Prefix'],
  's3api.list-objects-v2': ['RequestCharged', 'Prefix'],
  's3api.list-object-versions': ['RequestCharged', 'Prefix'],
  's3api.list-multipart-uploads': ['RequestCharged', 'Prefix'],
  's3api.list-parts': ['ChecksumAlgorithm', 'Initiator', 'Owner', 'StorageClass', 'ChecksumType'],
  'rds.describe-certificates': ['DefaultCertificateForNewLaunches'],
};
const SUMMED = new Set(['Count', 'ScannedCount']);

/** Result keys the CLI names even when a page lacks them (it prints them as None in text output). */
const RESULT_KEYS: Record<string, string[]> = {
  'dynamodb.scan': ['Items', 'Count', 'ScannedCount'],
  'dynamodb.query': ['Items', 'Count', 'ScannedCount'],
  's3api.list-objects': ['Contents', 'CommonPrefixes'],
  's3api.list-objects-v2': ['Contents', 'CommonPrefixes'],
  's3api.list-object-versions': ['Versions', 'DeleteMarkers', 'CommonPrefixes'],
  's3api.list-multipart-uploads': ['Uploads', 'CommonPrefixes'],
  'cloudwatch.describe-alarms': ['MetricAlarms', 'CompositeAlarms'],
  'cloudwatch.list-metrics': ['Metrics', 'OwningAccounts'],
  'cloudwatch.get-metric-data': ['MetricDataResults', 'Messages'],
};

type Page = Record<string, unknown>;
export type PageSource = (signal: AbortSignal) => AsyncIterable<Page>;
type SdkPaginator = (config: Record<string, unknown>, input: object, ...rest: unknown[]) => AsyncIterable<Page>;

/** How the CLI pages this command, or undefined when it sends it once. */
export function pageSource(cmd: AwsCommand, mod: SdkModule, client: SdkClient): PageSource | undefined {
  const key = `${cmd.service}.${cmd.operation}`;
  if (cmd.globals.noPaginate || NOT_PAGINATED.has(key)) {
    return undefined;
  }
  const manual = MANUAL[key];
  const Cmd = mod[cmd.commandName] as new (i: object) => unknown;
  if (manual) {
    return (signal) => manualPages(manual, cmd, (input) => client.send(new Cmd(input), { abortSignal: signal }) as Promise<Page>);
  }
  const sdk = mod[`paginate${cmd.commandName.replace(/Command$/, '')}`] as SdkPaginator | undefined;
  if (!sdk) {
    return undefined;
  }
  const config = { client, pageSize: cmd.globals.pageSize, startingToken: cmd.globals.startingToken };
  return (signal) => sdk(config, cmd.input, { abortSignal: signal });
}

async function* manualPages(p: ManualPaginator, cmd: AwsCommand, send: (input: object) => Promise<Page>): AsyncIterable<Page> {
  const input: Record<string, unknown> = { ...cmd.input };
  if (p.limitKey && cmd.globals.pageSize) {
    input[p.limitKey] = cmd.globals.pageSize;
  }
  const seen = new Set<string>();
  for (;;) {
    const page = await send(input);
    yield page;
    const next = p.outputTokens.map((t) => page[t]);
    const more = p.moreResults ? page[p.moreResults] === true : next[0] !== undefined;
    const sig = JSON.stringify(next);
    if (!more || next[0] === undefined) {
      return;
    }
    if (seen.has(sig)) {
      throw new RunbookError('pagination', `Error during pagination: the same next token was received twice: ${sig}`);
    }
    seen.add(sig);
    p.inputTokens.forEach((t, i) => {
      input[t] = next[i];
      if (next[i] === undefined) {
        delete input[t];
      }
    });
  }
}

/** Merges pages like the CLI's build_full_result. */
export function mergePages(cmd: AwsCommand, pages: Page[]): Page {
  const out: Page = {};
  for (const page of pages) {
    for (const [k, v] of Object.entries(page)) {
      if (Array.isArray(v)) {
        out[k] = [...((out[k] as unknown[]) ?? []), ...v];
      } else if (SUMMED.has(k) && typeof v === 'number') {
        out[k] = ((out[k] as number) ?? 0) + v;
      }
    }
  }
  for (const k of NON_AGGREGATE[`${cmd.service}.${cmd.operation}`] ?? []) {
    out[k] = pages[0]?.[k] ?? null;
  }
  return out;
}

function resultKeys(cmd: AwsCommand, pages: Page[]): string[] {
  const keys = new Set(RESULT_KEYS[`${cmd.service}.${cmd.operation}`] ?? []);
  for (const page of pages) {
    for (const [k, v] of Object.entries(page)) {
      if (Array.isArray(v) || (SUMMED.has(k) && typeof v === 'number')) {
        keys.add(k);
      }
    }
  }
  return [...keys];
}

/**
 * Each page as the CLI's text output sees it (the text format prints page by page): the result keys
 * of the page (null when absent), and on the first page the non-aggregate keys.
 */
export function pageViews(cmd: AwsCommand, pages: Page[]): Page[] {
  const keys = resultKeys(cmd, pages);
  const nonAggregate = NON_AGGREGATE[`${cmd.service}.${cmd.operation}`] ?? [];
  return pages.map((page, i) => {
    const view: Page = {};
    if (i === 0) {
      for (const k of nonAggregate) {
        view[k] = page[k] ?? null;
      }
    }
    for (const k of keys) {
      view[k] = page[k] ?? null;
    }
    return view;
  });
}

function countItems(page: Page): number {
  return Math.max(0, ...Object.values(page).map((v) => (Array.isArray(v) ? v.length : 0)));
}

function truncate(data: Page, maxItems: number): void {
  for (const [k, v] of Object.entries(data)) {
    if (Array.isArray(v) && v.length > maxItems) {
      data[k] = v.slice(0, maxItems);
    } else if (k === 'Count' && typeof v === 'number') {
      data[k] = Math.min(v, maxItems);
    }
  }
}

/** Reads all pages (or up to --max-items) and merges them. */
export async function collectPages(
  cmd: AwsCommand,
  source: PageSource,
  signal: AbortSignal,
  onPage?: () => void,
): Promise<{ data: Page; pages: number; pageResults?: Page[] }> {
  const pages: Page[] = [];
  let items = 0;
  for await (const page of source(signal)) {
    onPage?.();
    pages.push(page);
    items += countItems(page);
    if (cmd.globals.maxItems !== undefined && items >= cmd.globals.maxItems) {
      break;
    }
  }
  const data = mergePages(cmd, pages);
  if (cmd.globals.maxItems !== undefined) {
    truncate(data, cmd.globals.maxItems);
  }
  return { data, pages: pages.length, pageResults: cmd.globals.maxItems === undefined ? pageViews(cmd, pages) : undefined };
}
