import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { CliIO } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import { fromControlPictures, toControlPictures } from '../../../src/core/runbook/controlChars';
import { MIME } from '../../../src/core/runbook/model';
import { parseRunbook } from '../../../src/core/runbook/parse';
import { decodeRunbook } from '../../../src/core/runbook/readFile';
import { serializeRunbook } from '../../../src/core/runbook/serialize';

const RUNS = Number(process.env.FC_RUNS) || 300;

/** Output text a terminal program may print: every control byte, line breaks of all kinds, ANSI, U+FFFD, control pictures, fences. */
const nastyChar = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('\x7f', '\r\n', '\r', '\n', '\x1b[31m', '\x1b[0m', '\ufffd', '\u2400', '\u241b', '\u2426', '```', '~~~', '</details>', '<!-- /runbook:output -->', '<!-- runbook:output {"v":1,"outputs":[]} -->', '-->', 'é', '😀', 'a', ' '),
);
const nastyText = fc.array(nastyChar, { maxLength: 40 }).map((a) => a.join(''));

function doc(): ReturnType<typeof parseRunbook> {
  return parseRunbook('# T\n\n```bash\necho x\n```\n');
}

async function cli(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd, env: process.env };
  return { code: await main(args, io), out, err };
}

describe('the record stays readable whatever the output (issue 9)', () => {
  it('control pictures are lossless', () => {
    fc.assert(fc.property(nastyText, (t) => fromControlPictures(toControlPictures(t)) === t), { numRuns: RUNS });
  });

  it('any output text is saved as a UTF-8 text file without NUL that re-parses to the same outputs and round-trips (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(nastyText, { minLength: 1, maxLength: 3 }), (texts) => {
        const d = doc();
        const cell = d.cells.findIndex((c) => c.kind === 'code');
        const outs = [{ items: texts.map((data, k) => ({ mime: k % 2 ? MIME.stderr : MIME.stdout, data })) }];
        d.cells[cell].outputs = outs;
        d.cells[cell].execution = { startTime: '2026-12-03T03:00:00.000Z', durationMs: 1, success: true };
        const text = serializeRunbook(d);
        const decoded = decodeRunbook(Buffer.from(text, 'utf8'));
        const back = parseRunbook(decoded);
        assert.equal(back.cells.length, d.cells.length);
        assert.deepEqual(back.cells[cell].outputs, outs);
        assert.equal(serializeRunbook(back), text);
      }),
      { numRuns: RUNS },
    );
  });

  describe('runbook run --record on a cell printing CRLF, lone CR, NUL, control bytes, invalid UTF-8, ANSI', function () {
    this.timeout(30_000);
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'runbook-readable-'));
      writeFileSync(
        join(dir, 'weird.md'),
        [
          '# Weird output',
          '',
          '```bash',
          "printf 'crlf\\r\\nlone\\rcr\\n'",
          "printf 'nul\\000byte\\001\\002\\033[31mred\\033[0m\\n'",
          "printf 'bad utf8 \\377\\376 end\\n'",
          "printf '```\\n~~~\\n</details>\\n<!-- /runbook:output -->\\n'",
          '```',
          '',
          '```bash',
          "printf 'no newline at end'",
          '```',
          '',
        ].join('\n'),
      );
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('the record re-parses with the same cells and outputs, and fmt --check passes', async () => {
      const run = await cli(['run', 'weird.md', '--record', 'out.md'], dir);
      assert.equal(run.code, 0, run.err);
      const bytes = readFileSync(join(dir, 'out.md'));
      assert.ok(!bytes.includes(0), 'no NUL in the record');
      const cells = await cli(['cells', 'out.md'], dir);
      assert.equal(cells.code, 0, cells.err);
      const parsed = JSON.parse(cells.out) as { language: string; source: string; outputs: { items: { data: string }[] }[] }[];
      const code = parsed.filter((c) => c.language === 'bash');
      assert.equal(code.length, 2);
      const first = code[0].outputs[0].items[0].data;
      assert.equal(first, 'crlf\r\nlone\rcr\nnul\0byte\x01\x02\x1b[31mred\x1b[0m\nbad utf8 \ufffd\ufffd end\n```\n~~~\n</details>\n<!-- /runbook:output -->\n');
      assert.equal(code[1].outputs[0].items[0].data, 'no newline at end');
      assert.match(bytes.toString('utf8'), /nul␀byte␁␂␛\[31mred␛\[0m/);
      const check = await cli(['fmt', '--check', 'out.md'], dir);
      assert.deepEqual(check, { code: 0, out: '', err: '' });
    });
  });
});
