import type { ShellCommand } from '../shell/parse';

/** How a cell runs: in-process (aws through the SDK, dig through node:dns), or as a whole in a shell. */
export type CellPlan =
  | { kind: 'inProcess'; commands: ShellCommand[] }
  | { kind: 'shell' }
  | { kind: 'empty' }
  | { kind: 'notRunnable'; language: string };

const IN_PROCESS = new Set(['aws', 'dig']);

/** Cell languages that hold shell text; other fenced blocks (json, yaml...) are data, not steps. */
export const RUNNABLE_LANGUAGES: readonly string[] = ['bash', 'sh', 'shell', 'zsh', 'console', 'aws', 'shellscript', ''];

export function isRunnableLanguage(language: string): boolean {
  return RUNNABLE_LANGUAGES.includes(language.trim().toLowerCase());
}

/** Every command simple and starting with `aws`/`dig` runs in-process; anything else goes to the shell. */
export function planCell(language: string, commands: ShellCommand[]): CellPlan {
  if (!isRunnableLanguage(language)) {
    return { kind: 'notRunnable', language };
  }
  if (commands.length === 0) {
    return { kind: 'empty' };
  }
  const inProcess = commands.every((c) => c.simple && c.argv.length > 0 && IN_PROCESS.has(c.argv[0]));
  return inProcess ? { kind: 'inProcess', commands } : { kind: 'shell' };
}
