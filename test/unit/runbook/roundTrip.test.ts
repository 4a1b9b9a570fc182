import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { commonmarkExamples, commonmarkSpecText, FIXTURES, markdownFiles, ROOT, roundTrip } from './helpers';

/** Byte-for-byte round trips of real files: the runbooks, the golden fixtures and the CommonMark spec. */
describe('serialize(parse(x)) === x on real documents', () => {
  const files = [...markdownFiles(join(ROOT, 'runbooks')), ...markdownFiles(FIXTURES), ...markdownFiles(join(ROOT, 'docs'))];

  it('covers the seed runbook and every golden fixture', () => {
    assert.ok(files.some((f) => basename(f) === 'dr-runbook.md'));
    assert.ok(markdownFiles(FIXTURES).length >= 12);
  });

  for (const file of files) {
    it(`round-trips ${file.slice(ROOT.length + 1)}`, () => {
      const text = readFileSync(file, 'utf8');
      assert.equal(roundTrip(text), text);
    });
  }

  it('round-trips every CommonMark spec example as LF, CRLF, CR, without final newline and with a BOM', () => {
    const examples = commonmarkExamples();
    assert.ok(examples.length >= 600);
    const variants: [string, (s: string) => string][] = [
      ['lf', (s) => s],
      ['crlf', (s) => s.replace(/\n/g, '\r\n')],
      ['cr', (s) => s.replace(/\n/g, '\r')],
      ['no final newline', (s) => s.replace(/\n$/, '')],
      ['bom', (s) => '\uFEFF' + s],
    ];
    for (const ex of examples) {
      for (const [name, vary] of variants) {
        const text = vary(ex.markdown);
        assert.equal(roundTrip(text), text, `example ${ex.number} (${ex.section}), ${name}`);
      }
    }
  });

  it('round-trips the whole CommonMark spec text', () => {
    const text = commonmarkSpecText();
    assert.equal(roundTrip(text), text);
  });

  it('round-trips the markdown files shipped in node_modules (READMEs, changelogs)', function () {
    this.timeout(60000);
    const mds = markdownFiles(join(ROOT, 'node_modules'));
    assert.ok(mds.length >= 100);
    for (const f of mds) {
      const text = readFileSync(f, 'utf8');
      assert.equal(roundTrip(text), text, f);
    }
  });
});
