import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { taskItems, toggleTaskItem } from '../../../src/core/runbook/checklist';
import { taskListPlugin } from '../../../src/renderer/taskListPlugin';

const CELL = [
  '## Prerequisites',
  '',
  '- [ ] AWS CLI configured with appropriate credentials',
  '- [x] Access to both primary and DR regions',
  '* [ ] Route 53 **hosted zone** access',
  '',
  '1. [ ] ordered',
  '2. plain item',
  '',
  '```',
  '- [ ] inside a fence',
  '```',
].join('\n');

/** A markdown-it like VS Code's notebook renderer's (html on), extended the way the renderer extends it. */
function render(text: string, cellId = 'cell-7'): { html: string; seen: [string, string][] } {
  const seen: [string, string][] = [];
  const md = new MarkdownIt({ html: true });
  md.use(taskListPlugin, { onRender: (id: string, src: string) => seen.push([id, src]) });
  return { html: md.render(text, { outputItem: { id: cellId, text: () => text } }), seen };
}

function boxes(html: string): { line: number; checked: boolean; cell: string }[] {
  return [...html.matchAll(/<input type="checkbox" class="runbook-task" data-line="(\d+)" data-cell-id="([^"]*)"( checked)?>/g)].map((m) => ({
    line: Number(m[1]),
    cell: m[2],
    checked: m[3] !== undefined,
  }));
}

describe('renderer task-list plugin', () => {
  it('renders each task item as input.runbook-task[data-line] with the item\'s line in the cell', () => {
    const { html, seen } = render(CELL);
    assert.deepEqual(boxes(html), [
      { line: 2, checked: false, cell: 'cell-7' },
      { line: 3, checked: true, cell: 'cell-7' },
      { line: 4, checked: false, cell: 'cell-7' },
      { line: 6, checked: false, cell: 'cell-7' },
    ]);
    assert.deepEqual(seen, [['cell-7', CELL]]);
    assert.match(html, /<li class="runbook-task-item"><input [^>]*> AWS CLI configured with appropriate credentials<\/li>/);
    assert.match(html, /<input [^>]*> Route 53 <strong>hosted zone<\/strong> access/);
    assert.match(html, /<ul class="runbook-task-list">/);
    assert.match(html, /<li>plain item<\/li>/);
    assert.match(html, /<code>- \[ \] inside a fence\n<\/code>/);
    assert.doesNotMatch(html, /\[ \] AWS/);
  });

  it('the lines it reports are the lines toggleTaskItem accepts, and match the core\'s own reading', () => {
    const lines = boxes(render(CELL).html).map((b) => b.line);
    assert.deepEqual(lines, taskItems(CELL).map((i) => i.lineInCell).filter((l) => l < 9));
    for (const line of lines) {
      assert.doesNotThrow(() => toggleTaskItem(CELL, line));
    }
    const ticked = toggleTaskItem(CELL, 2).source;
    assert.equal(boxes(render(ticked).html)[0].checked, true);
  });

  it('agrees with the core on line numbers whatever the line endings (a lone CR breaks a line in both)', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = CELL.split('\n').join(eol);
      assert.deepEqual(boxes(render(text).html).map((b) => b.line), taskItems(text).map((i) => i.lineInCell).filter((l) => l < 9), JSON.stringify(eol));
    }
  });

  it('leaves text that only looks like a box alone, and escapes the cell id', () => {
    const { html } = render('- [ ]x glued\n- [link](http://x)\n- [ ]', 'a"b');
    assert.equal(boxes(html).length, 1);
    assert.match(html, /data-cell-id="a&quot;b"/);
    assert.match(html, /x glued/);
  });
});
