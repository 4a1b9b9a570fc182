import { resolve } from 'node:path';
import { errorMessage } from '../core/errors';
import { buildOutline } from '../core/runbook/outline';
import { parseRunbook } from '../core/runbook/parse';
import { readRunbookFile } from '../core/runbook/readFile';
import { outlineWithState } from '../core/tree/outlineState';
import { parseOrExit } from './args';
import { type CliIO, EXIT } from './io';
import { OUTLINE } from './specs';

/**
 * `runbook outline FILE`: regions, RTO/RPO, phases and checklists as JSON. With `--record`, each phase's and
 * checklist item's state as that saved (executed) record shows it.
 */
export async function outline(args: string[], io: CliIO): Promise<number> {
  const parsed = parseOrExit(OUTLINE, args, io);
  if (typeof parsed === 'number') {
    return parsed;
  }
  const recordPath = parsed.values.record;
  try {
    const built = buildOutline(parseRunbook(await readRunbookFile(resolve(io.cwd, parsed.positionals[0]))));
    const result = recordPath ? outlineWithState(built, parseRunbook(await readRunbookFile(resolve(io.cwd, recordPath)))) : built;
    io.stdout(JSON.stringify(result, null, 2) + '\n');
    return EXIT.ok;
  } catch (e) {
    io.stderr(`runbook outline: ${errorMessage(e)}\n`);
    return EXIT.usage;
  }
}
