import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import { formatAwsOutput } from '../../../src/core/aws/output';
import { redactEvent } from '../../../src/core/incident/journal';
import { buildIncidentRecord } from '../../../src/core/incident/record';
import { REDACTED, StreamRedactor, redactOutputData, redactText, redactingLogger } from '../../../src/core/incident/redact';
import { toMarkdown } from '../../../src/core/kernel/markdownTable';
import { RecordingLogger } from '../../../src/core/logger';
import { MIME } from '../../../src/core/runbook/model';
import { buildOutline } from '../../../src/core/runbook/outline';
import { parseRunbook } from '../../../src/core/runbook/parse';
import type { SessionEvent } from '../../../src/core/session/events';
import { SECRET_SHAPES } from '../../support/secretShapes';

/** The shapes whose secret shows in `text`, by name. */
/** The runs of 6 characters of `secret` that `out` still holds (a secret redacted only in part leaks the rest). */
function piecesLeft(out: string, secret: string): string[] {
  const left: string[] = [];
  for (let i = 0; i + 6 <= secret.length; i++) {
    if (out.includes(secret.slice(i, i + 6))) {
      left.push(secret.slice(i, i + 6));
    }
  }
  return left;
}

function leaks(text: string): string[] {
  return SECRET_SHAPES.filter((s) => text.includes(s.secret)).map((s) => s.name);
}

function streamAll(text: string, cuts: number[]): string {
  const r = new StreamRedactor();
  let out = '';
  let pos = 0;
  for (const cut of cuts) {
    out += r.push(text.slice(pos, cut));
    pos = cut;
  }
  return out + r.push(text.slice(pos)) + r.flush();
}

