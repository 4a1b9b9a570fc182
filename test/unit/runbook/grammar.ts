/**
 * fast-check arbitraries for markdown documents built from the constructs a runbook uses (and abuses):
 * headings, paragraphs, lists with nested fences, task items, fences of every shape, HTML, indented code,
 * blockquotes, tables, frontmatter, output blocks; then CRLF/CR, a BOM, no final newline.
 */
import fc from 'fast-check';
import { type CellOutput, MIME } from '../../../src/core/runbook/model';
import { writeOutputBlock } from '../../../src/core/runbook/outputBlock';

/** Characters that matter to markdown, and a few that matter to us. */
export const MARKDOWN_CHARS = ['`', '~', '#', '-', '*', '>', ' ', ' ', '\t', '\n', '\n', '\r', '[', ']', 'x', '1', '.', '{', '}', '<', '!', '|', '=', 'a', 'é', '\u0000'];

export const markdownish = fc.string({ unit: fc.constantFrom(...MARKDOWN_CHARS), maxLength: 200 });

const word = fc.constantFrom('aws', 'echo', 'check', 'DNS', 'failover', 'region', '**bold**', '`code`', 'a-b', '->', '```', '~~~', '-->', '</details>');
const words = fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => w.join(' '));
const lines = (min = 0, max = 4) => fc.array(words, { minLength: min, maxLength: max });

const heading = fc.tuple(fc.integer({ min: 1, max: 6 }), words, fc.constantFrom('', ' (15 minutes)', ' (2 h)')).map(([n, w, b]) => `${'#'.repeat(n)} ${w}${b}`);
const setext = fc.tuple(words, fc.constantFrom('===', '---')).map(([w, u]) => `${w}\n${u}`);
const paragraph = lines(1, 3).map((l) => l.join('\n'));

const info = fc.constantFrom('', 'bash', 'sh {name=check}', 'json {"name":"x","n":1}', 'bash   ', ' python', '{name=x}', 'aws');
const fenceChar = fc.constantFrom('`', '~');

/** A fence (maybe unterminated) with `indent` before every line and `marker` before the first. */
export function fence(indent = '', marker = ''): fc.Arbitrary<string> {
  return fc.tuple(fenceChar, fc.integer({ min: 3, max: 5 }), info, lines(0, 4), fc.boolean(), fc.constantFrom('', '  ')).map(([c, n, i, body, closed, closeTail]) => {
    const f = c.repeat(n);
    const safeInfo = c === '`' ? i.replace(/`/g, '') : i;
    const bodyLines = body.map((l) => (l.trim().startsWith(c.repeat(3)) ? `x ${l}` : l));
    const all = [`${marker || indent}${f}${safeInfo}`, ...bodyLines.map((l) => (l === '' ? '' : indent + l))];
    if (closed) {
      all.push(`${indent}${f}${closeTail}`);
    }
    return all.join('\n');
  });
}

const outputData = fc.string({ unit: fc.constantFrom('`', '-', '>', '<', '/', 'd', '\n', '\r', ' ', 'x', '!'), maxLength: 40 });
export const outputs: fc.Arbitrary<CellOutput[]> = fc.array(
  fc.record({ items: fc.array(fc.record({ mime: fc.constantFrom(MIME.stdout, MIME.stderr, MIME.json, MIME.text, MIME.error), data: outputData }), { minLength: 1, maxLength: 2 }) }),
  { maxLength: 2 },
).map((o) => JSON.parse(JSON.stringify(o)) as CellOutput[]);
const execution = fc.option(
  fc.record({
    startTime: fc.constant('2026-11-29T03:12:45.120Z'),
    durationMs: fc.nat(100000),
    success: fc.boolean(),
    exitCode: fc.nat(255),
    ranBy: fc.constantFrom('alice', 'bob --> <x>', 'ö'),
  }),
  { nil: undefined },
);

const fenceWithOutput = fc.tuple(outputs, execution, fc.constantFrom('', '\n')).map(([o, e, gap]) => ({ o, e, gap }));

const withOutput = (indent: string, marker = '') =>
  fc.tuple(fence(indent, marker), fc.option(fenceWithOutput, { nil: undefined })).map(([f, out]) => {
    if (!out || (out.o.length === 0 && !out.e)) {
      return f;
    }
    return `${f}\n${out.gap}\n${writeOutputBlock(out.o, out.e, indent, '\n').replace(/\n$/, '')}`;
  });

const listItem = fc.tuple(fc.constantFrom('- ', '* ', '1. ', '10) '), fc.constantFrom('', '[ ] ', '[x] '), words, fc.boolean()).chain(([m, box, w, nested]) => {
  const indent = ' '.repeat(m.length);
  const head = `${m}${box}${w}`;
  return nested ? withOutput(indent).map((f) => `${head}\n${f}`) : fc.constant(head);
});
const list = fc.array(listItem, { minLength: 1, maxLength: 4 }).map((items) => items.join('\n'));
const html = fc.constantFrom('<div>\n```bash\nnot a fence\n```\n</div>', '<!-- comment\n--> tail', '<details>\n<summary>s</summary>\n\nbody\n\n</details>');
const indented = lines(1, 3).map((l) => l.map((x) => `    ${x}`).join('\n'));
const quote = fence('> ', '> ');
const table = fc.constant('| Scenario | Action |\n|---|---|\n| RDS failure | Wait |');
const markerFence = withOutput('  ', '- ');

export const block = fc.oneof(heading, setext, paragraph, list, withOutput(''), html, indented, quote, table, markerFence, markdownish);
const blankRun = fc.constantFrom('\n', '\n\n', '\n\n\n', '\n  \n');

const frontmatter = fc.constantFrom('', '---\ntitle: T\nvariables:\n  A: b\n---\n', '+++\ntitle = "T"\n+++\n', '---\nbroken: [\n---\n', '---\nnot closed\n');

/** A whole document, with its line endings, BOM and final newline chosen at random. */
export const documentText = fc
  .tuple(frontmatter, fc.array(fc.tuple(block, blankRun), { maxLength: 10 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean(), fc.boolean())
  .map(([fm, blocks, eol, bom, finalNewline]) => {
    let text = fm + blocks.map(([b, gap]) => b + gap).join('');
    if (!finalNewline) {
      text = text.replace(/\n+$/, '');
    }
    text = eol === '\n' ? text : text.replace(/\n/g, eol);
    return (bom ? '\uFEFF' : '') + text;
  });
