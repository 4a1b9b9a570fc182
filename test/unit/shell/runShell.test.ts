import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runShell, ShellError, type OutputChunk } from '../../../src/core/shell/runShell';

/** True while a process exists and is not a zombie. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Live (non-zombie) processes whose process group is `pgid`. */
function groupMembers(pgid: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) {
      continue;
    }
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z' && Number(fields[2]) === pgid) {
        out.push(Number(d));
      }
    } catch {
      // raced with its exit
    }
  }
  return out;
}

async function eventually(check: () => boolean, ms = 3000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) {
      return true;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

describe('shell/runShell', () => {
  it('streams stdout and stderr in order as they come, and returns the exit code', async () => {
    const chunks: (OutputChunk & { at: number })[] = [];
    const t0 = Date.now();
    const r = await runShell('echo one; sleep 0.2; echo two >&2; sleep 0.2; echo three; exit 3', {
      onOutput: (c) => chunks.push({ ...c, at: Date.now() - t0 }),
    });
    assert.deepEqual(chunks.map((c) => `${c.stream}:${c.text}`), ['stdout:one\n', 'stderr:two\n', 'stdout:three\n']);
    assert.equal(r.exitCode, 3);
    assert.equal(r.signal, null);
    assert.equal(r.timedOut, false);
    assert.equal(r.aborted, false);
    assert.ok(chunks[0].at < r.durationMs - 300, `first chunk at ${chunks[0].at} ms of ${r.durationMs}`);
  });

  it('keeps a UTF-8 character whole when it is split across writes', async () => {
    let out = '';
    await runShell("printf '\\xe2\\x82'; sleep 0.1; printf '\\xac ok\\n'", { onOutput: (c) => (out += c.text) });
    assert.equal(out, '€ ok\n');
  });

  it('runs in the given folder with the given environment and shell', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'runshell-')));
    let out = '';
    const r = await runShell('pwd; echo "$RUNBOOK_VAR"', {
      shell: 'sh',
      cwd: dir,
      env: { ...process.env, RUNBOOK_VAR: 'from session' },
      onOutput: (c) => (out += c.text),
    });
    assert.equal(r.exitCode, 0);
    assert.equal(out, `${dir}\nfrom session\n`);
  });

  it('cancel ends the whole process group (sleep 100 & sleep 100)', async () => {
    const ac = new AbortController();
    let out = '';
    const pending = runShell('echo $$; sleep 100 & sleep 100', {
      signal: ac.signal,
      onOutput: (c) => {
        out += c.text;
      },
    });
    assert.ok(await eventually(() => /^\d+\n/.test(out)));
    const pgid = Number(out.trim());
    assert.ok(await eventually(() => groupMembers(pgid).length >= 3), 'bash and both sleeps run');
    ac.abort();
    const r = await pending;
    assert.equal(r.aborted, true);
    assert.equal(r.exitCode, null);
    assert.equal(r.signal, 'SIGTERM');
    assert.ok(r.durationMs < 3000);
    assert.ok(await eventually(() => groupMembers(pgid).length === 0), `left: ${groupMembers(pgid).join(',')}`);
  });

  it('times out, ending the group', async () => {
    const r = await runShell('sleep 30', { timeoutMs: 300 });
    assert.equal(r.timedOut, true);
    assert.equal(r.aborted, false);
    assert.equal(r.exitCode, null);
    assert.ok(r.durationMs >= 280 && r.durationMs < 2000, String(r.durationMs));
  });

  it('kills with SIGKILL after the grace period what ignores SIGTERM', async () => {
    let out = '';
    const r = await runShell("trap '' TERM; sleep 30 & echo $!; wait", {
      timeoutMs: 300,
      graceMs: 300,
      onOutput: (c) => (out += c.text),
    });
    assert.equal(r.timedOut, true);
    assert.equal(r.signal, 'SIGKILL');
    assert.ok(r.durationMs < 2000, String(r.durationMs));
    const pid = Number(out.trim());
    assert.ok(await eventually(() => !alive(pid)));
  });

  it('does not wait for, nor leave behind, background processes once the shell exits', async () => {
    let out = '';
    const r = await runShell('sleep 30 & echo $!', { onOutput: (c) => (out += c.text) });
    assert.equal(r.exitCode, 0);
    assert.ok(r.durationMs < 1500, String(r.durationMs));
    const pid = Number(out.trim());
    assert.ok(await eventually(() => !alive(pid)), `sleep ${pid} still runs`);
  });

  it('leaves nothing behind that ignores SIGTERM, even when the process that ran the cell ends right after', async () => {
    // A one-shot runner (like `runbook run`): run the cell, print the background pid, and let Node exit.
    const script = `
      const { runShell } = require(${JSON.stringify(join(__dirname, '../../../src/core/shell/runShell.ts'))});
      let out = '';
      runShell("trap '' TERM; sleep 30 >/dev/null 2>&1 & echo $!", { graceMs: 300, onOutput: (c) => (out += c.text) })
        .then(() => process.stdout.write(out));`;
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0);
    const pid = Number(out.trim());
    assert.ok(pid > 0, out);
    assert.ok(await eventually(() => !alive(pid), 1000), `sleep ${pid} outlived the runner`);
  });

  it('an already aborted signal runs nothing', async () => {
    const ac = new AbortController();
    ac.abort();
    let out = '';
    const r = await runShell('echo never', { signal: ac.signal, onOutput: (c) => (out += c.text) });
    assert.equal(r.aborted, true);
    assert.equal(out, '');
  });

  it('a missing shell is a typed error', async () => {
    await assert.rejects(runShell('true', { shell: '/no/such/shell' }), (e: unknown) => ShellError.is(e, 'spawnFailed'));
  });
});
