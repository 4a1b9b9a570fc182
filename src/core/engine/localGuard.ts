/**
 * What a `--local` worker may run: only a cell of the runbook the user started, the one the execution's own
 * state asks for, identified by position and the hash of its text. Never a command carried by the queue
 * message: a message is only a nudge; what runs is read from the execution's history (written by Step
 * Functions from the definition) and the worker's own compiled plan, and the runbook's cell must still hash
 * to what was compiled. Anything else is refused with one clear line; the state name it quotes comes from the
 * message, so it is quoted through quoteUntrusted (no control or bidi character reaches the terminal or the log).
 */
import { createHash } from 'node:crypto';
import { RunbookError } from '../errors';
import type { RunbookCell, RunbookDocument } from '../runbook/model';
import { quoteUntrusted } from '../untrustedText';
import type { QueueRequest } from './follow';
import { waitingRunOf, type ExecutionView } from './history';

export function cellHash(source: string): string {
  return createHash('sha256').update(source, 'utf8').digest('hex');
}

/** forgedRequest: no state of this execution sent it (not answered); tamperedRequest: the state's task fails. */
export type LocalRefusal = 'forgedRequest' | 'tamperedRequest';

function refuse(why: string, reason: LocalRefusal = 'forgedRequest'): never {
  throw new RunbookError<LocalRefusal>(reason, `refused a local request: ${why}; nothing ran`);
}

/**
 * The cell to run for `req`, or a refusal. `plan`: state name -> cell index of the local steps this worker
 * compiled and started; `view`: the execution's history now; `doc`: the runbook the user started.
 */
export function verifyLocalRequest(req: QueueRequest, plan: ReadonlyMap<string, number>, view: ExecutionView, doc: RunbookDocument): { index: number; cell: RunbookCell } {
  const planned = plan.get(req.state);
  if (planned === undefined) {
    refuse(`${quoteUntrusted(req.state)} is not a local step of the runbook this worker started`);
  }
  const run = waitingRunOf(view, 'local', req.state, req.token);
  if (!run?.message) {
    refuse(`the execution does not wait in ${quoteUntrusted(req.state)} with this task token (a message the execution did not send)`);
  }
  const index = Number(run.message.cell);
  const hash = String(run.message.sha256 ?? '');
  if (index !== planned || Number(req.body.cell) !== index || String(req.body.sha256 ?? '') !== hash) {
    refuse(`the message names another cell than the execution's state ${quoteUntrusted(req.state)} (tampered)`, 'tamperedRequest');
  }
  const cell = doc.cells[index];
  if (cell?.kind !== 'code' || cellHash(cell.source) !== hash) {
    refuse(`cell ${index} of the runbook is not the cell that was compiled (its text changed)`, 'tamperedRequest');
  }
  return { index, cell };
}
