/** `--local`: a cell the state machine hands back (dig, shell) runs here with the kernel, and reports. */
import * as path from 'node:path';
import { AwsClientPool } from '../core/aws/clients';
import type { QueueRequest } from '../core/engine/follow';
import { SYSTEM_CLOCK, type ExecContext } from '../core/kernel/context';
import { CellRunner } from '../core/kernel/runner';
import { setSessionVariable } from '../core/kernel/variables';
import { looksSecret } from '../core/incident/secrets';
import { NULL_LOGGER } from '../core/logger';
import type { EngineClients } from '../core/engine/clients';
import type { CompiledRunbook } from '../core/engine/compile';
import { localGuard as guardOf, localPlan, runLocalStep, type LocalGuard, type LocalResult } from '../core/engine/localStep';
import { RunbookSession } from '../core/session/session';
import type { Settings } from '../core/settings';
import type { LoadedRunbook } from './engineCommon';
import type { CliIO } from './io';

export type { LocalGuard } from '../core/engine/localStep';

/** The guard of `runbook run --local`: the local steps this process compiled, and the execution's history read now. */
export function localGuard(clients: EngineClients, compiled: CompiledRunbook, executionArn: string): LocalGuard {
  return guardOf(clients, localPlan(compiled), compiled.definition, executionArn);
}

/**
 * Runs the runbook's own cell the execution's state asks for (never the message's text); refuses anything else.
 * The cell's AWS calls go where the command's own flags point (`settings`: the endpoint the user was shown), and a
 * change in it is applied only with `yes` (the command's `--yes`), as its approvals are.
 */
export function runLocalCell(req: QueueRequest, rb: LoadedRunbook, io: CliIO, guard: LocalGuard, local: { settings: Settings; yes: boolean; vars?: readonly [string, string][] }): Promise<LocalResult> {
  return runLocalStep(req, rb.doc, guard, {
    refused: (message) => io.stderr(`[local] ${message}\n`),
    run: async (index, cell) => {
      io.stderr(`[local] cell ${index}: running here for the execution\n`);
      const settings = local.settings;
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
        confirm: async () => local.yes,
        prompt: async () => undefined,
        clock: SYSTEM_CLOCK,
      };
      // The command's --var values fill the cell's placeholders here: a secret's never went to the execution.
      for (const [name, value] of local.vars ?? []) {
        setSessionVariable(ctx, name, value, 'cli', looksSecret(name));
      }
      try {
        return await new CellRunner().run({ source: cell.source, language: cell.language, index }, ctx);
      } finally {
        pool.dispose();
      }
    },
  });
}
