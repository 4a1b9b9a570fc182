import { type CliCommand, type CliIO, EXIT, processIO } from './io';

/** Each command lives in its own module, loaded only when asked for (keeps `runbook fmt` fast). */
const COMMANDS: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  fmt: { summary: 'fmt [--check] FILE...   print the serialization, or check that files round-trip byte for byte', load: async () => (await import('./fmt')).fmt },
  cells: { summary: 'cells FILE              the cells as JSON', load: async () => (await import('./cells')).cells },
  outline: { summary: 'outline FILE [--record R]  regions, RTO/RPO, phases and checklists as JSON', load: async () => (await import('./outline')).outline },
  run: { summary: 'run FILE [options]      run cells headless (see `runbook run --help`)', load: async () => (await import('./run')).run },
  check: { summary: 'check FILE... [--live]  find what would fail in the incident (see `runbook check --help`)', load: async () => (await import('./check')).check },
  health: { summary: 'health FILE [options]   region health as JSON', load: async () => (await import('./health')).health },
  compile: { summary: 'compile FILE --region R [options]  the runbook as an AWS Step Functions state machine (ASL, cfn, iam)', load: async () => (await import('./compile')).compile },
  deploy: { summary: 'deploy FILE --region R [--role-arn ARN]  create or update its state machine and approval queue', load: async () => (await import('./deploy')).deploy },
  attach: { summary: 'attach EXECUTION_ARN [--record OUT.md]  follow or report a Step Functions execution', load: async () => (await import('./engineRun')).attach },
  restore: { summary: 'restore FILE [--record OUT.md]  restore a session from its journal', load: async () => (await import('./restore')).restore },
};

export function usage(): string {
  return ['usage: runbook COMMAND ...', '', ...Object.values(COMMANDS).map((c) => `  runbook ${c.summary}`), ''].join('\n');
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`runbook: unknown command '${name}'\n${usage()}`);
    return EXIT.usage;
  }
  return (await command.load())(rest, io);
}
