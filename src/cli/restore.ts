import { type CliIO, EXIT } from './io';

export async function restore(_args: string[], io: CliIO): Promise<number> {
  io.stderr('runbook restore: not implemented yet\n');
  return EXIT.usage;
}
