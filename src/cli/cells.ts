import { resolve } from 'node:path';
import { errorMessage } from '../core/errors';
import { codeCellInfo } from '../core/runbook/fence';
import type { RunbookCell } from '../core/runbook/model';
import { parseRunbook } from '../core/runbook/parse';
import { readRunbookFile } from '../core/runbook/readFile';
import { parseOrExit } from './args';
import { type CliIO, EXIT } from './io';
import { CELLS } from './specs';

/** What `runbook cells` prints for one cell. */
export function cellJson(cell: RunbookCell, index: number): Record<string, unknown> {
  const metadata = codeCellInfo(cell) ?? {};
  return {
    index,
    kind: cell.kind,
    language: cell.language,
    source: cell.source,
    outputs: cell.outputs,
    ...(cell.execution ? { execution: cell.execution } : {}),
    metadata,
  };
}

/** `runbook cells FILE`: the cells as JSON. */
export async function cells(args: string[], io: CliIO): Promise<number> {
  const parsed = parseOrExit(CELLS, args, io);
  if (typeof parsed === 'number') {
    return parsed;
  }
  let text: string;
  try {
    text = await readRunbookFile(resolve(io.cwd, parsed.positionals[0]));
  } catch (e) {
    io.stderr(`runbook cells: ${errorMessage(e)}\n`);
    return EXIT.usage;
  }
  const doc = parseRunbook(text);
  io.stdout(JSON.stringify(doc.cells.map(cellJson), null, 2) + '\n');
  return EXIT.ok;
}
