import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { type BlockScan, scanBlocks } from '../../../src/core/runbook/blockScan';
import { LineIndex } from '../../../src/core/runbook/lines';
import { MIME } from '../../../src/core/runbook/model';
import { writeOutputBlock } from '../../../src/core/runbook/outputBlock';
import { blockParser, parseRunbook } from '../../../src/core/runbook/parse';
import { generateRunbook } from '../../../bench/parse';
import { documentText, markdownish, outputs } from './grammar';
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
    // A NUL is a character, not a blank: the line under it still underlines it.
    same('\u0000\n=');
  });

  it('reads a lone top-level ATX heading itself, and leaves every near miss to markdown-it', () => {
    const cases = [
      '# A\n\n## B\n\n```\ncode\n```\n\n###### six\n\n####### seven\n\n#no space\n\n#\ttab\n\n#\n',
      '# h\n===\n\n# h\n---\n\n# h\n    indented\n\n# h\n| a |\n|---|\n\n# h\n  - item\n',
      '- item\n\n# after a list\n\n> quote\n\n# after a quote\n\n<div>\n\n# in HTML\n</div>\n\n# after\n',
      '```\n\n# in a fence\n\n```\n\n# h \\#\n\n# h #\n\r\n# crlf\r\n\r\n',
    ];
    for (const text of cases) {
      same(text);
    }
    // Headings alone between code cells: markdown-it is given the code, not the headings.
    const text = Array.from({ length: 50 }, (_, i) => `## Step ${i}\n\nSome words.\n\n\`\`\`bash\necho ${i}\n\`\`\`\n`).join('\n');
    const counter = countingPass();
    assert.deepEqual(scanBlocks(new LineIndex(text), counter.pass), whole(text));
    assert.ok(counter.seen() < text.length * 0.5, `markdown-it saw ${counter.seen()} of ${text.length} characters`);
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

/** The default parse (output blocks kept from markdown-it) gives the cells of one whole pass. */
function sameCells(text: string, label = ''): void {
  assert.deepEqual(parseRunbook(text), parseRunbook(text, { wholePass: true }), label || JSON.stringify(text).slice(0, 300));
}

const BLOCK = writeOutputBlock([{ items: [{ mime: MIME.stdout, data: '# not a heading\n```\nnot a fence\n' }] }], undefined, '', '\n');
const nested = (prefix: string): string => BLOCK.replace(/^(?=.)/gm, prefix).replace(/^$/gm, prefix.trimEnd());
const FENCE = '```bash\necho\n```\n';

describe('block scan: output blocks the parser consumes are kept from markdown-it', () => {
  it('gives the cells of one whole pass where a block is right, and where it only looks right', () => {
    const cases: [string, string][] = [
      ['after a top-level fence', `# A\n\n${FENCE}\n${BLOCK}\n## B\n`],
      ['in a list item', `1. Step\n   \`\`\`bash\n   echo\n   \`\`\`\n\n${nested('   ')}\n2. Next\n`],
      ['in a quote', `> \`\`\`bash\n> echo\n> \`\`\`\n>\n${nested('> ')}\nafter\n`],
      ['followed by more of the same list item', `1. Step\n   \`\`\`bash\n   echo\n   \`\`\`\n\n${nested('   ')}\n   # still the item\n`],
      ['followed by a heading with no blank line', `${FENCE}\n${BLOCK}# swallowed by the HTML block\n`],
      ['with no fence before it', `Some text.\n\n${BLOCK}\n# H\n`],
      ['after a paragraph after the fence', `${FENCE}text\n\n${BLOCK}`],
      ['inside a fence', `\`\`\`\`\`markdown\n${FENCE}\n${BLOCK}\`\`\`\`\`\n\n# H\n`],
      ['two blocks after one fence', `${FENCE}\n${BLOCK}\n${BLOCK}\n# H\n`],
      ['with another prefix than its fence', `1. Step\n   \`\`\`bash\n   echo\n   \`\`\`\n\n${nested('    ')}\n# H\n`],
      ['after an unclosed fence', `\`\`\`bash\necho\n\n${BLOCK}`],
      // The scan's piece ends the fence early; one whole pass runs it to the end of the item, over the block.
      ['after a fence in a list item that never closes', `- \`\`\`\n\n${nested('  ')}`],
      ['at the end, no final line break', `${FENCE}\n${BLOCK.trimEnd()}`],
      ['with CRLF line breaks', `${FENCE}\n${BLOCK}\n# H\n`.replace(/\n/g, '\r\n')],
    ];
    for (const [label, text] of cases) {
      sameCells(text, label);
      const cells = parseRunbook(text).cells;
      assert.ok(!cells.some((c) => c.kind === 'code' && c.source === 'not a fence'), `${label}: a fence inside output data became a cell`);
    }
  });

  it('the same on generated documents, and with blocks dropped anywhere (fast-check)', () => {
    fc.assert(fc.property(documentText, (x) => sameCells(x)), { numRuns: RUNS });
    const stray = fc.tuple(outputs, fc.constantFrom('', '   ', '> ', '  ', '    ', '\t', ' > ')).map(([o, prefix]) =>
      writeOutputBlock(o.length ? o : [{ items: [{ mime: MIME.stdout, data: 'x\n' }] }], undefined, prefix, '\n'),
    );
    const parts = fc.array(fc.oneof(documentText, markdownish, stray, fc.constant(FENCE)), { maxLength: 6 });
    fc.assert(fc.property(parts, fc.constantFrom('', '\n', '\n\n'), (p, sep) => sameCells(p.join(sep))), { numRuns: RUNS });
  });

  it('the same on every runbook, fixture and doc in the repository, and on a 1 MB runbook', () => {
    for (const f of [...markdownFiles(join(ROOT, 'runbooks')), ...markdownFiles(FIXTURES), ...markdownFiles(join(ROOT, 'docs'))]) {
      sameCells(readFileSync(f, 'utf8'), f);
    }
    sameCells(generateRunbook(1024 * 1024), 'generated 1 MB runbook');
  });

  it('markdown-it reads under half of a 1 MB runbook with outputs', () => {
    const big = generateRunbook(1024 * 1024);
    const before = countingPass();
    scanBlocks(new LineIndex(big), before.pass);
    const after = countingPass();
    parseRunbook(big, { blockPass: after.pass });
    assert.ok(after.seen() < before.seen() * 0.7 && after.seen() < big.length * 0.5, `markdown-it saw ${after.seen()} (without skipping blocks ${before.seen()}) of ${big.length} characters`);
  });
});
