/**
 * `runbook run` cold, whole process: a runbook holding only the seed runbook's five AWS commands, run by
 * `node bin/runbook.js run FILE --yes --endpoint-url MOTO` in a fresh process each time, against the AWS CLI
 * running the same five commands (five processes). CPU time of the child processes (/usr/bin/time).
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..');

/** Writes the five-call runbook (with the change batch it cites) into a fresh folder; returns its path. */
export function fiveCallRunbook(commands: string[][]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-cold-'));
  copyFileSync(path.join(ROOT, 'runbooks', 'failover-dns.json'), path.join(dir, 'failover-dns.json'));
  const quote = (a: string): string => (/^[\w./:=@-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  const cells = commands.map((argv, i) => `## Step ${i + 1}\n\n\`\`\`bash\naws ${argv.map(quote).join(' ')}\n\`\`\`\n`);
  const file = path.join(dir, 'five-calls-runbook.md');
  writeFileSync(file, `# Five seed calls\n\n${cells.join('\n')}`);
  return file;
}

/** The argv of a cold `runbook run` of that runbook. */
export function coldRunArgs(file: string, endpoint: string): string[] {
  return [path.join(ROOT, 'bin', 'runbook.js'), 'run', file, '--yes', '--endpoint-url', endpoint];
}
