/**
 * `npx tsx scripts/incidentExample.ts`: regenerates the example in docs/incident-record.md from a real run.
 * Starts a seeded moto, copies the DR runbook to a temp folder, runs it with
 * `runbook run dr-runbook.md ... --yes --record record.md`, checks that `runbook restore --journal J --record`
 * gives the same executions, and pastes an excerpt of the record between the example markers.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../src/cli/main';
import type { CliIO } from '../src/cli/io';
import { startSeededMoto } from './moto';

const ROOT = path.join(__dirname, '..');
const DOC = path.join(ROOT, 'docs/incident-record.md');
const START = '<!-- example:start -->';
const END = '<!-- example:end -->';

function io(cwd: string, env: NodeJS.ProcessEnv): CliIO & { out: string; err: string } {
  const x = { out: '', err: '', cwd, env, stdout: (t: string) => void (x.out += t), stderr: (t: string) => void (x.err += t) };
  return x;
}

/** The header and timeline, then the executed runbook up to the end of its first output block (the full record is long). */
function excerpt(record: string): string {
  const close = '<!-- /runbook:output -->';
  const cut = record.indexOf(close);
  return `${cut > 0 ? record.slice(0, cut + close.length) : record}\n\n…\n`;
}

async function generate(): Promise<void> {
  const moto = await startSeededMoto();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-example-'));
  try {
    fs.mkdirSync(path.join(work, 'runbooks'));
    for (const f of ['dr-runbook.md', 'failover-dns.json']) {
      fs.copyFileSync(path.join(ROOT, 'runbooks', f), path.join(work, 'runbooks', f));
    }
    process.env.RUNBOOK_OPERATOR = 'oncall';
    const env = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_MAX_ATTEMPTS: '1', RUNBOOK_OPERATOR: 'oncall' };
    const run = io(work, env);
    const args = ['run', 'runbooks/dr-runbook.md', '--endpoint-url', moto.endpoint, '--dns-server', moto.dnsServer, '--yes', '--record', 'record.md'];
    args.push('--var', `TG_ARN=${moto.estate.tgArn['af-south-1']}`, '--var', `ZONE_ID=${moto.estate.zoneId}`);
    const code = await main(args, run);
    const journal = /journal (\S+\.jsonl)/.exec(run.err)?.[1];
    if (!journal) {
      throw new Error(`runbook run (exit ${code}) printed no journal:\n${run.err}`);
    }
    const restore = io(work, env);
    const rc = await main(['restore', 'runbooks/dr-runbook.md', '--journal', journal, '--record', 'restored.md'], restore);
    if (rc !== 0) {
      throw new Error(`runbook restore failed:\n${restore.err}`);
    }
    const record = fs.readFileSync(path.join(work, 'record.md'), 'utf8');
    const restored = fs.readFileSync(path.join(work, 'restored.md'), 'utf8');
    const timeline = (t: string): string => t.slice(t.indexOf('## Timeline'), t.indexOf('## Time against budget'));
    if (timeline(record) !== timeline(restored)) {
      throw new Error('the record of the run and the one restored from its journal have different timelines');
    }
    const fence = '`'.repeat(Math.max(4, ...[...record.matchAll(/`+/g)].map((m) => m[0].length + 1)));
    const doc = fs.readFileSync(DOC, 'utf8');
    const block = `${START}\n${fence}markdown\n${excerpt(record)}${fence}\n${END}`;
    fs.writeFileSync(DOC, doc.replace(new RegExp(`${START}[\\s\\S]*?${END}`), () => block));
    process.stdout.write(`runbook run exit ${code}; record ${record.length} bytes (restored from the journal: the same timeline); example written to ${path.relative(ROOT, DOC)}\n`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    await moto.stop();
  }
}

generate().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
