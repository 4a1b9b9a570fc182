import assert from 'node:assert/strict';
import { asCodeLayout } from '../../../src/core/runbook/layout';
import { MIME, type RunbookCell } from '../../../src/core/runbook/model';
import { parseRunbook } from '../../../src/core/runbook/parse';
import { serializeParts, serializeRunbook } from '../../../src/core/runbook/serialize';
import { readFixture } from './helpers';

function edit(text: string, index: number, change: Partial<RunbookCell>): string {
  const doc = parseRunbook(text);
  Object.assign(doc.cells[index], change);
  return serializeRunbook(doc);
}

/** The bytes before and after cell `index` are those of the original. */
function assertOnlyCellChanged(before: string, after: string, index: number): void {
  const parts = serializeParts(parseRunbook(before));
  const prefix = parts.head + parts.cells.slice(0, index).join('');
  const suffix = parts.cells.slice(index + 1).join('');
  assert.ok(after.startsWith(prefix), 'bytes before the cell changed');
  assert.ok(after.endsWith(suffix), 'bytes after the cell changed');
}

describe('serializeRunbook', () => {
  it('re-emits an edited nested code cell with its list indentation, and nothing else changes', () => {
    const text = '1. **Verify**\n   ```bash\n   echo old\n   ```\n\n2. Next\n';
    const out = edit(text, 1, { source: 'echo new\n\nsecond line' });
    assert.equal(out, '1. **Verify**\n   ```bash\n   echo new\n\n   second line\n   ```\n\n2. Next\n');
    assertOnlyCellChanged(text, out, 1);
  });

  it('re-emits an edited markdown cell with the document line endings and its trailing blank lines', () => {
    const text = '# A\r\n\r\nold\r\n\r\n\r\n## B\r\n';
    const out = edit(text, 0, { source: '# A\n\nnew\ntext' });
    assert.equal(out, '# A\r\n\r\nnew\r\ntext\r\n\r\n\r\n## B\r\n');
  });

  it('writes an edited code cell of 300,000 lines (a paste of a log) in and out of a list', () => {
    const source = Array.from({ length: 300_000 }, (_, i) => (i % 7 === 0 ? '' : `line ${i}`)).join('\n');
    const top = edit('```text\nx\n```\n', 0, { source });
    assert.equal(top, `\`\`\`text\n${source}\n\`\`\`\n`);
    const nested = edit('1. Step\n   ```text\n   x\n   ```\n', 1, { source });
    assert.equal(parseRunbook(nested).cells[1].source, source);
    assert.ok(nested.includes('\n   line 1\n'));
    // Opened again (parse checks each cell against its re-emitted text) and saved unedited: the same bytes.
    assert.equal(serializeRunbook(parseRunbook(top)), top);
    assert.equal(serializeRunbook(parseRunbook(nested)), nested);
  });

  it('lengthens the fence when edited code would close it', () => {
    const text = '```md\nx\n```\n';
    assert.equal(edit(text, 0, { source: '```\ninner\n```' }), '````md\n```\ninner\n```\n````\n');
    const tilde = '~~~\nx\n~~~\n';
    assert.equal(edit(tilde, 0, { source: '~~~~\n```' }), '~~~~~\n~~~~\n```\n~~~~~\n');
  });

  it('rewrites only the language word of the info string when the language changes', () => {
    assert.equal(edit('```sh {name=x}\necho\n```\n', 0, { language: 'bash' }), '```bash {name=x}\necho\n```\n');
    assert.equal(edit('```{"name":"x"}\necho\n```\n', 0, { language: 'bash' }), '```bash {"name":"x"}\necho\n```\n');
  });

  it('closes an unterminated fence when its cell is edited', () => {
    assert.equal(edit('```bash\necho', 0, { source: 'echo 2' }), '```bash\necho 2\n```\n');
  });

  it('writes new cells (no layout) with a blank line around them and a long enough fence', () => {
    const doc = parseRunbook('# Title\nintro\n');
    doc.cells.push({ kind: 'code', language: 'bash', source: 'echo ```', outputs: [] });
    doc.cells.push({ kind: 'markup', language: 'markdown', source: 'After.', outputs: [] });
    assert.equal(serializeRunbook(doc), '# Title\nintro\n\n```bash\necho ```\n```\n\nAfter.\n');
    const fresh = { cells: [{ kind: 'code' as const, language: 'bash', source: '```\nx', outputs: [] }] };
    assert.equal(serializeRunbook(fresh), '````bash\n```\nx\n````\n');
  });

  it('separates a new cell inserted before an existing one', () => {
    const doc = parseRunbook('# A\n\n# B\n');
    doc.cells.splice(1, 0, { kind: 'markup', language: 'markdown', source: 'inserted', outputs: [] });
    assert.equal(serializeRunbook(doc), '# A\n\ninserted\n\n# B\n');
  });

  it('writes a new cell after a last line without a line break', () => {
    const doc = parseRunbook('text');
    doc.cells.push({ kind: 'markup', language: 'markdown', source: 'more', outputs: [] });
    assert.equal(serializeRunbook(doc), 'text\n\nmore\n');
  });

  it('starts a cell moved or duplicated after the last line (no final line break) on a line of its own', () => {
    const moved = parseRunbook('# A\n\ntext\n\n# B\nmore');
    moved.cells.reverse();
    assert.equal(serializeRunbook(moved), '# B\nmore\n\n# A\n\ntext\n\n');
    const dup = parseRunbook('# A\n\n```bash\necho hi\n```');
    dup.cells.push(structuredClone(dup.cells[1]));
    const out = serializeRunbook(dup);
    assert.equal(out, '# A\n\n```bash\necho hi\n```\n\n```bash\necho hi\n```');
    assert.deepEqual(parseRunbook(out).cells.map((c) => c.source), ['# A', 'echo hi', 'echo hi']);
  });

  it('closes an unterminated fence that ran to the end when a cell is added, moved or duplicated after it', () => {
    const text = '# A\n\n```bash\necho hi\n';
    const added = parseRunbook(text);
    added.cells.push({ kind: 'markup', language: 'markdown', source: '## New', outputs: [] });
    assert.equal(serializeRunbook(added), '# A\n\n```bash\necho hi\n```\n\n## New\n');
    const moved = parseRunbook(text);
    moved.cells.reverse();
    assert.deepEqual(parseRunbook(serializeRunbook(moved)).cells.map((c) => c.source), ['echo hi', '# A']);
    const dup = parseRunbook('- step\n  ```bash\n  echo hi');
    dup.cells.push(structuredClone(dup.cells[1]));
    const twice = serializeRunbook(dup);
    assert.equal(twice, '- step\n  ```bash\n  echo hi\n  ```\n  ```bash\n  echo hi');
    assert.deepEqual(parseRunbook(twice).cells.map((c) => c.source), ['- step', 'echo hi', 'echo hi']);
    // One that ended with its container is followed by the same text as before: its bytes stay.
    const nested = '> ```\n> x\n\nafter\n';
    assert.equal(serializeRunbook(parseRunbook(nested)), nested);
    // Outputs put under it close it too, without touching its body.
    const run = parseRunbook('```bash\n  echo hi  ');
    run.cells[0].outputs = [{ items: [{ mime: MIME.stdout, data: 'hi\n' }] }];
    const withOutput = serializeRunbook(run);
    assert.ok(withOutput.startsWith('```bash\n  echo hi  \n```\n\n<!-- runbook:output '));
    assert.deepEqual(parseRunbook(withOutput).cells[0].outputs, run.cells[0].outputs);
  });

  it('writes a cell whose kind changed in the editor (its layout is of the other kind) as a new cell', () => {
    const text = '# A\n\necho hi\n\n## B\n\n```bash\nls\n```\n\n## C\n';
    const toCode = parseRunbook(text);
    toCode.cells[0] = { ...toCode.cells[0], kind: 'code', language: 'bash' };
    assert.equal(serializeRunbook(toCode), '```bash\n# A\n\necho hi\n```\n\n## B\n\n```bash\nls\n```\n\n## C\n');
    const toMarkup = parseRunbook(text);
    toMarkup.cells[2] = { ...toMarkup.cells[2], kind: 'markup', language: 'markdown' };
    const out = serializeRunbook(toMarkup);
    assert.equal(out, '# A\n\necho hi\n\n## B\n\nls\n\n## C\n');
    assert.ok(parseRunbook(out).cells.every((c) => c.kind === 'markup'));
  });

  it('writes a new first cell right after a BOM', () => {
    const doc = parseRunbook('\uFEFF');
    doc.cells.push({ kind: 'markup', language: 'markdown', source: '# New', outputs: [] });
    assert.equal(serializeRunbook(doc), '\uFEFF# New\n');
  });

  it('drops a deleted cell and keeps every other byte', () => {
    const text = readFixture('nested-lists.md');
    const doc = parseRunbook(text);
    const parts = serializeParts(doc);
    doc.cells.splice(3, 1);
    assert.equal(serializeRunbook(doc), parts.head + parts.cells.filter((_c, i) => i !== 3).join(''));
  });

  it('adds an output block under a code cell, drops it when outputs are cleared', () => {
    const text = '- step\n  ```bash\n  echo hi\n  ```\n- next\n';
    const doc = parseRunbook(text);
    doc.cells[1].outputs = [{ items: [{ mime: MIME.stdout, data: 'hi\n' }] }];
    doc.cells[1].execution = { startTime: '2026-11-29T03:12:45.120Z', durationMs: 5, success: true, exitCode: 0 };
    const out = serializeRunbook(doc);
    assert.ok(out.includes('\n\n  <!-- runbook:output {'));
    assert.ok(out.includes('\n  ```text\n  hi\n  ```\n'));
    const back = parseRunbook(out);
    assert.equal(back.cells.length, 3);
    assert.deepEqual(back.cells[1].outputs, doc.cells[1].outputs);
    assert.deepEqual(back.cells[1].execution, doc.cells[1].execution);
    back.cells[1].outputs = [];
    delete back.cells[1].execution;
    assert.equal(serializeRunbook(back), text.replace('  ```\n- next', '  ```\n\n- next'));
  });

  it('writes the same block again from the outputs alone (the golden file is what the writer produces)', () => {
    const text = readFixture('with-outputs.md');
    const doc = parseRunbook(text);
    for (const cell of doc.cells) {
      const layout = asCodeLayout(cell.layout);
      if (layout) {
        delete layout.output;
      }
    }
    assert.equal(serializeRunbook(doc), text);
  });

  it('keeps a file with outputs byte for byte and reads them as outputs, never as cells', () => {
    const text = readFixture('with-outputs.md');
    const doc = parseRunbook(text);
    assert.equal(doc.cells.filter((c) => c.kind === 'code').length, 3);
    assert.ok(doc.cells.every((c) => !c.source.includes('runbook:output')));
    assert.equal(serializeRunbook(doc), text);
  });

  it('keeps the file\'s text in a layout only where re-emitting the cell would not give it back', () => {
    const regular = readFixture('with-outputs.md');
    const doc = parseRunbook(regular);
    for (const cell of doc.cells) {
      const layout = cell.layout as Record<string, unknown> & { output?: Record<string, unknown> };
      assert.equal(layout.raw ?? layout.body, undefined, 'no copy of the text of a regular cell');
      assert.equal(layout.output?.raw, undefined, 'no copy of a block the writer gives back');
    }
    // Irregular regions keep their text: mixed line breaks, a blank line indented otherwise than the list.
    const irregular = ['# T\r\nline\nmore\n\n```bash\necho a\necho b\r\n```\n', '1. step\n   ```bash\n   a\n  \n   b\n   ```\n'];
    for (const text of irregular) {
      const kept = parseRunbook(text).cells.filter((c) => (c.layout as { raw?: string; body?: string }).raw ?? (c.layout as { body?: string }).body);
      assert.ok(kept.length > 0, JSON.stringify(text));
      assert.equal(serializeRunbook(parseRunbook(text)), text);
    }
  });

  it('writes layouts with the whole text (as older versions kept them, e.g. in a VS Code backup) byte for byte', () => {
    const text = '# Title\n\nIntro\n\n```bash\necho hi\n```\n';
    const doc = parseRunbook(text);
    doc.cells[0].layout = { kind: 'markup', raw: '# Title\n\nIntro\n\n', source: '# Title\n\nIntro', trailing: '\n\n' };
    doc.cells[1].layout = { kind: 'code', open: '```bash\n', body: 'echo hi\n', close: '```\n', prefix: '', fence: '```', source: 'echo hi', language: 'bash', trailing: '' };
    assert.equal(serializeRunbook(doc), text);
    doc.cells[1].source = 'echo new';
    assert.equal(serializeRunbook(doc), text.replace('echo hi', 'echo new'));
  });
});
