import { toggleTaskItem, taskItems } from '../runbook/checklist';
import type { RunbookCell, RunbookDocument } from '../runbook/model';
import type { ExecutionEvent, SessionEvent, TickEvent } from '../session/events';
import { type RedactOptions, redactOutputData, redactText } from './redact';

/**
 * The code cell an execution belongs to: its index when the source still matches, else the cell with that
 * source nearest to the index (cells were added or removed since), else the code cell at the index (its
 * source was edited since).
 */
function executionTarget(cells: readonly RunbookCell[], e: ExecutionEvent): number | undefined {
  const at = cells[e.cellIndex];
  if (at?.kind === 'code' && (at.source === e.source || !e.source)) {
    return e.cellIndex;
  }
  const same = cells.flatMap((c, i) => (c.kind === 'code' && c.source === e.source ? [i] : []));
  if (same.length > 0) {
    return same.reduce((best, i) => (Math.abs(i - e.cellIndex) < Math.abs(best - e.cellIndex) ? i : best));
  }
  return at?.kind === 'code' ? e.cellIndex : undefined;
}

function applyExecution(cells: RunbookCell[], e: ExecutionEvent): boolean {
  const i = executionTarget(cells, e);
  if (i === undefined) {
    return false;
  }
  cells[i] = { ...cells[i], outputs: e.outputs, execution: e.execution };
  return true;
}

/** Ticks by line when that line is still the item, else by the item's text within the same cell. */
function applyTick(cells: RunbookCell[], e: TickEvent): boolean {
  const cell = cells[e.cellIndex];
  if (!cell || cell.kind !== 'markup') {
    return false;
  }
  const items = taskItems(cell.source);
  const byLine = items.find((it) => it.lineInCell === e.lineInCell && (!e.text || it.text === e.text));
  const target = byLine ?? items.find((it) => it.text === e.text);
  if (!target) {
    return false;
  }
  const result = toggleTaskItem(cell.source, target.lineInCell, e.checked);
  if (result.changed) {
    cells[e.cellIndex] = { ...cell, source: result.source };
  }
  return true;
}

export interface ReplayResult {
  document: RunbookDocument;
  /** Events that found no cell (the runbook changed since the session): kept in the timeline, not in the document. */
  unplaced: SessionEvent[];
}

/**
 * The executed document: executions put their outputs and summary on their code cell, ticks set their checkbox;
 * later events win. Pure: the input document is not changed.
 */
export function replayEvents(document: RunbookDocument, events: readonly SessionEvent[]): RunbookDocument {
  return replayEventsDetailed(document, events).document;
}

export function replayEventsDetailed(document: RunbookDocument, events: readonly SessionEvent[]): ReplayResult {
  const cells = [...document.cells];
  const unplaced: SessionEvent[] = [];
  for (const e of events) {
    const placed = e.type === 'execution' ? applyExecution(cells, e) : e.type === 'tick' ? applyTick(cells, e) : true;
    if (!placed) {
      unplaced.push(e);
    }
  }
  return { document: { ...document, cells }, unplaced };
}

/** The document with every source and output text redacted (cells left untouched when nothing changes). */
export function redactDocument(document: RunbookDocument, opts: RedactOptions = {}): RunbookDocument {
  const cells = document.cells.map((cell) => {
    const source = redactText(cell.source, opts);
    let outputsChanged = false;
    const outputs = cell.outputs.map((o) => ({
      items: o.items.map((it) => {
        const data = redactOutputData(it.mime, it.data, opts);
        outputsChanged ||= data !== it.data;
        return data === it.data ? it : { ...it, data };
      }),
    }));
    if (source === cell.source && !outputsChanged) {
      return cell;
    }
    return { ...cell, source, outputs: outputsChanged ? outputs : cell.outputs };
  });
  return { ...document, cells };
}
