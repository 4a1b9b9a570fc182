/**
 * The harness's promise that Ctrl+C leaves nothing behind: a process that tracked a detached process group and
 * made a throwaway folder, then got SIGINT (or SIGTERM), runs its closers (the browser) and exits 130 (143) with
 * the group ended and the folder gone.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');

const SCRIPT = `
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const p = require('./test/harness/processes');
const dir = p.makeTempDir('runbook-proc-test-');
fs.writeFileSync(dir + '/file', 'x');
const child = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
p.trackGroup(child);
p.closeOnInterrupt(async () => fs.writeFileSync(dir + '.closed', 'x'));
p.onInterrupt(async () => undefined);
console.log(JSON.stringify({ dir, pid: child.pid }));
`;

function alive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function interrupted(signal: NodeJS.Signals): Promise<{ code: number | null; dir: string; pid: number }> {
  const env = { ...process.env };
  delete env.RUNBOOK_KEEP_TEMP;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', SCRIPT], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const started = await new Promise<{ dir: string; pid: number }>((resolve, reject) => {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => resolve(JSON.parse(d) as { dir: string; pid: number }));
    child.once('exit', () => reject(new Error('the script exited before starting its child')));
  });
  assert.ok(fs.existsSync(started.dir) && alive(started.pid), 'the script did not start its folder and group');
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill(signal);
  return { code: await exited, ...started };
}

describe('harness processes: Ctrl+C cleans up', function () {
  this.timeout(30_000);

  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`on ${signal} closes, ends tracked process groups and removes throwaway folders, exit ${code}`, async () => {
      const r = await interrupted(signal);
      assert.equal(r.code, code);
      assert.ok(fs.existsSync(`${r.dir}.closed`), 'the closeOnInterrupt closer did not run');
      fs.rmSync(`${r.dir}.closed`);
      assert.equal(fs.existsSync(r.dir), false, `${r.dir} is left behind`);
      const deadline = Date.now() + 2000;
      while (alive(r.pid) && Date.now() < deadline) {
        await new Promise((res) => setTimeout(res, 50));
      }
      assert.equal(alive(r.pid), false, `process group ${r.pid} is still alive`);
    });
  }
});
