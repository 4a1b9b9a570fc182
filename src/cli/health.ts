import { type CliIO, EXIT } from './io';

export async function health(_args: string[], io: CliIO): Promise<number> {
  io.stderr('runbook health: not implemented yet\n');
  return EXIT.usage;
}
