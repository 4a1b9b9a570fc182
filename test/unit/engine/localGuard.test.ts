/**
 * The `--local` worker's guard (src/core/engine/localGuard.ts) through the one path every worker takes
 * (runLocalStep): a forged request runs nothing and is refused with one line; the state name that line quotes
 * comes from the queue message, so a hostile one (ESC/CSI, C1, bidi overrides, CR, line breaks) reaches the
 * line escaped, never raw.
 */
import * as assert from 'node:assert/strict';
import { cellHash } from '../../../src/core/engine/localGuard';
import { runLocalStep, type LocalGuard } from '../../../src/core/engine/localStep';
import type { QueueRequest } from '../../../src/core/engine/follow';
import type { ExecutionView } from '../../../src/core/engine/history';
import { parseRunbook } from '../../../src/core/runbook/parse';

const ARN = 'arn:aws:states:eu-west-1:123456789012:execution:runbook-local:20261203T031200Z-abc123';
const DOC = parseRunbook('# Local\n\n### Phase 1: Here (5 minutes)\n\n```bash\necho ran locally\n```\n');
const CELL = DOC.cells.findIndex((c) => c.kind === 'code');
const STATE = 'local cell (cell 1)';
const HASH = cellHash(DOC.cells[CELL].source);
const RAW_CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

function guard(): LocalGuard {
  const view: ExecutionView = {
    executionArn: ARN, name: 'x', status: 'RUNNING', started: '2026-12-03T03:12:00.000Z', input: {}, phases: [],
    runs: [{ state: STATE, kind: 'local', status: 'waiting', started: '2026-12-03T03:12:01.000Z', message: { token: 'TOKEN', cell: CELL, sha256: HASH } }],
  };
  return { plan: new Map([[STATE, CELL]]), view: async () => view };
}

async function attempt(req: QueueRequest): Promise<{ refusedLine?: string; ran: boolean; error?: string; refused?: boolean }> {
  let refusedLine: string | undefined;
  let ran = false;
  const r = await runLocalStep(req, DOC, guard(), {
    refused: (message) => { refusedLine = `[local] ${message}\n`; },
    run: async () => { ran = true; return { success: true, outputs: [], execution: { startTime: '2026-12-03T03:12:02.000Z', durationMs: 1, success: true } }; },
  });
  return { refusedLine, ran, error: r.error, refused: r.refused };
}

const request = (state: string, body: Record<string, unknown> = { token: 'TOKEN', cell: CELL, sha256: HASH }): QueueRequest => ({ kind: 'local', execution: ARN, state, token: String(body.token), body });

describe('localGuard: the refusal line of a forged local request', () => {
  it('the execution\'s own request runs the runbook\'s cell', async () => {
    const r = await attempt(request(STATE));
    assert.equal(r.ran, true);
    assert.equal(r.refusedLine, undefined);
  });

  it('a state name with ESC/CSI, C1, bidi overrides, CR and line breaks is refused on one line with those escaped', async () => {
    const hostile = `\u001b[2K\r[local] cell 1: running here\u001b]0;owned\u0007\u009b31m\u202egnp.exe\u202c\u2066x\u2069\n[local] ok\u2028`;
    const r = await attempt(request(hostile));
    assert.equal(r.ran, false, 'nothing ran');
    assert.equal(r.refused, true);
    const line = r.refusedLine ?? '';
    assert.doesNotMatch(line.slice(0, -1), RAW_CONTROL, `no raw control, bidi or line break in ${JSON.stringify(line)}`);
    assert.equal(line.split('\n').length, 2, 'one line');
    assert.match(line, /^\[local\] refused a local request: "\\u001b\[2K\\r\[local\] cell 1: running here\\u001b\]0;owned\\u0007\\u009b31m\\u202egnp\.exe\\u202c\\u2066x\\u2069\\n\[local\] ok\\u2028" is not a local step of the runbook this worker started; nothing ran\n$/);
  });

  it('a very long state name is cut on the line', async () => {
    const r = await attempt(request('A'.repeat(5000)));
    assert.ok((r.refusedLine ?? '').length < 250, r.refusedLine);
    assert.match(r.refusedLine ?? '', /"A{79}…" is not a local step/);
  });

  it('a planned state name with a forged token, or a tampered cell, is refused with the name quoted the same way', async () => {
    const forged = await attempt(request(STATE, { token: 'FORGED', cell: CELL, sha256: HASH }));
    assert.equal(forged.ran, false);
    assert.match(forged.error ?? '', /^refused a local request: the execution does not wait in "local cell \(cell 1\)" with this task token/);
    const tampered = await attempt(request(STATE, { token: 'TOKEN', cell: CELL + 1, sha256: HASH }));
    assert.equal(tampered.ran, false);
    assert.equal(tampered.refused, false, 'a tampered request fails the state\'s task');
    assert.match(tampered.error ?? '', /another cell than the execution's state "local cell \(cell 1\)" \(tampered\)/);
  });
});
