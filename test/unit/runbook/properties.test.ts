import assert from 'node:assert/strict';
import fc from 'fast-check';
import { longestBacktickRun, longestFenceRun } from '../../../src/core/runbook/fence';
import { parseRunbook } from '../../../src/core/runbook/parse';
import { serializeParts, serializeRunbook } from '../../../src/core/runbook/serialize';
import { documentText, markdownish, outputs } from './grammar';

/** FC_RUNS=20000 for a long soak; the default keeps `npm test` quick. */
const RUNS = Number(process.env.FC_RUNS) || 400;

function strip(doc: ReturnType<typeof parseRunbook>) {
  return doc.cells.map((c) => ({ kind: c.kind, language: c.language, source: c.source, outputs: c.outputs, execution: c.execution }));
}

describe('serializer properties (fast-check)', () => {
  it('serialize(parse(x)) === x for arbitrary strings (full Unicode, lone surrogates included)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (x) => serializeRunbook(parseRunbook(x)) === x), { numRuns: RUNS });
  });

  it('serialize(parse(x)) === x for strings over markdown punctuation', () => {
    fc.assert(fc.property(markdownish, (x) => serializeRunbook(parseRunbook(x)) === x), { numRuns: RUNS * 5 });
  });

  it('serialize(parse(x)) === x for grammar-generated runbooks, and parsing the result gives the same cells', () => {
    fc.assert(
      fc.property(documentText, (x) => {
        const doc = parseRunbook(x);
        assert.equal(serializeRunbook(doc), x);
        assert.deepEqual(strip(parseRunbook(serializeRunbook(doc))), strip(doc));
      }),
      { numRuns: RUNS },
    );
  });

  it('editing one cell changes no byte outside that cell, and an edited code cell reads back as edited', () => {
    const newSource = fc.string({ unit: fc.constantFrom('a', ' ', '\n', '`', '~', '#', '-', '>', '\t'), maxLength: 60 });
    fc.assert(
      fc.property(documentText, fc.nat(), newSource, (x, pick, source) => {
        const doc = parseRunbook(x);
        fc.pre(doc.cells.length > 0);
        const i = pick % doc.cells.length;
        const parts = serializeParts(doc);
        doc.cells[i].source = source;
        const out = serializeRunbook(doc);
        const before = parts.head + parts.cells.slice(0, i).join('');
        const after = parts.cells.slice(i + 1).join('');
        assert.ok(out.startsWith(before), 'bytes before the edited cell changed');
        assert.ok(out.endsWith(after), 'bytes after the edited cell changed');
        assert.ok(out.length >= before.length + after.length);
        // Edited code reads back as edited, unless the edit turned text around it into an output block (then the
        // cell count changes): only a well-formed block is ever read as outputs.
        const back = parseRunbook(out).cells;
        if (doc.cells[i].kind === 'code' && back.length === doc.cells.length) {
          assert.equal(back[i].kind, 'code');
          assert.equal(back[i].source, source);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('a cell moved or duplicated anywhere starts on a line of its own (no line merges into a neighbour)', () => {
    fc.assert(
      fc.property(documentText, fc.nat(), fc.nat(), fc.boolean(), (x, from, to, duplicate) => {
        const doc = parseRunbook(x);
        fc.pre(doc.cells.length > 0);
        const i = from % doc.cells.length;
        const cell = duplicate ? structuredClone(doc.cells[i]) : doc.cells.splice(i, 1)[0];
        doc.cells.splice(to % (doc.cells.length + 1), 0, cell);
        const parts = serializeParts(doc);
        const out = parts.head + parts.cells.join('');
        let at = parts.head.length;
        parts.cells.forEach((text, k) => {
          const start = at + parts.separators[k];
          assert.ok(start === 0 || /[\r\n]/.test(out[start - 1]) || out.slice(0, start) === '\uFEFF', `cell ${k} starts mid-line`);
          at += text.length;
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('outputs set on any code cell are written as an output block and read back as that cell\'s outputs', () => {
    fc.assert(
      fc.property(documentText, fc.nat(), outputs, (x, pick, outs) => {
        const doc = parseRunbook(x);
        const code = doc.cells.map((c, i) => (c.kind === 'code' ? i : -1)).filter((i) => i >= 0);
        fc.pre(code.length > 0);
        const i = code[pick % code.length];
        doc.cells[i].outputs = outs;
        doc.cells[i].execution = { startTime: '2026-11-29T03:12:45.120Z', durationMs: 7, success: true, ranBy: 'op' };
        const out = serializeRunbook(doc);
        const back = parseRunbook(out);
        // Cells before it are untouched; after it, a blank line ends the block, which can only split what a
        // directly following HTML block had swallowed.
        assert.deepEqual(strip(back).slice(0, i), strip(doc).slice(0, i));
        assert.ok(back.cells.length >= doc.cells.length);
        assert.deepEqual(back.cells[i].outputs, outs);
        assert.deepEqual(back.cells[i].execution, doc.cells[i].execution);
        assert.equal(back.cells[i].source, doc.cells[i].source);
        assert.equal(serializeRunbook(back), out);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('fence runs (fast-check against their definition as a regex)', () => {
  const text = fc.string({ unit: fc.constantFrom('`', '~', ' ', '\n', '\r', 'a'), maxLength: 80 });

  it('longestBacktickRun: the longest run of backticks anywhere', () => {
    fc.assert(fc.property(text, (t) => longestBacktickRun(t) === Math.max(0, ...(t.match(/`+/g) ?? []).map((r) => r.length))), { numRuns: RUNS * 5 });
  });

  it('longestFenceRun: the longest run of the character at a line start, after up to three spaces', () => {
    const byRegex = (t: string, char: string): number =>
      Math.max(0, ...t.split('\n').map((l) => /^ {0,3}([`~])\1*/.exec(l)).filter((m) => m?.[1] === char).map((m) => (m as RegExpExecArray)[0].trimStart().length));
    fc.assert(fc.property(text, fc.constantFrom('`' as const, '~' as const), (t, c) => longestFenceRun(t, c) === byRegex(t, c)), { numRuns: RUNS * 5 });
  });
});
