import type { AwsClientPool, AwsIdentity } from '../aws/clients';
import type { ChangeComparison } from '../confirm/change';
import type { Logger } from '../logger';
import type { CellOutput, ExecutionSummary, RunbookOutline } from '../runbook/model';
import type { RunbookSession } from '../session/session';
import type { Settings } from '../settings';

/** A chunk of a shell cell's output, as it comes (already redacted). */
export interface StreamItem {
  stream: 'stdout' | 'stderr';
  text: string;
}

/** What a mutating AWS call shows before it is sent; the adapter asks the operator (or --yes answers). */
export interface ConfirmRequest {
  service: string;
  operation: string;
  region: string;
  account: string;
  arn: string;
  /** One readable paragraph: service, operation, region, account. */
  summary: string;
  /** The whole request as the SDK will receive it. */
  request: unknown;
  /** Route 53 changes: the record sets the change batch touches, as they are now. */
  currentRecordSets?: unknown;
  /** Unticked items of the outline's "Prerequisites" checklist: the confirmation warns about them first. */
  uncheckedPrerequisites: string[];
  /** Now against after (SDK calls): the plain change lines and the two texts "Show change" diffs. */
  change?: ChangeComparison;
  /** A call from a shell cell: the cell's script and the aws calls its text shows (a preview, not a guard). */
  preview?: { script: string; calls: string[] };
}

/** Known kinds of placeholder the adapter can offer a pick list of live resources for. */
export type PlaceholderKind = 'targetGroupArn' | 'hostedZoneId';

export interface PlaceholderRequest {
  name: string;
  kind?: PlaceholderKind;
  /** The region of the command the placeholder sits in, when the cell names one. */
  region: string;
  profile?: string;
  endpointUrl?: string;
  secret: boolean;
  cellIndex?: number;
}

export interface Clock {
  now(): number;
}

export const SYSTEM_CLOCK: Clock = { now: () => Date.now() };

/** Everything a cell run may touch, handed in by the adapter (VS Code) or the CLI. */
export interface ExecContext {
  /** The runbook's folder: shell cells run here, `file://` resolves from here. */
  cwd: string;
  session: RunbookSession;
  settings: Settings;
  pool: AwsClientPool;
  logger: Logger;
  signal?: AbortSignal;
  outline?: RunbookOutline;
  /** The environment shell cells inherit (default process.env). */
  env?: NodeJS.ProcessEnv;
  stream(item: StreamItem): void;
  confirm(request: ConfirmRequest): Promise<boolean>;
  prompt(request: PlaceholderRequest): Promise<string | undefined>;
  clock: Clock;
  /** Called with the identity the first time a region is used in this session. */
  onIdentity?(identity: AwsIdentity & { region: string }): void;
  /**
   * An AWS result's renderings: all of them (default: the editor switches between them, `runbook run --json` lists
   * them), or only the one `--output` asked for (a terminal `runbook run` prints that one, and the journal and the
   * record keep only that one either way).
   */
  awsRenderings?: 'all' | 'asked';
}

export interface CellInput {
  source: string;
  language: string;
  /** Index in the document (for events and prompts). */
  index?: number;
  executionOrder?: number;
}

export interface CellResult {
  success: boolean;
  exitCode?: number;
  outputs: CellOutput[];
  execution: ExecutionSummary;
}
