import { helpText, usageLine } from './args';
import { type CliCommand, type CliIO, EXIT, processIO } from './io';
import { type CommandName, SPECS } from './specs';

/** Each command lives in its own module, loaded only when asked for (keeps `runbook fmt` fast); its declaration is in ./specs. */
const COMMANDS: Record<CommandName, () => Promise<CliCommand>> = {
  fmt: async () => (await import('./fmt')).fmt,
  cells: async () => (await import('./cells')).cells,
  outline: async () => (await import('./outline')).outline,
  run: async () => (await import('./run')).run,
  check: async () => (await import('./check')).check,
  health: async () => (await import('./health')).health,
  compile: async () => (await import('./compile')).compile,
  deploy: async () => (await import('./deploy')).deploy,
  attach: async () => (await import('./engineRun')).attach,
  restore: async () => (await import('./restore')).restore,
};

function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

export function usage(): string {
  const lines = Object.values(SPECS).map((s) => [usageLine(s), s.summary]);
  const width = Math.max(...lines.map(([u]) => u.length)) + 2;
  return ['usage: runbook COMMAND ...', '', ...lines.map(([u, s]) => `  ${u.padEnd(width)}${s}`), '', '`runbook help COMMAND` (or `runbook COMMAND --help`) lists its options.', ''].join('\n');
}

/** `runbook help [COMMAND]`: the command's usage from its declaration, or the list of commands. */
function help(name: string | undefined, io: CliIO): number {
  if (name === undefined) {
    io.stdout(usage());
    return EXIT.ok;
  }
  if (!isCommand(name)) {
    io.stderr(`runbook: unknown command '${name}'\n${usage()}`);
    return EXIT.usage;
  }
  io.stdout(helpText(SPECS[name]));
  return EXIT.ok;
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === 'help') {
    return help(rest[0], io);
  }
  if (!name || name === '--help' || name === '-h') {
    io.stdout(usage());
    return name ? EXIT.ok : EXIT.usage;
  }
  if (!isCommand(name)) {
    io.stderr(`runbook: unknown command '${name}'\n${usage()}`);
    return EXIT.usage;
  }
  return (await COMMANDS[name]())(rest, io);
}
