import assert from 'node:assert/strict';
import { LineIndex } from '../../../src/core/runbook/lines';
import { type CellOutput, type ExecutionSummary, MIME } from '../../../src/core/runbook/model';
import { readOutputBlock, writeOutputBlock } from '../../../src/core/runbook/outputBlock';

const EXECUTION: ExecutionSummary = {
  startTime: '2026-11-29T03:12:45.120Z',
  durationMs: 1234,
  success: false,
  exitCode: 2,
  ranBy: 'eve --> <script>',
  host: 'laptop',
  account: '123456789012',
  region: 'af-south-1',
};

function readBack(outputs: CellOutput[], execution: ExecutionSummary | undefined, prefix: string, eol: string) {
  const text = writeOutputBlock(outputs, execution, prefix, eol) + 'after\n';
  const lines = new LineIndex(text);
  const block = readOutputBlock(lines, 0, prefix, eol);
  assert.ok(block, 'block not read');
  assert.equal(lines.line(block.end), 'after');
  return block;
}

describe('output block', () => {
  const nasty = ['```\n````` fences\n', '</details>\n<!-- /runbook:output -->\n-->\n', 'no final newline', '', '\n', 'a\r\nb\rc\n\n', '  \n\t\n'];

  for (const prefix of ['', '   ', '> ']) {
    for (const eol of ['\n', '\r\n']) {
      it(`reads back nasty outputs exactly (prefix ${JSON.stringify(prefix)}, eol ${JSON.stringify(eol)})`, () => {
        const outputs = [{ items: nasty.map((data) => ({ mime: MIME.stdout, data })) }, { items: [{ mime: MIME.json, data: '{"a":"-->"}' }] }];
        const block = readBack(outputs, EXECUTION, prefix, eol);
        assert.deepEqual(block.outputs, outputs);
        assert.deepEqual(block.execution, EXECUTION);
      });
    }
  }

  it('keeps `-->`, `<` and `>` out of the header comment and the summary', () => {
    const text = writeOutputBlock([{ items: [{ mime: MIME.stdout, data: 'x\n' }] }], EXECUTION, '', '\n');
    const [header, summary] = text.split('\n');
    assert.equal(header.indexOf('-->'), header.length - 3);
    assert.ok(!summary.includes('<script>'));
    assert.match(summary, /^<details><summary>Output: failed, exit 2, 1\.2 s, 2026-11-29T03:12:45\.120Z, eve --&gt; &lt;script&gt;@laptop, af-south-1<\/summary>$/);
  });

  it('uses a fence longer than any backtick run in the output', () => {
    const text = writeOutputBlock([{ items: [{ mime: MIME.stdout, data: 'a ``````` b\n' }] }], undefined, '', '\n');
    assert.ok(text.includes('\n````````text\n'));
  });

  it('writes an execution without outputs, and outputs without an execution', () => {
    assert.deepEqual(readBack([], EXECUTION, '', '\n').outputs, []);
    assert.equal(readBack([{ items: [{ mime: MIME.text, data: 'x' }] }], undefined, '', '\n').execution, undefined);
  });

  it('refuses hand-broken blocks (then they stay markdown)', () => {
    const good = writeOutputBlock([{ items: [{ mime: MIME.stdout, data: 'x\n' }] }], EXECUTION, '', '\n');
    const broken = [good.replace('</details>', '</detail>'), good.replace('{"v":1', '{"v":2'), good.replace(/```\n\n<\/details>/, '```\n</details>'), good.split('\n').slice(0, 5).join('\n')];
    for (const text of broken) {
      assert.equal(readOutputBlock(new LineIndex(text), 0, '', '\n'), undefined, text);
    }
  });
});
