/** What a CLI command may touch: its streams, cwd and environment (tests pass their own). */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Set when the process is asked to stop (SIGINT/SIGTERM). */
  signal?: AbortSignal;
}

export type CliCommand = (args: string[], io: CliIO) => Promise<number>;

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export function processIO(signal?: AbortSignal): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
    signal,
  };
}
