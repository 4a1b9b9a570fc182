import { type CliIO, EXIT } from './io';

export async function run(_args: string[], io: CliIO): Promise<number> {
  io.stderr('runbook run: not implemented yet\n');
  return EXIT.usage;
}
