/**
 * The incident record of an engine run, from the execution's history alone: the same record builder
 * as a local run, with an "Execution" section (ARN, status, who approved what). Deterministic: the
 * time of the record is the execution's end (or its last event while it runs), never a local clock.
 */
import { utcText } from '../incident/recordTables';
import { cellText } from '../runbook/tableCell';
import { buildIncidentRecord, type IncidentRecordInput } from '../incident/record';
import type { RunbookDocument, RunbookOutline } from '../runbook/model';
import type { MachineMeta } from './compile';
import { approvals, executionEvents } from './events';
import type { ExecutionView } from './history';

function executionLines(view: ExecutionView): string[] {
  const rows = approvals(view).map((a) => `| ${utcText(a.time)} | ${cellText(a.what, 200)} | ${a.approved ? 'approved' : 'rejected'} | ${cellText(a.by)} |`);
  return [
    '| | |',
    '|---|---|',
    `| Execution | ${cellText(view.executionArn, 400)} |`,
    `| Status | ${view.status}${view.error ? `: ${cellText(`${view.error} ${view.cause ?? ''}`.trim(), 400)}` : ''} |`,
    `| Role | ${cellText(view.roleArn ?? 'unknown', 400)} |`,
    '',
    ...(rows.length ? ['| Time (UTC) | Approval | Decision | By |', '|---|---|---|---|', ...rows] : ['No approval was asked.']),
  ];
}

export interface EngineRecordInput {
  view: ExecutionView;
  meta: MachineMeta;
  document: RunbookDocument;
  outline: RunbookOutline;
  /** Time of the last history event (the record's end while the execution runs). */
  lastEventTime: string;
}

/** The record builder's input for an execution (for writeIncidentRecord, or buildEngineRecord). */
export function engineRecordInput(input: EngineRecordInput): IncidentRecordInput {
  const { view, meta, document, outline } = input;
  const events = executionEvents(view, meta, outline, document.cells.map((c) => c.source));
  return {
    document,
    events,
    outline,
    runbookPath: meta.path,
    gitCommit: meta.gitCommit,
    now: view.stopped ?? input.lastEventTime,
    sections: [{ title: 'Execution (AWS Step Functions)', lines: executionLines(view) }],
  };
}

export function buildEngineRecord(input: EngineRecordInput): string {
  return buildIncidentRecord(engineRecordInput(input));
}
