import { resolve } from 'node:path';
import { errorMessage, RunbookError } from '../core/errors';
import { parseRunbook } from '../core/runbook/parse';
import { readRunbookFile } from '../core/runbook/readFile';
import { serializeRunbook } from '../core/runbook/serialize';
import { parseOrExit } from './args';
import { type CliIO, EXIT } from './io';
import { FMT } from './specs';

/** `runbook fmt FILE` prints the serialization; `--check` lists files that do not round-trip byte for byte (exit 1). */
export async function fmt(args: string[], io: CliIO): Promise<number> {
  const parsed = parseOrExit(FMT, args, io);
  if (typeof parsed === 'number') {
    return parsed;
  }
  const check = parsed.values.check ?? false;
  const files = parsed.positionals;
  let status: number = EXIT.ok;
  for (const file of files) {
    let text: string;
    try {
      text = await readRunbookFile(resolve(io.cwd, file));
    } catch (e) {
      io.stderr(`runbook fmt: ${RunbookError.is(e) ? e.message : errorMessage(e)}\n`);
      status = EXIT.usage;
      continue;
    }
    const out = serializeRunbook(parseRunbook(text));
    if (!check) {
      io.stdout(out);
    } else if (out !== text) {
      io.stdout(`${file}\n`);
      status = status === EXIT.ok ? EXIT.failed : status;
    }
  }
  return status;
}
