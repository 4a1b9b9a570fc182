/**
 * The least-privilege policy of a compiled runbook's role (the actions its tasks call, and
 * sqs:SendMessage on its approval queue), and a CloudFormation snippet that deploys all three.
 */
import { iamAction } from '../aws/iamAction';
import type { CompiledRunbook } from './compile';

export interface IamPolicy {
  Version: '2012-10-17';
  Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: string | string[] }[];
}

/** The policy document; `account` defaults to the CloudFormation pseudo parameter. */
export function iamPolicy(compiled: CompiledRunbook, region: string, account = '${AWS::AccountId}'): IamPolicy {
  const actions = [...new Set(compiled.calls.map((c) => iamAction(String(c.service), c.operation) ?? `${c.service}:${c.operation}`))].sort();
  const statements: IamPolicy['Statement'] = [];
  if (actions.length > 0) {
    statements.push({ Sid: 'RunbookCalls', Effect: 'Allow', Action: actions, Resource: '*' });
  }
  if (compiled.approvals > 0 || Object.values(compiled.states).some((s) => s.kind === 'local')) {
    statements.push({ Sid: 'ApprovalQueue', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: `arn:aws:sqs:${region}:${account}:${compiled.queueName}` });
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** A CloudFormation template (JSON) with the queue, the role and its policy, and the state machine. */
export function cloudFormation(compiled: CompiledRunbook, region: string): Record<string, unknown> {
  const policy = iamPolicy(compiled, region);
  const document = {
    ...policy,
    Statement: policy.Statement.map((st) => (st.Sid === 'ApprovalQueue' ? { ...st, Resource: { 'Fn::GetAtt': ['ApprovalQueue', 'Arn'] } } : st)),
  };
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `Runbook Notebook: ${compiled.machineName} on AWS Step Functions (compiled; do not edit by hand)`,
    Resources: {
      ApprovalQueue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: compiled.queueName } },
      RunbookRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: `${compiled.machineName}-role`,
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: 'states.amazonaws.com' }, Action: 'sts:AssumeRole' }],
          },
          Policies: [{ PolicyName: `${compiled.machineName}-calls`, PolicyDocument: document }],
        },
      },
      RunbookStateMachine: {
        Type: 'AWS::StepFunctions::StateMachine',
        Properties: {
          StateMachineName: compiled.machineName,
          StateMachineType: 'STANDARD',
          RoleArn: { 'Fn::GetAtt': ['RunbookRole', 'Arn'] },
          Definition: compiled.definition,
        },
      },
    },
    Outputs: {
      StateMachineArn: { Value: { Ref: 'RunbookStateMachine' } },
      ApprovalQueueUrl: { Value: { Ref: 'ApprovalQueue' } },
    },
  };
}
