import * as assert from 'node:assert/strict';
import { parse } from 'shell-quote';
import { findReferences, placeholderKind, quoteFor, regionAt, substitute } from '../../../src/core/kernel/placeholders';

describe('kernel placeholders', () => {
  it('finds <NAME>, ${NAME} and $NAME with their quoting', () => {
    const refs = findReferences(`aws x --arn <TG_ARN> "\${A}" '$B' $C '<D>'`);
    assert.deepEqual(
      refs.map((r) => [r.name, r.form, r.quoting]),
      [['TG_ARN', 'angle', 'none'], ['A', 'brace', 'double'], ['C', 'dollar', 'none'], ['D', 'angle', 'single']],
    );
  });

  it('ignores comments and escaped dollars', () => {
    assert.deepEqual(findReferences('# uses <TG_ARN>\necho \\$HOME # ${X}\n').map((r) => r.name), []);
  });

  it('substitutes values quoted for where they sit, keeping one word each', () => {
    const text = `echo <V> "<V>" '<V>'`;
    const values = new Map([['V', `a b'c"$d`]]);
    const out = substitute(text, findReferences(text), values);
    assert.deepEqual(parse(out, {}), ['echo', `a b'c"$d`, `a b'c"$d`, `a b'c"$d`]);
  });

  it('leaves references without a value as they are', () => {
    const text = 'echo <A> ${B}';
    assert.equal(substitute(text, findReferences(text), new Map([['A', 'x']])), 'echo x ${B}');
  });

  it('quotes an empty value as an empty word', () => {
    assert.equal(quoteFor('', 'none'), "''");
  });

  it('knows target-group ARNs and hosted-zone ids', () => {
    assert.equal(placeholderKind('TG_ARN'), 'targetGroupArn');
    assert.equal(placeholderKind('PRIMARY_TG_ARN'), 'targetGroupArn');
    assert.equal(placeholderKind('ZONE_ID'), 'hostedZoneId');
    assert.equal(placeholderKind('HOSTED_ZONE_ID'), 'hostedZoneId');
    assert.equal(placeholderKind('BUCKET'), undefined);
  });

  it('reads the --region of the command a placeholder sits in, across continuations', () => {
    const text = 'aws ecs describe-clusters --region eu-west-1\naws elbv2 describe-target-health \\\n  --target-group-arn <TG_ARN> \\\n  --region af-south-1\n';
    assert.equal(regionAt(text, text.indexOf('<TG_ARN>')), 'af-south-1');
    assert.equal(regionAt(text, 3), 'eu-west-1');
    assert.equal(regionAt('aws route53 list-hosted-zones', 5), undefined);
  });
});
