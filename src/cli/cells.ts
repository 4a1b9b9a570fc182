import { type CliIO, EXIT } from './io';

export async function cells(_args: string[], io: CliIO): Promise<number> {
  io.stderr('runbook cells: not implemented yet\n');
  return EXIT.usage;
}
