/**
 * A child process that runs ONE cell through the core runner (CellRunner), for tests
 * that kill the process running a cell: `node --import tsx runCellChild.ts CWD LANGUAGE SOURCE`.
 */
import { AwsClientPool } from '../../src/core/aws/clients';
import { SYSTEM_CLOCK, type ExecContext } from '../../src/core/kernel/context';
import { CellRunner } from '../../src/core/kernel/runner';
import { NULL_LOGGER } from '../../src/core/logger';
import { RunbookSession } from '../../src/core/session/session';
import { normalizeSettings } from '../../src/core/settings';

const [cwd, language, source] = process.argv.slice(2);
const settings = normalizeSettings({});
const ctx: ExecContext = {
  cwd,
  session: new RunbookSession(`${cwd}/child-runbook.md`, 'tester', 'testhost'),
  settings,
  pool: new AwsClientPool(settings.aws, process.env),
  logger: NULL_LOGGER,
  env: process.env,
  stream: (item) => (item.stream === 'stdout' ? process.stdout.write(item.text) : process.stderr.write(item.text)),
  confirm: async () => false,
  prompt: async () => undefined,
  clock: SYSTEM_CLOCK,
};
void new CellRunner().run({ source, language, index: 0 }, ctx).then((r) => {
  process.exitCode = r.success ? 0 : 1;
});
