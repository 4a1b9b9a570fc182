/** What `runbook compile`, `deploy`, `run --engine stepfunctions` and `attach` share. */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { AwsClientPool } from '../core/aws/clients';
import { engineClients, type EngineClients } from '../core/engine/clients';
import { compileRunbook, type CompiledRunbook } from '../core/engine/compile';
import { RunbookError } from '../core/errors';
import { gitCommitOf } from '../core/incident/writer';
import { NULL_LOGGER } from '../core/logger';
import type { RunbookDocument, RunbookOutline } from '../core/runbook/model';
import { buildOutline } from '../core/runbook/outline';
import { parseRunbook } from '../core/runbook/parse';
import { normalizeSettings, type Settings } from '../core/settings';
import { escapeUntrusted } from '../core/untrustedText';
import { awsRawSettings, pairs, type AwsOptionValues } from './awsOptions';
import type { CliIO } from './io';

export interface LoadedRunbook {
  file: string;
  source: string;
  doc: RunbookDocument;
  outline: RunbookOutline;
}

export async function loadRunbook(io: CliIO, positionals: string[], command: string): Promise<LoadedRunbook> {
  if (positionals.length !== 1) {
    throw new RunbookError('usage', positionals.length === 0 ? `runbook ${command}: FILE is missing` : `runbook ${command}: one FILE only, got ${positionals.join(' ')}`);
  }
  const file = path.resolve(io.cwd, positionals[0]);
  const source = await readFile(file, 'utf8');
  const doc = parseRunbook(source);
  return { file, source, doc, outline: buildOutline(doc) };
}

/** The region the machine runs in: --region, else the runbook's DR region. */
export function engineRegion(region: string | undefined, outline: RunbookOutline, command: string): string {
  const r = region ?? outline.regions.dr;
  if (!r) {
    throw new RunbookError('usage', `runbook ${command}: --region is missing (the runbook names no DR region)`);
  }
  return r;
}

export interface CompileValues {
  phase?: string[];
  region?: string;
  var?: string[];
  local?: boolean;
  account?: string;
}

export async function compileFor(rb: LoadedRunbook, v: CompileValues, io: CliIO, command: string, account?: string): Promise<CompiledRunbook> {
  const region = engineRegion(v.region, rb.outline, command);
  return compileRunbook(rb.doc, rb.outline, {
    region,
    runbookPath: path.relative(io.cwd, rb.file).replace(/\\/g, '/') || rb.file,
    source: rb.source,
    cwd: path.dirname(rb.file),
    vars: Object.fromEntries(pairs(v.var, '--var')),
    phases: v.phase,
    local: v.local ?? false,
    account: account ?? v.account,
    gitCommit: await gitCommitOf(rb.file),
  });
}

/** The engine commands' own values, checked with the rest of the command line: `--max-attempts` is a whole number 1-10. */
export function checkEngineValues(parsed: { values: { 'max-attempts'?: string } }): void {
  const n = parsed.values['max-attempts'];
  if (n !== undefined && !/^(?:[1-9]|10)$/.test(n)) {
    throw new RunbookError('usage', '--max-attempts takes a whole number from 1 to 10');
  }
}

/** Clients for the engine's region, pointed where the shared AWS flags say. */
export async function clientsFor(region: string, v: AwsOptionValues & { 'max-attempts'?: string }, io: CliIO): Promise<{ clients: EngineClients; pool: AwsClientPool; settings: Settings }> {
  const settings = normalizeSettings({ aws: { ...awsRawSettings(v, io.env).aws, ...(v['max-attempts'] ? { maxAttempts: Number(v['max-attempts']) } : {}) } });
  const pool = new AwsClientPool(settings.aws, io.env, NULL_LOGGER);
  return { clients: await engineClients(region, settings.aws, pool), pool, settings };
}

export function reportNotCompiled(compiled: CompiledRunbook, io: CliIO, command: string): void {
  for (const n of compiled.notCompiled) {
    io.stderr(`runbook ${command}: line ${n.line}: not compiled: ${escapeUntrusted(n.text, { max: Infinity })}: ${n.reason}\n`);
  }
}

export function isUsageError(e: unknown): boolean {
  return RunbookError.is(e, 'usage') || RunbookError.is(e, 'unknownPhase');
}
