import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ExecutionEvent } from '../../../src/core/session/events';
import { RunbookSession } from '../../../src/core/session/session';
import { ATOMIC_APPEND_BYTES, JournalWriter, attachJournal, journalPath, parseJournal, readJournal, readJournalContents } from '../../../src/core/incident/journal';
import { withLockFileSync } from '../../../src/core/incident/lockFile';
import { findUnfinishedSessions } from '../../../src/core/incident/unfinished';
import { RunbookError } from '../../../src/core/errors';

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'journal-'));
}

function execution(cellIndex: number, data: string): ExecutionEvent {
  return {
    type: 'execution',
    time: '2026-11-29T03:12:45.120Z',
    cellIndex,
    source: 'aws sts get-caller-identity',
    execution: { startTime: '2026-11-29T03:12:45.000Z', durationMs: 120, success: true },
    outputs: [{ items: [{ mime: 'text/plain', data }] }],
  };
}

function runAppender(file: string, writer: string, count: number): Promise<number> {
  const script = path.join(__dirname, 'appender.ts');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, file, writer, String(count)], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? -1));
  });
}

describe('journal', () => {
  let dir: string;
  let runbook: string;
  beforeEach(() => {
    dir = tmpDir();
    runbook = path.join(dir, 'dr-runbook.md');
    fs.writeFileSync(runbook, '# DR\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lives in .runbook/ next to the runbook, or under another base folder', () => {
    assert.equal(journalPath('/w/runbooks/dr-runbook.md', 'abc'), '/w/runbooks/.runbook/dr-runbook.abc.jsonl');
    assert.equal(journalPath('/w/runbooks/dr-runbook.md', 'abc', '/store'), '/store/dr-runbook.abc.jsonl');
  });

  it('appends every event as it happens, redacted, starting with a session-start', () => {
    const session = new RunbookSession(runbook, 'jane', 'laptop', 's1');
    session.variables.set('DB_PASS', 'p4ssw0rd!');
    session.secrets.add('DB_PASS');
    const j = attachJournal(session);
    session.emit(execution(1, 'key AKIAIOSFODNN7EXAMPLE pass p4ssw0rd!'));
    const afterOne = readJournal(j.path);
    assert.equal(afterOne.length, 2, 'on disk before the next event');
    session.emit({ type: 'variable', time: 't', name: 'DB_PASS', value: 'p4ssw0rd!', secret: true, source: 'prompt' });
    j.dispose();
    const text = fs.readFileSync(j.path, 'utf8');
    assert.ok(!text.includes('AKIAIOSFODNN7EXAMPLE') && !text.includes('p4ssw0rd!'), text);
    const events = readJournal(j.path);
    assert.deepEqual(events.map((e) => e.type), ['session-start', 'execution', 'variable']);
    assert.equal(events[0].type === 'session-start' && events[0].operator, 'jane');
    assert.equal(events[2].type === 'variable' && events[2].value, undefined);
  });

  it('writes the events a session already had when attached, and a session-end on dispose when asked', () => {
    const session = new RunbookSession(runbook, 'jane', 'laptop', 's2');
    session.emit(execution(0, 'before'));
    const j = attachJournal(session, { endOnDispose: true });
    j.dispose();
    assert.deepEqual(readJournal(j.path).map((e) => e.type), ['session-start', 'execution', 'session-end']);
  });

  it('tolerates a torn last line and closes it before appending again', () => {
    const session = new RunbookSession(runbook, 'jane', 'laptop', 's3');
    const j = attachJournal(session);
    session.emit(execution(0, 'one'));
    j.dispose();
    fs.appendFileSync(j.path, '{"type":"execution","time":"2026-11-29T03:1');
    const torn = readJournalContents(j.path);
    assert.equal(torn.tornTail, true);
    assert.equal(torn.events.length, 2);
    const again = attachJournal(session);
    session.emit(execution(1, 'two'));
    again.dispose();
    const after = readJournalContents(j.path);
    assert.deepEqual(after.events.map((e) => e.type), ['session-start', 'execution', 'execution']);
    assert.deepEqual(after.badLines, [3]);
    assert.equal(after.tornTail, false);
  });

  it('parses empty and garbage text without throwing', () => {
    assert.deepEqual(parseJournal(''), { events: [], tornTail: false, badLines: [], problems: [] });
    assert.deepEqual(parseJournal('42\n{"x":1}\n').badLines, [1, 2]);
    assert.throws(() => readJournal(path.join(dir, 'missing.jsonl')), (e) => RunbookError.is(e, 'unreadable'));
  });

  it('lists unfinished sessions of this runbook only, newest first', () => {
    const a = new RunbookSession(runbook, 'jane', 'h', 'a');
    const ja = attachJournal(a);
    a.emit(execution(0, 'x'));
    ja.dispose();
    const b = new RunbookSession(runbook, 'joe', 'h', 'b');
    const jb = attachJournal(b, { endOnDispose: true });
    b.emit(execution(0, 'x'));
    jb.dispose();
    const idle = new RunbookSession(runbook, 'joe', 'h', 'idle');
    attachJournal(idle).dispose();
    const other = path.join(dir, 'sub', 'dr-runbook.md');
    const found = findUnfinishedSessions(runbook);
    assert.deepEqual(found.map((s) => [s.sessionId, s.executions, s.operator]), [['a', 1, 'jane']]);
    assert.deepEqual(findUnfinishedSessions(other), []);
  });

  it('keeps every line whole when two processes append concurrently, large lines included', async function () {
    this.timeout(60_000);
    const file = path.join(dir, '.runbook', 'dr-runbook.shared.jsonl');
    const count = 60;
    const codes = await Promise.all([runAppender(file, 'A', count), runAppender(file, 'B', count)]);
    assert.deepEqual(codes, [0, 0]);
    const contents = readJournalContents(file);
    assert.equal(contents.tornTail, false);
    assert.deepEqual(contents.badLines, []);
    assert.equal(contents.events.length, 2 * count);
    for (const writer of ['A', 'B']) {
      const mine = contents.events.filter((e) => e.type === 'execution' && e.source === `echo ${writer}`) as ExecutionEvent[];
      assert.deepEqual(mine.map((e) => e.cellIndex), [...Array(count).keys()], `${writer} in order`);
      for (const e of mine) {
        assert.ok(e.outputs[0].items[0].data.startsWith(`${writer}:${e.cellIndex}:`));
      }
    }
    assert.ok(!fs.existsSync(`${file}.lock`));
  });
});

describe('JournalWriter', () => {
  it('still appends a large line when the lock stays taken (a frozen writer, or a dead one whose pid was reused)', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'j.jsonl');
    fs.writeFileSync(`${file}.lock`, `${process.pid} ${Date.now()}`);
    const w = new JournalWriter(file, {}, { timeoutMs: 50 });
    const big = execution(3, 'x'.repeat(ATOMIC_APPEND_BYTES * 2));
    w.append(big);
    w.dispose();
    assert.deepEqual(readJournal(file), [big]);
    assert.ok(fs.existsSync(`${file}.lock`), "the other writer's lock is left alone");
    fs.rmSync(dir, { recursive: true });
  });
});

describe('withLockFileSync', () => {
  it('breaks a lock left by a dead process and releases its own', () => {
    const dir = tmpDir();
    const lock = path.join(dir, 'j.lock');
    fs.writeFileSync(lock, '999999999 0');
    assert.equal(withLockFileSync(lock, () => 7), 7);
    assert.ok(!fs.existsSync(lock));
    fs.rmSync(dir, { recursive: true });
  });

  it('times out on a live lock with a typed error', () => {
    const dir = tmpDir();
    const lock = path.join(dir, 'j.lock');
    fs.writeFileSync(lock, `${process.pid} ${Date.now()}`);
    assert.throws(() => withLockFileSync(lock, () => 1, { timeoutMs: 50 }), (e) => RunbookError.is(e, 'lockTimeout'));
    fs.rmSync(dir, { recursive: true });
  });
});
