import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { type BlockScan, scanBlocks } from '../../../src/core/runbook/blockScan';
import { LineIndex } from '../../../src/core/runbook/lines';
import { blockParser } from '../../../src/core/runbook/parse';
import { generateRunbook } from '../../../bench/parse';
import { documentText, markdownish } from './grammar';
import { commonmarkExamples, commonmarkSpecText, FIXTURES, markdownFiles, ROOT } from './helpers';

const RUNS = Number(process.env.FC_RUNS) || 400;

/** markdown-it's block pass over the whole text: the reference the cheaper scan must equal. */
function whole(text: string): BlockScan {
  const found: BlockScan = { fences: [], headings: [] };
  for (const t of blockParser().parse(text, {})) {
    if (t.type === 'fence' && t.map) {
      found.fences.push({ start: t.map[0], end: t.map[1], markup: t.markup });
    } else if (t.type === 'heading_open' && t.map) {
      found.headings.push(t.map[0]);
    }
  }
  return found;
}

/** A block pass that counts the characters it is given. */
function countingPass(): { seen: () => number; pass: (t: string) => ReturnType<ReturnType<typeof blockParser>['parse']> } {
  let count = 0;
  return {
    seen: () => count,
    pass: (t) => {
      count += t.length;
      return blockParser().parse(t, {});
    },
  };
}

function same(text: string, label = ''): void {
  assert.deepEqual(scanBlocks(new LineIndex(text), (t) => blockParser().parse(t, {})), whole(text), label || JSON.stringify(text).slice(0, 300));
}

describe('block scan: only the stretches that can hold a fence or heading go through markdown-it', () => {
  it('finds the same fences and headings as one pass over the whole text: spec, fixtures, docs, node_modules', () => {
    same(commonmarkSpecText(), 'the CommonMark spec');
    const files = [...markdownFiles(join(ROOT, 'runbooks')), ...markdownFiles(FIXTURES), ...markdownFiles(join(ROOT, 'docs')), ...markdownFiles(join(ROOT, 'node_modules'))];
    for (const f of files) {
      same(readFileSync(f, 'utf8'), f);
    }
  });

  it('the same on every CommonMark example, alone and all run together (each after the previous)', () => {
    const examples = commonmarkExamples();
    for (const ex of examples) {
      same(ex.markdown, `example ${ex.number}`);
    }
    for (const sep of ['', '\n', 'text\n', '\n\n']) {
      same(examples.map((e) => e.markdown).join(sep), `all examples joined by ${JSON.stringify(sep)}`);
    }
  });

  it('the same on cases found and reasoned out: lower-case <!x declarations, Unicode blanks after a fence', () => {
    same('<!a\n\n---\ntitle: T\nvariables:\n  A: b\n---');
    same('```\ncode\n```\u00a0\n\nx\n```\n\n# h\n');
    same('```\n\n```\t \n\n# h\n');
  });

  it('the same on generated markdown (fast-check)', () => {
    fc.assert(fc.property(markdownish, (x) => same(x)), { numRuns: RUNS * 5 });
    fc.assert(fc.property(fc.array(fc.oneof(markdownish, documentText), { maxLength: 6 }), (parts) => same(parts.join('\n\n'))), { numRuns: RUNS });
  });

  it('skips plain stretches: a 1 MB generated runbook gives markdown-it well under all of its text', () => {
    const big = generateRunbook(1024 * 1024);
    const counter = countingPass();
    const found = scanBlocks(new LineIndex(big), counter.pass);
    assert.deepEqual(found, whole(big));
    // The lists, tables and checklists between the steps are skipped; the steps themselves (fences) are not.
    assert.ok(counter.seen() < big.length * 0.8, `markdown-it saw ${counter.seen()} of ${big.length} characters`);
  });
});
