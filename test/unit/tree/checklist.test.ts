import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { RunbookError } from '../../../src/core/errors';
import { markupCellBySource, parseTaskItemLine, readTaskItem, taskItems, toggleTaskItem } from '../../../src/core/runbook/checklist';

const PREREQS = [
  '## Prerequisites',
  '',
  '- [ ] AWS CLI configured with appropriate credentials',
  '- [ ] Access to both primary and DR regions',
  '- [x] Route 53 hosted zone access',
  '- [ ] On-call team notified',
].join('\n');

describe('checklist toggling', () => {
  it('ticks one box and leaves every other byte alone', () => {
    const r = toggleTaskItem(PREREQS, 3);
    assert.equal(r.checked, true);
    assert.equal(r.changed, true);
    assert.equal(r.text, 'Access to both primary and DR regions');
    assert.equal(r.source, PREREQS.replace('- [ ] Access', '- [x] Access'));
  });

  it('unticks [x] and [X]', () => {
    assert.equal(toggleTaskItem('- [x] a', 0).source, '- [ ] a');
    assert.equal(toggleTaskItem('- [X] a', 0).source, '- [ ] a');
  });

  it('sets an explicit state and reports no change when it is already so', () => {
    const r = toggleTaskItem(PREREQS, 4, true);
    assert.equal(r.changed, false);
    assert.equal(r.source, PREREQS);
    assert.equal(toggleTaskItem(PREREQS, 4, false).source, PREREQS.replace('- [x] Route', '- [ ] Route'));
  });

  it('handles * and + bullets, ordered lists, indentation, block quotes and CRLF', () => {
    assert.equal(toggleTaskItem('* [ ] a', 0).source, '* [x] a');
    assert.equal(toggleTaskItem('+ [ ] a', 0).source, '+ [x] a');
    assert.equal(toggleTaskItem('12. [ ] a', 0).source, '12. [x] a');
    assert.equal(toggleTaskItem('3) [ ] a', 0).source, '3) [x] a');
    assert.equal(toggleTaskItem('x\r\n    - [ ] nested\r\ny', 1).source, 'x\r\n    - [x] nested\r\ny');
    assert.equal(toggleTaskItem('> - [ ] quoted', 0).source, '> - [x] quoted');
    assert.equal(toggleTaskItem('- [ ]', 0).source, '- [x]');
    assert.equal(toggleTaskItem('- [ ]\r', 0).source, '- [x]\r');
  });

  it('counts a lone CR as a line break, as markdown-it and VS Code do, so it ticks the item the outline named', () => {
    const source = '- [ ] a\r- [ ] b\n- [ ] c\r\n- [ ] d';
    assert.deepEqual(taskItems(source).map((i) => [i.lineInCell, i.text]), [[0, 'a'], [1, 'b'], [2, 'c'], [3, 'd']]);
    assert.equal(toggleTaskItem(source, 1).source, '- [ ] a\r- [x] b\n- [ ] c\r\n- [ ] d');
    assert.equal(toggleTaskItem(source, 3).source, '- [ ] a\r- [ ] b\n- [ ] c\r\n- [x] d');
  });

  it('refuses lines that are not task items, with a typed reason', () => {
    for (const line of ['plain text', '- not a task', '-[ ] no space', '- [ ]x glued', '- [y] other', '  [ ] no bullet', '## [ ] heading']) {
      assert.throws(() => toggleTaskItem(line, 0), (e) => RunbookError.is(e, 'notTaskItem'), line);
    }
    assert.throws(() => toggleTaskItem(PREREQS, 0), (e) => RunbookError.is(e, 'notTaskItem'));
    assert.throws(() => toggleTaskItem(PREREQS, 99), (e) => RunbookError.is(e, 'lineOutOfRange'));
    assert.throws(() => toggleTaskItem(PREREQS, -1), (e) => RunbookError.is(e, 'lineOutOfRange'));
  });

  it('lists the items of a cell with their lines', () => {
    assert.deepEqual(
      taskItems(PREREQS).map((i) => [i.lineInCell, i.checked, i.text]),
      [
        [2, false, 'AWS CLI configured with appropriate credentials'],
        [3, false, 'Access to both primary and DR regions'],
        [4, true, 'Route 53 hosted zone access'],
        [5, false, 'On-call team notified'],
      ],
    );
    assert.equal(readTaskItem(PREREQS, 4).checked, true);
    assert.deepEqual(parseTaskItemLine('  1. [X] Done  '), { checked: true, text: 'Done', boxOffset: 6 });
  });

  const bullet = fc.constantFrom('-', '*', '+', '1.', '10)', '> -');
  const indent = fc.constantFrom('', '  ', '    ', '\t');
  const text = fc.string({ maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, ' '));
  const other = fc.string({ maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, ''));

  it('property: only the chosen line\'s box changes, and toggling twice restores the source', () => {
    fc.assert(
      fc.property(fc.array(other, { maxLength: 6 }), fc.array(other, { maxLength: 6 }), indent, bullet, fc.boolean(), text, fc.constantFrom('\n', '\r\n', '\r'),
        (before, after, ind, b, checked, t, eol) => {
          const item = `${ind}${b} [${checked ? 'x' : ' '}] ${t}`;
          const lines = [...before, item, ...after];
          const source = lines.join(eol);
          const at = before.length;
          const r = toggleTaskItem(source, at);
          assert.equal(r.checked, !checked);
          assert.equal(r.source.length, source.length);
          const diff = [...source].flatMap((c, i) => (c === r.source[i] ? [] : [i]));
          assert.equal(diff.length, 1);
          const changedLine = r.source.slice(0, diff[0]).split(/\r\n|\r|\n/).length - 1;
          assert.equal(changedLine, at);
          assert.equal(toggleTaskItem(r.source, at).source, source);
        }),
      { numRuns: 300 },
    );
  });
});

describe('which markup cell a rendered box belongs to', () => {
  const verify = '#### Verify\n\n- [ ] Site answers';
  const cells = [
    { kind: 'markup', text: PREREQS },
    { kind: 'code', text: PREREQS },
    { kind: 'markup', text: verify },
    { kind: 'markup', text: '## Failback' },
    { kind: 'markup', text: verify },
  ];

  it('the markup cell with that text (never a code cell), also when only the line endings differ', () => {
    assert.equal(markupCellBySource(cells, PREREQS), 0);
    assert.equal(markupCellBySource([cells[1], cells[0]], PREREQS), 1);
    assert.equal(markupCellBySource(cells, PREREQS.replace(/\n/g, '\r\n')), 0);
    assert.equal(markupCellBySource(cells, 'edited meanwhile'), undefined);
  });

  it('the same text in several cells: the selected one, else none rather than the wrong one', () => {
    assert.equal(markupCellBySource(cells, verify, [4]), 4);
    assert.equal(markupCellBySource(cells, verify, [2]), 2);
    assert.equal(markupCellBySource(cells, verify, [0, 1]), undefined);
    assert.equal(markupCellBySource(cells, verify), undefined);
  });
});
