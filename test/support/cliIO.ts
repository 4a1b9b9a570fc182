/** A CliIO that keeps what a command prints, for tests of the `runbook` subcommands. */
import type { CliIO } from '../../src/cli/io';

export type CapturedIO = CliIO & { out: string; err: string };

export function captureIO(cwd: string): CapturedIO {
  const r: CapturedIO = {
    out: '',
    err: '',
    cwd,
    env: { PATH: process.env.PATH },
    signal: new AbortController().signal,
    stdout: (t: string) => void (r.out += t),
    stderr: (t: string) => void (r.err += t),
  };
  return r;
}
