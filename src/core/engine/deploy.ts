/** Creates or updates a compiled runbook's state machine and its approval queue. */
import type { EngineClients } from './clients';
import type { CompiledRunbook } from './compile';

export interface Deployed {
  stateMachineArn: string;
  queueUrl: string;
  created: boolean;
}

/** The role a deploy uses when none is given: the one the CloudFormation snippet creates. */
export function defaultRoleArn(account: string, machineName: string): string {
  return `arn:aws:iam::${account}:role/${machineName}-role`.slice(0, 2048);
}

export async function deployRunbook(c: EngineClients, compiled: CompiledRunbook, roleArn: string): Promise<Deployed> {
  const sfn = await import('@aws-sdk/client-sfn');
  const sqs = await import('@aws-sdk/client-sqs');
  const queue = await c.sqs.send(new sqs.CreateQueueCommand({ QueueName: compiled.queueName }));
  const definition = JSON.stringify(compiled.definition);
  const account = (await c.identity()).account;
  const arn = `arn:aws:states:${c.region}:${account}:stateMachine:${compiled.machineName}`;
  let created = false;
  try {
    await c.sfn.send(new sfn.DescribeStateMachineCommand({ stateMachineArn: arn }));
    await c.sfn.send(new sfn.UpdateStateMachineCommand({ stateMachineArn: arn, definition, roleArn }));
  } catch (e) {
    if ((e as { name?: string }).name !== 'StateMachineDoesNotExist') {
      throw e;
    }
    await c.sfn.send(new sfn.CreateStateMachineCommand({ name: compiled.machineName, definition, roleArn, type: 'STANDARD' }));
    created = true;
  }
  return { stateMachineArn: arn, queueUrl: queue.QueueUrl ?? '', created };
}
