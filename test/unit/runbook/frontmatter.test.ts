import assert from 'node:assert/strict';
import { parseFrontmatter, splitFrontmatter } from '../../../src/core/runbook/frontmatter';
import { toFenceLanguage, toLanguageId } from '../../../src/core/runbook/languages';

describe('frontmatter', () => {
  it('splits YAML closed by --- or ..., and TOML closed by +++, keeping the raw text', () => {
    assert.deepEqual(splitFrontmatter('---\na: 1\n---\nbody'), { kind: 'yaml', raw: '---\na: 1\n---\n', text: 'a: 1\n' });
    assert.deepEqual(splitFrontmatter('---  \r\na: 1\r\n...\r\n'), { kind: 'yaml', raw: '---  \r\na: 1\r\n...\r\n', text: 'a: 1\r\n' });
    assert.equal(splitFrontmatter('+++\na = 1\n+++')?.kind, 'toml');
    assert.equal(splitFrontmatter('+++\na = 1\n+++')?.raw, '+++\na = 1\n+++');
  });

  it('finds none when the opener is not on the first line or never closes', () => {
    assert.equal(splitFrontmatter('\n---\na: 1\n---\n'), undefined);
    assert.equal(splitFrontmatter('---\na: 1\n'), undefined);
    assert.equal(splitFrontmatter('----\na: 1\n----\n'), undefined);
    assert.equal(splitFrontmatter('---'), undefined);
  });

  it('stops looking for the closer at a fence in column 0, so a later output line `---` never closes it', () => {
    assert.equal(splitFrontmatter('---\nnot closed\n```\n---\n```\n'), undefined);
    assert.equal(splitFrontmatter('---\nnote: |\n  ```\n---\n')?.kind, 'yaml');
  });

  it('parses YAML into an object and reports broken YAML without throwing', () => {
    assert.deepEqual(parseFrontmatter(splitFrontmatter('---\nvariables:\n  A: b\n---\n')).data, { variables: { A: 'b' } });
    const broken = parseFrontmatter(splitFrontmatter('---\na: [\n---\n'));
    assert.deepEqual(broken.data, {});
    assert.ok(broken.error);
    assert.deepEqual(parseFrontmatter(splitFrontmatter('+++\na = 1\n+++\n')).data, {});
  });
});

describe('languages', () => {
  it('shows shell fences as shellscript and an empty fence as plaintext, and gives the original fence word back', () => {
    assert.equal(toLanguageId('bash'), 'shellscript');
    assert.equal(toLanguageId('sh'), 'shellscript');
    assert.equal(toLanguageId(''), 'plaintext');
    assert.equal(toLanguageId('json'), 'json');
    assert.equal(toFenceLanguage('shellscript', 'sh'), 'sh');
    assert.equal(toFenceLanguage('plaintext', ''), '');
    assert.equal(toFenceLanguage('json', 'bash'), 'json');
    assert.equal(toFenceLanguage('shellscript'), 'bash');
    assert.equal(toFenceLanguage('plaintext', 'bash'), '');
  });
});
