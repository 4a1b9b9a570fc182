import { resolve } from 'node:path';
import { errorMessage } from '../core/errors';
import { buildOutline } from '../core/runbook/outline';
import { parseRunbook } from '../core/runbook/parse';
import { readRunbookFile } from '../core/runbook/readFile';
import { outlineWithState } from '../core/tree/outlineState';
import { type CliIO, EXIT } from './io';

const USAGE = 'usage: runbook outline FILE [--record RECORD.md]\n';

/**
 * `runbook outline FILE`: regions, RTO/RPO, phases and checklists as JSON. With `--record`, each phase's and
 * checklist item's state as that saved (executed) record shows it.
 */
export async function outline(args: string[], io: CliIO): Promise<number> {
  const at = args.indexOf('--record');
  const recordPath = at >= 0 ? args[at + 1] : undefined;
  const rest = args.filter((_a, i) => at < 0 || (i !== at && i !== at + 1));
  if (rest.length !== 1 || rest[0].startsWith('-') || (at >= 0 && (!recordPath || recordPath.startsWith('-')))) {
    io.stderr(USAGE);
    return EXIT.usage;
  }
  try {
    const built = buildOutline(parseRunbook(await readRunbookFile(resolve(io.cwd, rest[0]))));
    const result = recordPath ? outlineWithState(built, parseRunbook(await readRunbookFile(resolve(io.cwd, recordPath)))) : built;
    io.stdout(JSON.stringify(result, null, 2) + '\n');
    return EXIT.ok;
  } catch (e) {
    io.stderr(`runbook outline: ${errorMessage(e)}\n`);
    return EXIT.usage;
  }
}
