/**
 * `--local` steps in VS Code (docs/engine.md): a dig or shell cell the execution hands back runs here only
 * after the user's Run for that step, through the kernel's CellRunner (its output in the cell), and its
 * result goes to the execution. The check and the report are src/core/engine/localStep.ts, as in the CLI.
 */
import * as vscode from 'vscode';
import type { StateRun } from '../core/engine/history';
import { reportLocalStep } from '../core/engine/follow';
import { localGuard, localRequestOf, runLocalStep, type LocalResult } from '../core/engine/localStep';
import type { CellResult } from '../core/kernel/context';
import { parseRunbook } from '../core/runbook/parse';
import { serializeRunbook } from '../core/runbook/serialize';
import type { Logger } from '../core/logger';
import { quoteUntrusted } from '../core/untrustedText';
import { documentOf } from '../notebookDocument';
import type { EngineFollower } from './follower';

const RUN: vscode.MessageItem = { title: 'Run' };
const REJECT: vscode.MessageItem = { title: 'Reject' };

/** Runs a notebook cell as a local run does and returns its result (the kernel's controller). */
export interface LocalCellRunner {
  runCell(notebook: vscode.NotebookDocument, cellIndex: number): Promise<CellResult | undefined>;
}

/** The cell a waiting local step of this window's plan asks for: its index, line and text as the notebook has it. */
export function localStepCell(f: EngineFollower, run: StateRun): { index: number; line: number; text: string } | undefined {
  const index = f.localPlan?.get(run.state);
  if (index === undefined || index >= f.notebook.cellCount) {
    return undefined;
  }
  return { index, line: run.info?.line ?? 0, text: f.notebook.cellAt(index).document.getText() };
}

/** Asks once for a waiting local step: Run (true), Reject (false), dismissed (undefined: nothing is sent). */
export async function askLocalStep(cell: { index: number; line: number; text: string }): Promise<boolean | undefined> {
  const text = cell.text.length > 300 ? `${cell.text.slice(0, 300)}…` : cell.text;
  const answer = await vscode.window.showWarningMessage(`Step Functions asks to run cell ${cell.index} (line ${cell.line}) here: ${text}`, RUN, REJECT);
  return answer === RUN ? true : answer === REJECT ? false : undefined;
}

/**
 * Runs the waiting local step `run` for the execution `f` follows: checked against this window's plan and the
 * execution's history (forged or tampered requests run nothing), the notebook's cell runs, and the result is
 * reported as the CLI's worker reports it.
 */
export async function runLocalStepHere(f: EngineFollower, run: StateRun, kernel: LocalCellRunner, log: Logger): Promise<LocalResult> {
  const plan = f.localPlan;
  const definition = f.progress?.machine.definition;
  if (!plan || !definition) {
    throw new Error(`${quoteUntrusted(run.state)} was not started from this window: its local steps run where it was started.`);
  }
  const req = localRequestOf(run, f.executionArn);
  const doc = parseRunbook(serializeRunbook(documentOf(f.notebook, { outputs: false })));
  const result = await runLocalStep(req, doc, localGuard(f.clients, plan, definition, f.executionArn), {
    refused: (message) => log.warn(message),
    run: async (index) => {
      const r = await kernel.runCell(f.notebook, index);
      f.localStepsUntil = new Date().toISOString();
      if (!r) {
        throw new Error('This workspace is not trusted: nothing runs.');
      }
      return r;
    },
  });
  await reportLocalStep(f.clients, req, result, (await f.clients.identity()).arn);
  if (result.refused) {
    throw new Error(result.error);
  }
  return result;
}
