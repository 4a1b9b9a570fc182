/**
 * A `--local` step, one code path for every worker (the `runbook` CLI and VS Code): the request is checked by
 * localGuard.ts against the worker's own plan and the execution's history, the runbook's own cell runs (the
 * caller's CellRunner, with its context), and follow.ts reportLocalStep sends the result to its task token.
 */
import { RunbookError } from '../errors';
import type { CellResult } from '../kernel/context';
import type { RunbookCell, RunbookDocument } from '../runbook/model';
import { requestOf } from './approvalGuard';
import type { AslDefinition } from './asl';
import type { EngineClients } from './clients';
import type { CompiledRunbook } from './compile';
import { fullHistory, type LocalResult, type QueueRequest } from './follow';
import { executionView, type ExecutionView, type StateRun } from './history';
import { verifyLocalRequest } from './localGuard';

/** What the worker checks a request against: its own plan (local state -> cell) and the execution's history now. */
export interface LocalGuard {
  plan: ReadonlyMap<string, number>;
  view(): Promise<ExecutionView>;
}

export type { LocalResult } from './follow';

/** The local steps of what this worker compiled: state name -> cell index. */
export function localPlan(compiled: CompiledRunbook): Map<string, number> {
  return new Map(Object.entries(compiled.states).filter(([, s]) => s.kind === 'local').map(([name, s]) => [name, s.cell]));
}

/** The guard of a worker: its plan, and the execution's history read at the moment a request is checked. */
export function localGuard(clients: EngineClients, plan: ReadonlyMap<string, number>, definition: AslDefinition, executionArn: string): LocalGuard {
  return { plan, view: async () => executionView(executionArn, definition, await fullHistory(clients, executionArn)) };
}

/** The request a waiting local state carries in the execution's history (what an editor answers). */
export function localRequestOf(run: StateRun, executionArn: string): QueueRequest {
  return { ...requestOf(run, executionArn), kind: 'local' };
}

/** Local states the execution waits on whose request (with its task token) is in the history. */
export function waitingLocalSteps(view: ExecutionView | undefined): StateRun[] {
  if (!view || view.status !== 'RUNNING') {
    return [];
  }
  return view.runs.filter((r) => r.status === 'waiting' && r.kind === 'local' && typeof r.message?.token === 'string');
}

export interface LocalHooks {
  /** Runs the runbook's cell (never the message's text) with the caller's CellRunner and context. */
  run(index: number, cell: RunbookCell): Promise<CellResult>;
  /** One line for a refusal (the CLI's stderr, the editor's log). */
  refused?(message: string): void;
}

/** Checks the request (localGuard.ts), then runs the runbook's own cell; a refusal runs nothing. */
export async function runLocalStep(req: QueueRequest, doc: RunbookDocument, guard: LocalGuard, hooks: LocalHooks): Promise<LocalResult> {
  let index: number;
  let cell: RunbookCell;
  try {
    ({ index, cell } = verifyLocalRequest(req, guard.plan, await guard.view(), doc));
  } catch (e) {
    if (!(e instanceof RunbookError)) {
      throw e;
    }
    hooks.refused?.(e.message);
    return { success: false, outputs: [], error: e.message, refused: e.reason === 'forgedRequest' };
  }
  const r = await hooks.run(index, cell);
  const error = r.outputs.map((o) => o.items.find((i) => i.mime === 'application/vnd.code.notebook.error')?.data).find(Boolean);
  return { success: r.success, outputs: r.outputs, error: r.success ? undefined : (error ?? `exit ${r.exitCode ?? '?'}`) };
}
