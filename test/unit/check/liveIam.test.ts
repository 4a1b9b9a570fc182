import * as assert from 'node:assert/strict';
import { iamAction } from '../../../src/core/aws/iamAction';
import { principalArn } from '../../../src/core/check/liveIam';
import { isReadOnly } from '../../../src/core/aws/policy';

describe('runbook check --live: IAM simulation inputs', () => {
  it('names the IAM action of each call (S3 where its action differs from the operation)', () => {
    assert.equal(iamAction('elbv2', 'DescribeTargetHealth'), 'elasticloadbalancing:DescribeTargetHealth');
    assert.equal(iamAction('route53', 'ChangeResourceRecordSets'), 'route53:ChangeResourceRecordSets');
    assert.equal(iamAction('s3api', 'GetBucketReplication'), 's3:GetReplicationConfiguration');
    assert.equal(iamAction('s3api', 'GetObject'), 's3:GetObject');
    assert.equal(iamAction('rds', 'DescribeDBInstances'), 'rds:DescribeDBInstances');
    assert.equal(iamAction('ec2', 'DescribeInstances'), undefined);
  });

  it('is the one mapping shared by the check and the policy the engine deploys', () => {
    assert.equal(iamAction('s3api', 'DeleteBucketReplication'), 's3:PutReplicationConfiguration');
    assert.equal(iamAction('ssm', 'GetParameter'), 'ssm:GetParameter');
    assert.equal(iamAction('secretsmanager', 'GetSecretValue'), 'secretsmanager:GetSecretValue');
  });

  it('simulates an assumed role as its role, a user as itself', () => {
    assert.equal(principalArn('arn:aws:sts::123456789012:assumed-role/runbook-readonly/ci-42'), 'arn:aws:iam::123456789012:role/runbook-readonly');
    assert.equal(principalArn('arn:aws:iam::123456789012:user/sre'), 'arn:aws:iam::123456789012:user/sre');
  });

  it('the simulation itself is a read-only call', () => {
    assert.ok(isReadOnly('iam', 'simulate-principal-policy'));
  });
});
