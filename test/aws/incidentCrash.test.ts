/**
 * Crash safety end to end: `runbook run` against the seeded moto is killed (SIGKILL) in the middle of Phase 2,
 * then `runbook restore --record` must give back every execution that had completed, with its output.
 */
import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { readJournalContents } from '../../src/core/incident/journal';
import { RECORD_CLOSE } from '../../src/core/incident/record';
import { parseRunbook } from '../../src/core/runbook/parse';
import { serializeRunbook } from '../../src/core/runbook/serialize';
import type { ExecutionEvent } from '../../src/core/session/events';
import { getMotoContext } from '../support/mochaMoto';
import { cliEnv, collectRun, spawnRunbook, type CliRun } from '../support/cliProcess';

const ROOT = path.join(__dirname, '../..');
const MARK = 'phase 2 started: sleeping';

let work: string;
let cli: string;

function spawnCli(args: string[]): ChildProcess {
  return spawnRunbook(cli, args, work, cliEnv({ AWS_MAX_ATTEMPTS: '1' }));
}

function runCli(args: string[]): Promise<CliRun> {
  return collectRun(spawnCli(args));
}

/** The runbook with a slow shell cell opening Phase 2. */
function slowRunbook(): string {
  const text = fs.readFileSync(path.join(ROOT, 'runbooks/dr-runbook.md'), 'utf8');
  const heading = '### Phase 2: Data Verification (30 minutes)\n';
  assert.ok(text.includes(heading), 'the seed runbook lost its Phase 2 heading');
  return text.replace(heading, () => `${heading}\n\`\`\`bash\necho "${MARK} in group $$"\nsleep 30\n\`\`\`\n`);
}

/** True while a process of the group is alive (not a zombie). */
function groupAlive(pgid: number): boolean {
  return fs.readdirSync('/proc').some((name) => {
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return /^\d+$/.test(name) && Number(pgrp) === pgid && state !== 'Z';
    } catch {
      return false;
    }
  });
}

/** Starts `runbook run`, waits until Phase 2's slow cell has started, then kills the process outright. */
async function runAndKill(): Promise<{ stdout: string; signal: NodeJS.Signals | null }> {
  const { endpoint, estate } = getMotoContext();
  const child = spawnCli(['run', 'dr-runbook.md', '--endpoint-url', endpoint, '--var', `TG_ARN=${estate.tgArn['af-south-1']}`, '--var', `ZONE_ID=${estate.zoneId}`]);
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Phase 2 never started.\nstdout:\n${stdout}\nstderr:\n${stderr}`)), 40_000);
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes(MARK)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`runbook run ended before Phase 2.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    });
  });
  child.kill('SIGKILL');
  const signal = await exited;
  // SIGKILL gives the runner no chance to end the cell: the cell's watchdog sees its pipe close and ends the group.
  const group = Number(new RegExp(`${MARK} in group (\\d+)`).exec(stdout)?.[1]);
  assert.ok(group > 0, stdout);
  const deadline = Date.now() + 5000;
  while (groupAlive(group) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(groupAlive(group), false, `the cell's process group ${group} outlived runbook run`);
  return { stdout, signal };
}

describe('crash safety: runbook run killed mid-phase, then runbook restore', function () {
  this.timeout(120_000);
  before(async () => {
    work = fs.mkdtempSync(path.join(tmpdir(), 'runbook-crash-'));
    fs.writeFileSync(path.join(work, 'dr-runbook.md'), slowRunbook());
    fs.copyFileSync(path.join(ROOT, 'runbooks/failover-dns.json'), path.join(work, 'failover-dns.json'));
    cli = path.join(work, 'cli.js');
    await build({ entryPoints: [path.join(ROOT, 'src/cli/main.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: cli, logLevel: 'error' });
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('restores every execution that completed before the kill, with its output', async () => {
    const template = fs.readFileSync(path.join(work, 'dr-runbook.md'));
    const killed = await runAndKill();
    assert.equal(killed.signal, 'SIGKILL');

    const journals = fs.readdirSync(path.join(work, '.runbook')).filter((f) => f.endsWith('.jsonl'));
    assert.equal(journals.length, 1, `journals: ${journals.join(', ')}`);
    const journal = readJournalContents(path.join(work, '.runbook', journals[0]));
    const done = journal.events.filter((e): e is ExecutionEvent => e.type === 'execution');
    assert.ok(done.length >= 1, 'Phase 1 had completed before the kill');
    assert.ok(!journal.events.some((e) => e.type === 'session-end'));

    const r = await runCli(['restore', 'dr-runbook.md', '--record', 'restored.md']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`executions: ${done.length};`));

    const record = fs.readFileSync(path.join(work, 'restored.md'), 'utf8');
    assert.ok(record.includes(RECORD_CLOSE));
    assert.ok(record.includes('| AWS account | 123456789012 |'), 'the record names the AWS account');
    const doc = parseRunbook(record);
    assert.equal(serializeRunbook(doc), record, 'the record round-trips byte for byte');
    for (const e of done) {
      const cell = doc.cells.find((c) => c.kind === 'code' && c.execution?.startTime === e.execution.startTime);
      assert.ok(cell, `execution of cell ${e.cellIndex} at ${e.execution.startTime} is missing from the record`);
      assert.deepEqual(cell.outputs, e.outputs);
    }
    assert.ok(record.includes('prod-cluster'), 'the Phase 1 output (describe-clusters) is in the record');
    assert.deepEqual(fs.readFileSync(path.join(work, 'dr-runbook.md')), template, 'the runbook template is untouched');
  });
});
