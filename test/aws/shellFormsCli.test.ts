/**
 * Issue 9 through the `runbook` CLI against the seeded moto: shell forms that try to change AWS are refused
 * without --yes and made with it; killing `runbook run` (SIGKILL) or the process running the core runner
 * mid-cell takes the cell's process group with it, and `runbook restore` says which cell was running.
 */
import * as assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { build } from 'esbuild';
import { getMotoContext } from '../support/mochaMoto';
import { cliEnv, collectRun, spawnRunbook } from '../support/cliProcess';
import { shellForms } from './shellFormsCases';

const ROOT = path.join(__dirname, '../..');
const RUN = Date.now().toString(36);
const ENV = cliEnv({ AWS_MAX_ATTEMPTS: '1' });

let work: string;
let cli: string;

function spawnCli(args: string[]): ChildProcess {
  return spawnRunbook(cli, args, work, ENV);
}

const collect = (child: ChildProcess) => collectRun(child);

async function itemExists(id: string): Promise<boolean> {
  const ddb = new DynamoDBClient({ region: 'af-south-1', endpoint: getMotoContext().endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  try {
    return (await ddb.send(new GetItemCommand({ TableName: 'bbws-tenants', Key: { tenantId: { S: id } } }))).Item !== undefined;
  } finally {
    ddb.destroy();
  }
}

/** Live (not zombie) processes of a process group, read from /proc. */
function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z') {
        members.push(Number(name));
      }
    } catch {
      // gone meanwhile
    }
  }
  return members;
}

async function groupGone(pgid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (groupMembers(pgid).length === 0) {
      return true;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return groupMembers(pgid).length === 0;
}

/** Waits for `cell group N` on the child's stdout, then SIGKILLs the child; returns N. */
async function killWhenRunning(child: ChildProcess): Promise<number> {
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const pgid = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the cell never started.\nstdout:\n${stdout}\nstderr:\n${stderr}`)), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /cell group (\d+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.on('exit', () => reject(new Error(`ended before the cell started.\nstdout:\n${stdout}\nstderr:\n${stderr}`)));
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, s) => resolve(s)));
  assert.ok(groupMembers(pgid).length >= 2, 'the cell (shell + sleep) is running');
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');
  return pgid;
}

describe('adversarial: shell forms and kills through `runbook run` against moto', function () {
  this.timeout(120_000);
  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'runbook-forms-cli-'));
    cli = path.join(work, 'cli.js');
    await build({ entryPoints: [path.join(ROOT, 'src/cli/main.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: cli, logLevel: 'error' });
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('every shell form is refused without --yes (nothing changes in moto) and made with it', async () => {
    // Every third form the core-runner suite tries (all of them there): the CLI path is the same kernel.
    const forms = shellForms('aws').filter((f) => f.expect === 'kernel' && f.kind !== 'bucket' && !/runbook folder/.test(f.name)).filter((_f, i) => i % 3 === 0);
    const runbook = (mode: string) =>
      `# Forms\n\n${forms.map((f, i) => `\`\`\`bash\nexport ITEM='{"tenantId":{"S":"cli-${RUN}-${mode}-${i}"}}'\n${f.cell}\n\`\`\`\n`).join('\n')}`;
    writeFileSync(path.join(work, 'forms-n.md'), runbook('n'));
    writeFileSync(path.join(work, 'forms-y.md'), runbook('y'));
    const endpoint = getMotoContext().endpoint;

    const refused = await collect(spawnCli(['run', 'forms-n.md', '--endpoint-url', endpoint]));
    assert.equal(refused.code, 1, refused.stderr);
    assert.equal((refused.stderr.match(/runbook: refused: aws dynamodb put-item/g) ?? []).length, forms.length, refused.stderr);
    assert.match(refused.stderr, new RegExp(`${forms.length} cell\\(s\\) ran, ${forms.length} failed`));
    for (let i = 0; i < forms.length; i++) {
      assert.equal(await itemExists(`cli-${RUN}-n-${i}`), false, `${forms[i].name} changed AWS without --yes`);
    }

    const allowed = await collect(spawnCli(['run', 'forms-y.md', '--endpoint-url', endpoint, '--yes']));
    assert.equal(allowed.code, 0, allowed.stderr);
    for (let i = 0; i < forms.length; i++) {
      assert.equal(await itemExists(`cli-${RUN}-y-${i}`), true, `${forms[i].name}: confirmed with --yes, but no change`);
    }
    console.log(`      runbook run: ${forms.length} forms refused without --yes (0 changes), ${forms.length} made with --yes`);
  });

  it('--dry-run sends nothing from a shell cell, whatever construct makes the call', async () => {
    const id = `cli-${RUN}-dry`;
    writeFileSync(path.join(work, 'dry.md'), `# Dry\n\n\`\`\`bash\nA=aws\neval "$A dynamodb put-item --region af-south-1 --table-name bbws-tenants --item '{\\"tenantId\\":{\\"S\\":\\"${id}\\"}}'"\n\`\`\`\n`);
    const r = await collect(spawnCli(['run', 'dry.md', '--endpoint-url', getMotoContext().endpoint, '--dry-run']));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Dry run: nothing was sent/);
    assert.equal(await itemExists(id), false);
  });

  it('SIGKILL of `runbook run` mid-cell ends the cell\'s process group; restore says the cell was running and what it was allowed to change', async () => {
    const id = `cli-${RUN}-kill`;
    writeFileSync(
      path.join(work, 'kill.md'),
      `# Kill\n\n\`\`\`bash\necho first\n\`\`\`\n\n\`\`\`bash\naws dynamodb put-item --region af-south-1 --table-name bbws-tenants --item '{"tenantId":{"S":"${id}"}}'\necho "cell group $$"\nsleep 30\necho "still running after the kill" > after-kill.txt\n\`\`\`\n`,
    );
    const pgid = await killWhenRunning(spawnCli(['run', 'kill.md', '--endpoint-url', getMotoContext().endpoint, '--yes']));
    assert.ok(await groupGone(pgid, 5000), `the cell's process group ${pgid} outlived runbook run: ${groupMembers(pgid).join(', ')}`);
    assert.equal(await itemExists(id), true, 'the confirmed change before the kill was made');
    const r = await collect(spawnCli(['restore', 'kill.md']));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /cell 2 was running when the session ended; it may have completed partly \(aws dynamodb put-item .*; changes confirmed: aws dynamodb put-item in af-south-1\)/);
    assert.match(r.stdout, /executions: 1;/);
    assert.deepEqual(readdirSync(work).filter((f) => f === 'after-kill.txt'), []);
  });

  it('killing the process that runs the core runner mid-cell ends the cell\'s process group too', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/support/runCellChild.ts'), work, 'bash', 'echo "cell group $$"; sleep 30 & sleep 30'], { cwd: ROOT, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    const pgid = await killWhenRunning(child);
    assert.ok(await groupGone(pgid, 5000), `the cell's process group ${pgid} outlived its runner: ${groupMembers(pgid).join(', ')}`);
  });
});
