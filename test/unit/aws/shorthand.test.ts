import assert from 'node:assert/strict';
import fc from 'fast-check';
import { looksLikeShorthand, parseShorthand } from '../../../src/core/aws/shorthand';
import { RunbookError } from '../../../src/core/errors';

describe('aws shorthand syntax', () => {
  it('parses Key=Value pairs', () => {
    assert.deepEqual(parseShorthand('key=env,value=prod'), { key: 'env', value: 'prod' });
  });

  it('a trailing comma list belongs to the last key', () => {
    assert.deepEqual(parseShorthand('Name=engine,Values=mysql,postgres'), { Name: 'engine', Values: ['mysql', 'postgres'] });
  });

  it('explicit lists, nested structures and quotes', () => {
    assert.deepEqual(parseShorthand('TagSet=[{Key=a,Value=b},{Key=c,Value=d}]'), {
      TagSet: [{ Key: 'a', Value: 'b' }, { Key: 'c', Value: 'd' }],
    });
    assert.deepEqual(parseShorthand('A={B=1,C=[x,y]},D="q,r",E=\'s t\''), { A: { B: '1', C: ['x', 'y'] }, D: 'q,r', E: 's t' });
  });

  it('values may hold = : / and spaces', () => {
    assert.deepEqual(parseShorthand('Value=arn:aws:x/y=z,Name=a b'), { Value: 'arn:aws:x/y=z', Name: 'a b' });
  });

  it('bad input is a badValue error naming the column', () => {
    assert.throws(() => parseShorthand('=x'), (e: unknown) => RunbookError.is(e, 'badValue') && /column 1/.test(e.message));
    assert.throws(() => parseShorthand('A=[x,y'), (e: unknown) => RunbookError.is(e, 'badValue'));
    assert.throws(() => parseShorthand('A="x'), (e: unknown) => RunbookError.is(e, 'badValue'));
  });

  it('tells shorthand from plain values', () => {
    assert.equal(looksLikeShorthand('Status=Enabled'), true);
    assert.equal(looksLikeShorthand('prod-cluster'), false);
  });

  it('round-trips any flat map of simple keys and values', () => {
    const key = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,8}$/);
    const value = fc.stringMatching(/^[A-Za-z0-9:/._-]{1,12}$/);
    fc.assert(
      fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 }), (m) => {
        const text = Object.entries(m).map(([k, v]) => `${k}=${v}`).join(',');
        assert.deepEqual(parseShorthand(text), { ...m });
      }),
    );
  });
});
