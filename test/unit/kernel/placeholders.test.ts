import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { parse } from 'shell-quote';
import { findReferences, placeholderKind, quoteFor, regionAt, substitute } from '../../../src/core/kernel/placeholders';
import { parseShellCommands } from '../../../src/core/shell/parse';

/** Every reference in `text` replaced by its value in `values`, quoted for where it sits. */
function fill(text: string, values: Record<string, string>): string {
  return substitute(text, findReferences(text), new Map(Object.entries(values)));
}

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

  it('finds <UPPER_SNAKE>, $VAR and ${VAR} in order, skipping comments, escapes, single-quoted $ and <lower>', () => {
    const text = '# uses <NOT_THIS>\naws x --a <TG_ARN> --b $REGION --c ${ZONE_ID} --d <TG_ARN> \\$ESCAPED \'$SINGLE\' "<IN_QUOTES>" <lower>';
    assert.deepEqual([...new Set(findReferences(text).map((r) => r.name))], ['TG_ARN', 'REGION', 'ZONE_ID', 'IN_QUOTES']);
  });

  it('a lower-case <name> is a placeholder once declared', () => {
    assert.deepEqual(findReferences('echo <bucket>', new Set(['bucket'])).map((r) => r.name), ['bucket']);
  });

  it('substitutes known values and leaves unknown ones as written', () => {
    assert.equal(fill('a <A> $B ${C} <D>', { A: '1', B: '2', C: '3' }), 'a 1 2 3 <D>');
  });

  it('quotes substituted values for where they stand, as bash reads them', () => {
    const v = { V: `it's "$x" \`y\`` };
    const out = fill(`echo <V> '<V>' "<V>" "$V"`, v);
    assert.deepEqual(parseShellCommands(out)[0].argv, ['echo', v.V, v.V, v.V, v.V]);
    const bash = execFileSync('bash', ['-c', `printf '%s\\n' ${out.slice('echo '.length)}`], { encoding: 'utf8' });
    assert.deepEqual(bash.trimEnd().split('\n'), [v.V, v.V, v.V, v.V]);
  });

  it('a substituted value is one simple word whatever it holds (property, checked against the shell parser)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !s.includes('\0')), fc.constantFrom('<V>', "'<V>'", '"<V>"', '"${V}"'), (value, form) => {
        const cmds = parseShellCommands(fill(`aws x --v ${form}`, { V: value }));
        assert.equal(cmds.length, 1);
        assert.deepEqual(cmds[0].argv, ['aws', 'x', '--v', value]);
        assert.equal(cmds[0].simple, true);
      }),
      { numRuns: 300 },
    );
  });

  it('a substituted value reaches bash as the same single word (property, checked against real bash)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !s.includes('\0')), fc.constantFrom('<V>', "'<V>'", '"<V>"'), (value, form) => {
        assert.equal(execFileSync('bash', ['-c', fill(`printf '%s' ${form}`, { V: value })], { encoding: 'utf8' }), value);
      }),
      { numRuns: 40 },
    );
  });
});
