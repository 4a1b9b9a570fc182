import * as assert from 'node:assert/strict';
import { awsCallsIn, cliServiceOperation } from '../../../src/core/kernel/cliStep';
import { isRunnableLanguage, planCell } from '../../../src/core/kernel/dispatch';
import { parseShellCommands } from '../../../src/core/shell/parse';

function plan(text: string, language = 'bash'): string {
  return planCell(language, parseShellCommands(text, {})).kind;
}

describe('kernel dispatch', () => {
  it('runs plain aws and dig commands in-process, several per cell', () => {
    assert.equal(plan('# Check ECS\naws ecs describe-clusters --clusters prod-cluster --region af-south-1\n\n# ALB\naws elbv2 describe-target-health \\\n  --target-group-arn arn:x --region af-south-1\n'), 'inProcess');
    assert.equal(plan('dig wp.kimmyai.io'), 'inProcess');
    assert.equal(plan('aws sts get-caller-identity; dig +short example.com'), 'inProcess');
  });

  it('sends anything else to the shell as a whole', () => {
    assert.equal(plan('aws ecs list-clusters | jq .'), 'shell');
    assert.equal(plan('aws ecs list-clusters > out.json'), 'shell');
    assert.equal(plan('aws ecs list-clusters\necho done'), 'shell');
    assert.equal(plan('for r in a b; do aws ecs list-clusters --region $r; done'), 'shell');
    assert.equal(plan('ARN=$(aws elbv2 describe-target-groups --query x --output text)'), 'shell');
    assert.equal(plan('curl -s https://example.com'), 'shell');
  });

  it('does not run data blocks, and an empty cell does nothing', () => {
    assert.equal(plan('{"a": 1}', 'json'), 'notRunnable');
    assert.equal(plan('# only a comment\n'), 'empty');
    assert.equal(isRunnableLanguage('shellscript'), true);
    assert.equal(isRunnableLanguage(''), true);
    assert.equal(isRunnableLanguage('yaml'), false);
  });

  it('finds the aws calls a shell cell makes where a command starts, so mutating ones can be confirmed', () => {
    const calls = (text: string) => awsCallsIn(parseShellCommands(text, {})).map((c) => `${c.service} ${c.operation}`);
    assert.deepEqual(calls('aws ecs update-service --cluster c --service s | jq .'), ['ecs update-service']);
    assert.deepEqual(calls('for r in a b; do aws --region $r ecs update-service --cluster c; done'), ['ecs update-service']);
    assert.deepEqual(calls('ID=$(aws sts get-caller-identity --query Account) && echo $ID'), ['sts get-caller-identity']);
    assert.deepEqual(calls('echo hi\naws s3api delete-object --bucket b --key k 2>&1'), ['s3api delete-object']);
    assert.deepEqual(calls('grep aws notes.txt; echo "aws ecs update-service"'), []);
  });

  it('reads the service and operation after global options', () => {
    assert.deepEqual(cliServiceOperation(['aws', '--region', 'eu-west-1', '--output', 'json', 'ec2', 'run-instances', '--count', '1']), { service: 'ec2', operation: 'run-instances' });
    assert.deepEqual(cliServiceOperation(['aws', '--debug', 'ec2', 'describe-vpcs']), { service: 'ec2', operation: 'describe-vpcs' });
  });
});
