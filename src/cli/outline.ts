import { type CliIO, EXIT } from './io';

export async function outline(_args: string[], io: CliIO): Promise<number> {
  io.stderr('runbook outline: not implemented yet\n');
  return EXIT.usage;
}
