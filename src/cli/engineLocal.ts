/** `--local`: a cell the state machine hands back (dig, shell) runs here with the kernel, and reports. */
import * as path from 'node:path';
import { AwsClientPool } from '../core/aws/clients';
import type { QueueRequest } from '../core/engine/follow';
import { SYSTEM_CLOCK, type ExecContext } from '../core/kernel/context';
import { CellRunner } from '../core/kernel/runner';
import { NULL_LOGGER } from '../core/logger';
import type { CellOutput } from '../core/runbook/model';
import { RunbookSession } from '../core/session/session';
import { normalizeSettings } from '../core/settings';
import type { LoadedRunbook } from './engineCommon';
import type { CliIO } from './io';

export async function runLocalCell(req: QueueRequest, rb: LoadedRunbook, io: CliIO): Promise<{ success: boolean; outputs: CellOutput[]; error?: string }> {
  const index = Number(req.body.cell);
  const cell = rb.doc.cells[index];
  if (cell?.kind !== 'code') {
    return { success: false, outputs: [], error: `cell ${index} is not a code cell of ${rb.file}` };
  }
  io.stderr(`[local] cell ${index} (line ${String(req.body.line)}): running here for the execution\n`);
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
