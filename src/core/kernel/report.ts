import type { CellOutput, ExecutionSummary } from '../runbook/model';
import type { SectionStep } from './section';

/** One executed cell in `runbook run --json`. */
export interface CellReport {
  index: number;
  language: string;
  source: string;
  success: boolean;
  durationMs: number;
  exitCode?: number;
  execution: ExecutionSummary;
  /** Each output as { mime: data }. */
  outputs: Record<string, string>[];
}

export interface RunReport {
  file: string;
  success: boolean;
  cells: CellReport[];
}

export function outputsByMime(outputs: CellOutput[]): Record<string, string>[] {
  return outputs.map((o) => Object.fromEntries(o.items.map((i) => [i.mime, i.data])));
}

export function runReport(file: string, steps: SectionStep[]): RunReport {
  return {
    file,
    success: steps.every((s) => s.result.success),
    cells: steps.map(({ cell, result }) => ({
      index: cell.index ?? -1,
      language: cell.language,
      source: cell.source,
      success: result.success,
      durationMs: result.execution.durationMs,
      ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}),
      execution: result.execution,
      outputs: outputsByMime(result.outputs),
    })),
  };
}
