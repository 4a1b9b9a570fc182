import { redactText } from '../core/incident/redact';
import type { CliIO } from './io';

/**
 * The CLI's one way out: every line `runbook run` writes to stdout or stderr (cell output, progress
 * lines, confirmations, the --json document, errors) goes through the same redactor as the record and
 * the journal, with the secrets `secrets()` knows at the time of writing. Shell output arrives here
 * already stream-redacted (a secret split across chunks is caught there); this pass can only hide more.
 */
export function redactingIO(io: CliIO, secrets: () => readonly string[]): CliIO {
  return {
    ...io,
    stdout: (t) => io.stdout(redactText(t, { secrets: secrets() })),
    stderr: (t) => io.stderr(redactText(t, { secrets: secrets() })),
  };
}
