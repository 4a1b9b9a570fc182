import { type CliIO, EXIT } from './io';

export async function fmt(_args: string[], io: CliIO): Promise<number> {
  io.stderr('runbook fmt: not implemented yet\n');
  return EXIT.usage;
}
