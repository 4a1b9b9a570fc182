import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseShellCommands } from '../../../src/core/shell/parse';

const argvs = (text: string, vars: Record<string, string> = {}) => parseShellCommands(text, vars).map((c) => c.argv);

describe('shell/parse: parseShellCommands', () => {
  it('joins backslash-newline continuations into one command and keeps the original text', () => {
    const cell = 'aws route53 change-resource-record-sets \\\n  --hosted-zone-id Z1 \\\n  --change-batch file://failover-dns.json\n';
    const [cmd, ...rest] = parseShellCommands(cell);
    assert.equal(rest.length, 0);
    assert.deepEqual(cmd.argv, ['aws', 'route53', 'change-resource-record-sets', '--hosted-zone-id', 'Z1', '--change-batch', 'file://failover-dns.json']);
    assert.equal(cmd.text, cell.trimEnd());
    assert.equal(cmd.line, 0);
    assert.equal(cmd.simple, true);
  });

  it('handles CRLF continuations and line endings', () => {
    assert.deepEqual(argvs('echo a \\\r\n  b\r\necho c\r\n'), [['echo', 'a', 'b'], ['echo', 'c']]);
  });

  it('drops comments: whole lines, trailing, but not # inside a word or quotes', () => {
    const cell = '# Check ECS\naws ecs list-clusters # trailing note\necho a#b "c # d" \'#e\'\n  # indented comment';
    const cmds = parseShellCommands(cell);
    assert.deepEqual(cmds.map((c) => c.argv), [['aws', 'ecs', 'list-clusters'], ['echo', 'a#b', 'c # d', '#e']]);
    assert.equal(cmds[0].text, 'aws ecs list-clusters');
    assert.deepEqual(cmds.map((c) => c.line), [1, 2]);
  });

  it('keeps quoted text whole: single, double, escapes, multi-line JSON', () => {
    const cell = `aws dynamodb get-item --table-name t --key '{\n  "id": {"S": "a b"}\n}' --query "Items[?x=='y']" a\\ b "q\\"q"\naws sts get-caller-identity`;
    const cmds = parseShellCommands(cell);
    assert.deepEqual(cmds[0].argv, ['aws', 'dynamodb', 'get-item', '--table-name', 't', '--key', '{\n  "id": {"S": "a b"}\n}', '--query', "Items[?x=='y']", 'a b', 'q"q']);
    assert.equal(cmds[1].line, 3);
    assert.ok(cmds.every((c) => c.simple));
  });

  it('splits several commands on newlines, ; and && and records the separator', () => {
    const cmds = parseShellCommands('echo 1; echo 2 && echo 3\n\n\necho 4');
    assert.deepEqual(cmds.map((c) => c.argv), [['echo', '1'], ['echo', '2'], ['echo', '3'], ['echo', '4']]);
    assert.deepEqual(cmds.map((c) => c.separator), [';', '&&', '\n', '']);
    assert.deepEqual(cmds.map((c) => c.line), [0, 0, 0, 3]);
    assert.deepEqual(cmds.map((c) => c.text), ['echo 1', 'echo 2', 'echo 3', 'echo 4']);
  });

  it('marks pipes, redirections, subshells, substitutions, || and & as not simple', () => {
    for (const text of ['a | b', 'a > f', 'a 2>&1', 'a < f', '(a)', 'a $(b)', 'a `b`', 'a "$(b)"', 'a "`b`"', 'a || b', 'a &', 'a ${X:-d}', "a $'\\n'", 'cd ~/x', "echo 'open", 'cat <<EOF']) {
      const cmds = parseShellCommands(text);
      assert.ok(cmds.some((c) => !c.simple), text);
    }
    for (const text of ['aws s3api list-buckets --query Buckets[*].Name', 'dig wp.kimmyai.io +short', 'echo a=b --x=~y']) {
      assert.ok(parseShellCommands(text).every((c) => c.simple), text);
    }
  });

  it('keeps <UPPER_SNAKE> placeholders as words, not redirections', () => {
    const [cmd] = parseShellCommands('aws elbv2 describe-target-health --target-group-arn <TG_ARN> --region af-south-1');
    assert.equal(cmd.simple, true);
    assert.equal(cmd.argv[4], '<TG_ARN>');
    assert.equal(parseShellCommands('sort <input.txt')[0].simple, false);
  });

  it('expands $VAR and ${VAR} (not in single quotes) and reports unknown ones', () => {
    const vars = { REGION: 'eu-west-1', NAME: 'two words' };
    const [cmd] = parseShellCommands(`echo $REGION \${REGION} "$NAME" '$REGION' --r=$REGION $MISSING \${ALSO_MISSING} $1`, vars);
    assert.deepEqual(cmd.argv, ['echo', 'eu-west-1', 'eu-west-1', 'two words', '$REGION', '--r=eu-west-1', '$MISSING', '$ALSO_MISSING', '$1']);
    assert.deepEqual(cmd.unresolved, ['MISSING', 'ALSO_MISSING']);
  });

  it('returns nothing for a cell of blank lines and comments', () => {
    assert.deepEqual(parseShellCommands('\n  # just a note\n\n'), []);
  });

  it('never throws and every command has a line inside the cell (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const lines = s.split('\n').length;
        for (const c of parseShellCommands(s)) {
          assert.ok(c.line >= 0 && c.line < lines);
          assert.ok(s.includes(c.text));
        }
      }),
    );
  });
});

describe('shell/parse: what shell-quote cannot read', () => {
  it('hands `${` (a bad substitution) to the real shell instead of throwing', () => {
    const [cmd] = parseShellCommands('echo ${');
    assert.equal(cmd.simple, false);
    assert.equal(cmd.text, 'echo ${');
  });
});
