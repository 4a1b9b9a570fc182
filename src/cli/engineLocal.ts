/** `--local`: a cell the state machine hands back (dig, shell) runs here with the kernel, and reports. */
import * as path from 'node:path';
import { AwsClientPool } from '../core/aws/clients';
import type { QueueRequest } from '../core/engine/follow';
import { SYSTEM_CLOCK, type ExecContext } from '../core/kernel/context';
import { CellRunner } from '../core/kernel/runner';
import { NULL_LOGGER } from '../core/logger';
import type { CellOutput, RunbookCell } from '../core/runbook/model';
import { RunbookError } from '../core/errors';
import { executionView, type ExecutionView } from '../core/engine/history';
import type { EngineClients } from '../core/engine/clients';
import type { CompiledRunbook } from '../core/engine/compile';
import { fullHistory } from '../core/engine/follow';
import { verifyLocalRequest } from '../core/engine/localGuard';
import { RunbookSession } from '../core/session/session';
import { normalizeSettings } from '../core/settings';
import type { LoadedRunbook } from './engineCommon';
import type { CliIO } from './io';

/** What the worker checks a request against: its own plan (local state -> cell) and the execution's history now. */
export interface LocalGuard {
  plan: ReadonlyMap<string, number>;
  view(): Promise<ExecutionView>;
}

/** The guard of `runbook run --local`: the local steps this process compiled, and the execution's history read now. */
export function localGuard(clients: EngineClients, compiled: CompiledRunbook, executionArn: string): LocalGuard {
  const plan = new Map(Object.entries(compiled.states).filter(([, s]) => s.kind === 'local').map(([name, s]) => [name, s.cell]));
  return { plan, view: async () => executionView(executionArn, compiled.definition, await fullHistory(clients, executionArn)) };
}

/** Runs the runbook's own cell the execution's state asks for (never the message's text); refuses anything else. */
export async function runLocalCell(req: QueueRequest, rb: LoadedRunbook, io: CliIO, guard: LocalGuard): Promise<{ success: boolean; outputs: CellOutput[]; error?: string; refused?: boolean }> {
  let index: number;
  let cell: RunbookCell;
  try {
    ({ index, cell } = verifyLocalRequest(req, guard.plan, await guard.view(), rb.doc));
  } catch (e) {
    if (!(e instanceof RunbookError)) {
      throw e;
    }
    io.stderr(`[local] ${e.message}\n`);
    return { success: false, outputs: [], error: e.message, refused: e.reason === 'forgedRequest' };
  }
  io.stderr(`[local] cell ${index}: running here for the execution\n`);
  const settings = normalizeSettings({});
  const pool = new AwsClientPool(settings.aws, io.env, NULL_LOGGER);
  const ctx: ExecContext = {
    cwd: path.dirname(rb.file),
    session: new RunbookSession(rb.file),
    settings,
    pool,
    logger: NULL_LOGGER,
    outline: rb.outline,
    env: io.env,
    stream: () => undefined,
    confirm: async () => false,
    prompt: async () => undefined,
    clock: SYSTEM_CLOCK,
  };
  try {
    const r = await new CellRunner().run({ source: cell.source, language: cell.language, index }, ctx);
    const error = r.outputs.map((o) => o.items.find((i) => i.mime === 'application/vnd.code.notebook.error')?.data).find(Boolean);
    return { success: r.success, outputs: r.outputs, error: r.success ? undefined : (error ?? `exit ${r.exitCode ?? '?'}`) };
  } finally {
    pool.dispose();
  }
}
