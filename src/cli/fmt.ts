import { resolve } from 'node:path';
import { errorMessage, RunbookError } from '../core/errors';
import { parseRunbook } from '../core/runbook/parse';
import { readRunbookFile } from '../core/runbook/readFile';
import { serializeRunbook } from '../core/runbook/serialize';
import { type CliIO, EXIT } from './io';

const USAGE = 'usage: runbook fmt [--check] FILE...\n';

/** `runbook fmt FILE` prints the serialization; `--check` lists files that do not round-trip byte for byte (exit 1). */
export async function fmt(args: string[], io: CliIO): Promise<number> {
  const check = args.includes('--check');
  const files = args.filter((a) => a !== '--check');
  if (files.length === 0 || files.some((f) => f.startsWith('-'))) {
    io.stderr(USAGE);
    return EXIT.usage;
  }
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
