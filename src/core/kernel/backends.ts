import type { AwsClientPool, AwsIdentity } from '../aws/clients';
import type { ChangeComparison } from '../confirm/change';
import type { Settings } from '../settings';

/**
 * The kernel's view of the pieces it orchestrates (shell parser, AWS translate/invoke, shell runner,
 * dig, redactor). The real ones are wired in `realBackends.ts`; the kernel only knows these shapes.
 */
export interface ParsedCommand {
  argv: string[];
  text: string;
  line: number;
  /** A plain command (no pipes, redirections, substitutions, control operators). */
  simple: boolean;
}

export interface AwsGlobals {
  region?: string;
  profile?: string;
  output: string;
  query?: string;
  endpointUrl?: string;
  noPaginate: boolean;
  dryRun?: boolean;
}

export interface AwsCommandLike {
  service: string;
  operation: string;
  commandName: string;
  input: Record<string, unknown>;
  /** The input with the members the model marks sensitive redacted (shown for confirmation and dry runs). */
  shownInput?: Record<string, unknown>;
  globals: AwsGlobals;
  readOnly: boolean;
}

export interface ShellRunResult {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  aborted: boolean;
  durationMs: number;
}

export interface ShellRunOptions {
  shell: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  timeoutMs?: number;
  onOutput(chunk: { stream: 'stdout' | 'stderr'; text: string }): void;
}

export interface Redactor {
  push(chunk: string): string;
  flush(): string;
}

export interface KernelBackends {
  parseShell(text: string, env: Record<string, string | undefined>): ParsedCommand[];
  parseAws(argv: string[], opts: { cwd: string }): Promise<AwsCommandLike>;
  /** The CLI-shaped result, and each page's own result (text output prints page by page, as the CLI does). */
  invokeAws(cmd: AwsCommandLike, pool: AwsClientPool, opts: { signal: AbortSignal; settings: Settings; env: NodeJS.ProcessEnv }): Promise<{ data: unknown; pageResults?: unknown[] }>;
  formatAws(data: unknown, opts: { output: string; query?: string; title?: string; pageResults?: unknown[] }): string;
  describeRequest(cmd: AwsCommandLike, identity: AwsIdentity): string;
  currentRecordSets(cmd: AwsCommandLike, pool: AwsClientPool, signal: AbortSignal): Promise<unknown>;
  /** Now (read-only call) against after (computed locally) for a changing call. */
  compareChange(cmd: AwsCommandLike, pool: AwsClientPool, signal: AbortSignal): Promise<ChangeComparison>;
  runShell(script: string, opts: ShellRunOptions): Promise<ShellRunResult>;
  /** `aws ARGV...` through an installed AWS CLI (services outside the SDK path); throws when there is none or it is off. */
  runAwsCli(argv: string[], opts: { cwd: string; settings: Settings; env: NodeJS.ProcessEnv; signal: AbortSignal }): Promise<{ exitCode: number; stdout: string; stderr: string }>;
  isReadOnly(service: string, operation: string): boolean;
  /** `dig ARGS...` answered like dig: its text, and false for NXDOMAIN, no data, refused or a timeout. */
  runDig(args: string[], opts: { signal: AbortSignal; timeoutMs: number; servers: string[] }): Promise<{ text: string; success: boolean }>;
  redactor(secrets: string[]): Redactor;
  redact(text: string, secrets: string[]): string;
}
