import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CellRunner } from '../../../src/core/kernel/runner';
import { runSection } from '../../../src/core/kernel/section';
import { MIME, type CellOutput } from '../../../src/core/runbook/model';
import type { ExecutionEvent } from '../../../src/core/session/events';
import { testContext } from './kernelContext';

const runner = new CellRunner();

function mimeText(outputs: CellOutput[], mime: string): string {
  return outputs.flatMap((o) => o.items.filter((i) => i.mime === mime).map((i) => i.data)).join('');
}

function errorOf(outputs: CellOutput[]): { name: string; message: string } {
  return JSON.parse(mimeText(outputs, MIME.error)) as { name: string; message: string };
}

/** Running (a zombie left unreaped by a container's init counts as ended). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('kernel CellRunner (shell and placeholders)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kernel-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('never runs a cell whose placeholder has no value', async () => {
    const marker = path.join(dir, 'ran');
    const ctx = testContext({ cwd: dir, answer: () => undefined });
    const r = await runner.run({ source: `touch ${marker} <TG_ARN>`, language: 'bash', index: 3 }, ctx);
    assert.equal(r.success, false);
    assert.equal(errorOf(r.outputs).name, 'unresolvedPlaceholder');
    assert.match(errorOf(r.outputs).message, /<TG_ARN>/);
    assert.throws(() => readFileSync(marker));
  });

  it('never runs a shell cell whose ${VAR} has no value (not even as an empty word)', async () => {
    const marker = path.join(dir, 'ran');
    const ctx = testContext({ cwd: dir, env: { PATH: process.env.PATH }, answer: () => undefined });
    const r = await runner.run({ source: `touch ${marker}; echo "zone: \${ZONE_ID}"`, language: 'bash' }, ctx);
    assert.equal(errorOf(r.outputs).name, 'unresolvedPlaceholder');
    assert.equal(ctx.prompts[0].name, 'ZONE_ID');
    assert.throws(() => readFileSync(marker));
  });

  it('runs a shell cell in the runbook folder with the variables in its environment, streaming as it goes', async () => {
    const ctx = testContext({ cwd: dir, answer: (req) => (req.name === 'NAME' ? 'it works' : undefined) });
    ctx.session.variables.set('REGION', 'eu-west-1');
    const r = await runner.run({ source: 'echo "<NAME>"; pwd\nsleep 0.2\necho "$REGION" >&2\necho done', language: 'bash', index: 1, executionOrder: 4 }, ctx);
    assert.equal(r.success, true, JSON.stringify(r.outputs));
    assert.equal(r.exitCode, 0);
    assert.equal(mimeText(r.outputs, MIME.stdout), `it works\n${dir}\ndone\n`);
    assert.equal(mimeText(r.outputs, MIME.stderr), 'eu-west-1\n');
    assert.ok(ctx.streamed.length >= 2, 'streamed in more than one chunk');
    assert.equal(r.execution.runner, 'shell');
    assert.equal(r.execution.executionOrder, 4);
    assert.equal(r.execution.ranBy, 'tester');
    assert.equal(r.execution.host, 'testhost');
  });

  it('shows a failing exit code as an error', async () => {
    const r = await runner.run({ source: 'echo out; exit 3', language: 'sh' }, testContext({ cwd: dir }));
    assert.equal(r.success, false);
    assert.equal(r.exitCode, 3);
    assert.match(errorOf(r.outputs).message, /exited with code 3/);
    assert.equal(mimeText(r.outputs, MIME.stdout), 'out\n');
  });

  it('redacts secrets from outputs and from the execution event', async () => {
    const ctx = testContext({ cwd: dir, settings: { secretVariables: ['DB_PASS'] } });
    ctx.session.variables.set('DB_PASS', 's3cr3t-value');
    const r = await runner.run({ source: 'echo "pass=$DB_PASS"; echo AKIAIOSFODNN7EXAMPLE', language: 'bash', index: 2 }, ctx);
    const out = mimeText(r.outputs, MIME.stdout);
    assert.ok(!out.includes('s3cr3t-value') && !out.includes('AKIAIOSFODNN7EXAMPLE'), out);
    assert.ok(!ctx.streamed.some((s) => s.text.includes('s3cr3t-value')));
    const ev = ctx.session.events.find((e): e is ExecutionEvent => e.type === 'execution');
    assert.ok(ev && ev.cellIndex === 2 && ev.execution.success);
    assert.ok(!JSON.stringify(ev).includes('s3cr3t-value'));
  });

  it('ends a timed-out cell and its whole process group', async () => {
    const pidFile = path.join(dir, 'pid');
    const ctx = testContext({ cwd: dir, settings: { cellTimeoutSeconds: 1 } });
    const started = Date.now();
    const r = await runner.run({ source: `sleep 30 & echo $! > ${pidFile}; wait`, language: 'bash' }, ctx);
    assert.ok(Date.now() - started < 5000, 'within the timeout');
    assert.equal(r.success, false);
    assert.equal(errorOf(r.outputs).name, 'timeout');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await new Promise((res) => setTimeout(res, 200));
    assert.equal(alive(pid), false, 'the background sleep was ended too');
  });

  it('interrupt aborts a running shell cell at once', async () => {
    const abort = new AbortController();
    const ctx = testContext({ cwd: dir, signal: abort.signal });
    setTimeout(() => abort.abort(), 300);
    const started = Date.now();
    const r = await runner.run({ source: 'sleep 30; echo never', language: 'bash' }, ctx);
    assert.ok(Date.now() - started < 3000);
    assert.equal(r.success, false);
    assert.equal(errorOf(r.outputs).name, 'interrupted');
    assert.ok(!mimeText(r.outputs, MIME.stdout).includes('never'));
  });

  it('does not run data blocks', async () => {
    const r = await runner.run({ source: '{"a": 1}', language: 'json' }, testContext({ cwd: dir }));
    assert.equal(r.success, false);
    assert.equal(errorOf(r.outputs).name, 'notRunnable');
  });

  it('runSection stops at the first failure', async () => {
    const ctx = testContext({ cwd: dir });
    const steps = await runSection(
      [
        { source: 'echo one', language: 'bash', index: 0 },
        { source: 'false', language: 'bash', index: 1 },
        { source: 'echo three', language: 'bash', index: 2 },
      ],
      ctx,
      runner,
    );
    assert.deepEqual(steps.map((s) => [s.cell.index, s.result.success]), [[0, true], [1, false]]);
  });
});
