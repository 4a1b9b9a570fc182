import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asCodeLayout, asDocLayout } from '../../../src/core/runbook/layout';
import { codeCellInfo } from '../../../src/core/runbook/fence';
import { parseRunbook } from '../../../src/core/runbook/parse';
import { readFixture, ROOT } from './helpers';

function shape(text: string): string[] {
  return parseRunbook(text).cells.map((c) => (c.kind === 'code' ? `code:${c.language}` : 'md'));
}

describe('parseRunbook', () => {
  it('gives the seed one markdown cell per heading and one code cell per fence, in order', () => {
    const doc = parseRunbook(readFileSync(join(ROOT, 'runbooks', 'dr-runbook.md'), 'utf8'));
    const headings = doc.cells.filter((c) => c.kind === 'markup' && /^#{1,6} /.test(c.source));
    assert.equal(headings.length, 15);
    assert.deepEqual(
      doc.cells.filter((c) => c.kind === 'code').map((c) => c.source.split('\n').pop()),
      [
        'aws elbv2 describe-target-health --target-group-arn <TG_ARN> --region af-south-1',
        'aws dynamodb describe-table --table-name bbws-tenants --region eu-west-1',
        'aws s3api get-bucket-replication --bucket bbws-assets --region af-south-1',
        '  --change-batch file://failover-dns.json',
        'dig wp.kimmyai.io',
      ],
    );
    assert.equal(doc.cells[0].source, '# Disaster Recovery Runbook');
  });

  it('starts a new markdown cell at every heading, ATX and setext, and hides trailing blank lines', () => {
    const doc = parseRunbook('# A\n\ntext\n\n\n## B\nmore\n\nSetext\n---\n\n');
    assert.deepEqual(
      doc.cells.map((c) => c.source),
      ['# A\n\ntext', '## B\nmore', 'Setext\n---'],
    );
  });

  it('shows a fence nested in a list item without the list indentation', () => {
    const doc = parseRunbook('1. **Verify**\n   ```bash\n   aws ecs list-clusters\n\n     --flag\n   ```\n2. Next\n');
    assert.deepEqual(shape('1. **Verify**\n   ```bash\n   x\n   ```\n2. Next\n'), ['md', 'code:bash', 'md']);
    assert.equal(doc.cells[1].source, 'aws ecs list-clusters\n\n  --flag');
    assert.equal(asCodeLayout(doc.cells[1].layout)?.prefix, '   ');
  });

  it('reads tilde fences, longer fences, fences inside blockquotes and fences on a list marker line', () => {
    const doc = parseRunbook(readFixture('fences.md'));
    const code = doc.cells.filter((c) => c.kind === 'code');
    assert.deepEqual(code.map((c) => c.language), ['bash', 'markdown', 'sh', 'json', '', 'bash', 'bash', 'bash']);
    assert.equal(code[1].source, '```bash\necho inner fence\n```');
    const nested = parseRunbook(readFixture('nested-lists.md')).cells.filter((c) => c.kind === 'code');
    assert.deepEqual(nested.map((c) => c.source), [
      'echo one\n  indented more\n\necho after blank',
      'dig example.com',
      'console.log("fence on the marker line");',
      'print("in a blockquote")',
      'echo tab',
    ]);
  });

  it('reads Runme-style and JSON attributes from the info string', () => {
    const code = parseRunbook(readFixture('fences.md')).cells.filter((c) => c.kind === 'code');
    assert.deepEqual(codeCellInfo(code[2])?.attributes, { name: 'list-buckets' });
    assert.deepEqual(codeCellInfo(code[3])?.attributes, { name: 'payload', interactive: false });
    assert.equal(codeCellInfo(code[3])?.info, 'json {"name":"payload","interactive":false}');
  });

  it('keeps indented code, HTML blocks and comments as markdown', () => {
    const doc = parseRunbook('<div>\n```bash\nnot a fence\n```\n</div>\n\n    indented\n    code\n\n<!-- c\n``` -->\n');
    assert.ok(doc.cells.every((c) => c.kind === 'markup'));
  });

  it('treats an unterminated fence as code to the end of its container', () => {
    const doc = parseRunbook(readFixture('unterminated.md'));
    const code = doc.cells.filter((c) => c.kind === 'code');
    assert.equal(code.length, 1);
    assert.equal(code[0].source, 'echo this fence never closes\n\n## not a heading, still code');
    assert.equal(asCodeLayout(code[0].layout)?.close, '');
  });

  it('keeps YAML and TOML frontmatter out of the cells, verbatim in the layout', () => {
    const yaml = parseRunbook(readFixture('frontmatter-yaml.md'));
    assert.equal(yaml.cells[0].source, '# Frontmatter runbook');
    assert.equal(asDocLayout(yaml.layout)?.frontmatter?.kind, 'yaml');
    const toml = parseRunbook(readFixture('frontmatter-toml.md'));
    assert.equal(asDocLayout(toml.layout)?.frontmatter?.kind, 'toml');
    assert.match(asDocLayout(toml.layout)?.frontmatter?.text ?? '', /CLUSTER = "prod"/);
    assert.equal(parseRunbook('---\nnot closed\n').cells.length, 1);
  });

  it('shows CRLF documents with \\n in the cells and remembers CRLF and the BOM', () => {
    const crlf = parseRunbook(readFixture('crlf.md'));
    assert.ok(crlf.cells.every((c) => !c.source.includes('\r')));
    assert.equal(asDocLayout(crlf.layout)?.eol, '\r\n');
    const bom = parseRunbook(readFixture('bom.md'));
    assert.equal(bom.cells[0].source, '# BOM runbook');
    assert.equal(asDocLayout(bom.layout)?.bom, true);
  });

  it('parses the empty string, blank-only text and text without a line break', () => {
    assert.deepEqual(parseRunbook('').cells, []);
    assert.deepEqual(parseRunbook('\n \n\t\n').cells, []);
    assert.deepEqual(shape('```'), ['code:']);
    assert.equal(parseRunbook('just text').cells[0].source, 'just text');
  });
});
