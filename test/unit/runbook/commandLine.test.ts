import assert from 'node:assert/strict';
import { commandLine } from '../../../src/core/runbook/commandLine';
import { runningCellLines } from '../../../src/core/incident/unfinished';

describe('commandLine: a cell\'s command as one line', () => {
  it('skips blank lines and comments, joins backslash continuations, trims', () => {
    assert.equal(commandLine('\n# check the target group\n  aws elbv2 describe-target-health \\\n    --target-group-arn <TG_ARN>\necho next\n'), 'aws elbv2 describe-target-health --target-group-arn <TG_ARN>');
    assert.equal(commandLine('aws route53 change-resource-record-sets \\\r\n  --hosted-zone-id Z1'), 'aws route53 change-resource-record-sets --hosted-zone-id Z1');
    assert.equal(commandLine('# only a comment\n\n'), '');
    assert.equal(commandLine(''), '');
  });

  it('is what the unfinished-cell notice quotes (a continued command whole)', () => {
    const [line] = runningCellLines([
      { type: 'session-start', time: '2026-11-29T03:00:00.000Z', sessionId: '00000000-0000-4000-8000-000000000000', runbookPath: 'r.md', operator: 'alice', host: 'h' },
      { type: 'cell-start', time: '2026-11-29T03:00:01.000Z', cellIndex: 3, source: 'aws route53 change-resource-record-sets \\\n  --hosted-zone-id Z1 --change-batch file://b.json' },
    ] as Parameters<typeof runningCellLines>[0]);
    assert.match(line, /cell 3 was running .*\(aws route53 change-resource-record-sets --hosted-zone-id Z1 --change-batch file:\/\/b\.json; no change to AWS was confirmed\)/);
  });
});