describe(`${SECRET_SHAPES.length} secret shapes through every sink (issue 9)`, () => {
  it('the corpus has at least 60 shapes, each with its secret in its text', () => {
    assert.ok(SECRET_SHAPES.length >= 60, `${SECRET_SHAPES.length}`);
    for (const s of SECRET_SHAPES) {
      assert.ok(s.text.includes(s.secret), s.name);
    }
  });

  it('redactText hides every one', () => {
    const leaked = SECRET_SHAPES.filter((s) => redactText(s.text).includes(s.secret)).map((s) => s.name);
    assert.deepEqual(leaked, []);
  });

  it('redactText leaves no piece of any of them: no run of 6 characters of a secret survives', () => {
    const pieces = SECRET_SHAPES.flatMap((s) => {
      const left = piecesLeft(redactText(s.text), s.secret);
      return left.length ? [`${s.name}: ${JSON.stringify(left)}`] : [];
    });
    assert.deepEqual(pieces, []);
  });

  it('the stream redactor hides every one, split at every position', () => {
    for (const s of SECRET_SHAPES) {
      for (let i = 0; i <= s.text.length; i++) {
        assert.deepEqual(piecesLeft(streamAll(s.text, [i]), s.secret), [], `${s.name}, split at ${i}`);
      }
    }
  });

  it('the stream redactor hides every one, fed a character at a time', () => {
    for (const s of SECRET_SHAPES) {
      assert.deepEqual(piecesLeft(streamAll(s.text, [...s.text].map((_, i) => i)), s.secret), [], s.name);
    }
  });

  it('every rendering of an AWS-shaped result (json, text, table, yaml, markdown) hides every one', () => {
    for (const s of SECRET_SHAPES) {
      const data = { Message: s.text, Items: [{ Name: 'a', Value: s.text }] };
      for (const output of ['json', 'text', 'table', 'yaml'] as const) {
        const rendered = redactOutputData(output === 'json' ? MIME.json : MIME.text, formatAwsOutput(data, { output, title: 'GetThing' }));
        assert.ok(!rendered.includes(s.secret), `${s.name} in --output ${output}`);
      }
      assert.ok(!redactText(toMarkdown(data)).includes(s.secret), `${s.name} in the markdown table`);
    }
  });

  it('the journal line, the incident record and the log hide every one', () => {
    const doc = parseRunbook(`# R\n\n${SECRET_SHAPES.map((_, i) => `\`\`\`bash\necho ${i}\n\`\`\`\n`).join('\n')}`);
    const code = doc.cells.flatMap((c, i) => (c.kind === 'code' ? [i] : []));
    const events: SessionEvent[] = [{ type: 'session-start', time: '2026-12-03T03:00:00.000Z', sessionId: 's', runbookPath: 'r.md', operator: 'op', host: 'h' }];
    SECRET_SHAPES.forEach((s, k) => {
      events.push({
        type: 'execution',
        time: '2026-12-03T03:00:01.000Z',
        cellIndex: code[k],
        source: `echo '${s.text}'`,
        execution: { startTime: '2026-12-03T03:00:01.000Z', durationMs: 5, success: true, runner: 'shell' },
        outputs: [{ items: [{ mime: MIME.stdout, data: `${s.text}\n` }, { mime: MIME.error, data: JSON.stringify({ name: 'E', message: s.text }) }] }],
      });
    });
    const journal = events.map((e) => JSON.stringify(redactEvent(e))).join('\n');
    assert.deepEqual(leaks(journal), [], 'journal');
    const record = buildIncidentRecord({ document: doc, events, outline: buildOutline(doc), runbookPath: 'r.md', now: '2026-12-03T03:10:00.000Z' });
    assert.deepEqual(leaks(record), [], 'record');
    assert.ok(record.split(REDACTED).length > SECRET_SHAPES.length);
    const rec = new RecordingLogger();
    const log = redactingLogger(rec);
    for (const s of SECRET_SHAPES) {
      log.info(`cell said ${s.text}`);
      log.error(new Error(s.text));
      log.warn('object', { detail: s.text });
    }
    assert.deepEqual(leaks(rec.lines.map((l) => l.message).join('\n')), [], 'log');
  });

  describe('runbook run: stdout, stderr (progress lines), --json (with source), the record and the journal', function () {
    this.timeout(60_000);
    let dir: string;
    const dbPassword = 'Db-pass-4c7e1f9a';
    const apiSecret = 'flag-secret-8b2d6e0c';
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'runbook-shapes-'));
      // Each shape on the cell's first line (so the progress line shows it), printed to stdout and to stderr.
      const cells = SECRET_SHAPES.map((s) => `\`\`\`bash\ncat <<'EOF' # ${s.text.split('\n')[0]}\n${s.text}\nEOF\ncat >&2 <<'EOF'\n${s.text}\nEOF\n\`\`\`\n`);
      cells.push('```bash\necho "db: $DB_PASSWORD api: ${API_SIGNING}"\n```\n');
      writeFileSync(join(dir, 'shapes.md'), `# Shapes\n\n${cells.join('\n')}`);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
      let out = '';
      let err = '';
      const io: CliIO = { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: dir, env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' } };
      return { code: await main(args, io), out, err };
    }

    for (const json of [false, true]) {
      it(`no secret reaches any sink${json ? ' (--json)' : ''}`, async () => {
        const rec = json ? 'json-record.md' : 'record.md';
        const r = await run(['run', 'shapes.md', '--record', rec, '--var', `DB_PASSWORD=${dbPassword}`, '--secret', `API_SIGNING=${apiSecret}`, ...(json ? ['--json'] : [])]);
        assert.equal(r.code, 0, r.err.slice(-2000));
        const journals = readdirSync(join(dir, '.runbook')).map((f) => readFileSync(join(dir, '.runbook', f), 'utf8')).join('\n');
        const record = readFileSync(join(dir, rec), 'utf8');
        const sinks = { stdout: r.out, stderr: r.err, record, journal: journals };
        for (const [sink, text] of Object.entries(sinks)) {
          assert.deepEqual(leaks(text), [], `${sink} leaked`);
          assert.ok(!text.includes(dbPassword) && !text.includes(apiSecret), `${sink} leaked a secret variable`);
        }
        assert.match(r.err, /\[1\/\d+\] cell \d+: cat <<'EOF' # found \[REDACTED\]/);
        if (json) {
          const report = JSON.parse(r.out) as { cells: { source: string }[] };
          assert.equal(report.cells.length, SECRET_SHAPES.length + 1);
          assert.ok(report.cells.slice(0, SECRET_SHAPES.length).every((c) => c.source.includes(REDACTED)));
        } else {
          assert.match(r.out, /db: \[REDACTED\] api: \[REDACTED\]/);
        }
      });
    }
  });
});
