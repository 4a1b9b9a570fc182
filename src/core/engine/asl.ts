/**
 * Amazon States Language shapes the compiler emits, and the names Step Functions and IAM give the
 * services our CLI translation knows (docs/engine.md has the table).
 */
import type { AwsServiceName } from '../aws/sdkModules';

export type AslState = Record<string, unknown> & { Type: string; Comment?: string };

export interface AslDefinition {
  Comment: string;
  StartAt: string;
  TimeoutSeconds?: number;
  States: Record<string, AslState>;
}

/** `aws-sdk:<service>` as Step Functions spells it (the SDK's service id, lower case, no dashes). */
export const SFN_SERVICE: Record<AwsServiceName, string> = {
  ecs: 'ecs',
  elbv2: 'elasticloadbalancingv2',
  dynamodb: 'dynamodb',
  s3api: 's3',
  route53: 'route53',
  sts: 'sts',
  rds: 'rds',
  cloudwatch: 'cloudwatch',
  ssm: 'ssm',
  secretsmanager: 'secretsmanager',
  kms: 'kms',
};

/** The approval queue the compiler names for a runbook (also what deploy creates). */
export function approvalQueueName(machineName: string): string {
  return `${machineName}-approvals`.slice(0, 80);
}

/** A state machine name for a runbook file: `runbook-<file name>` in the characters Step Functions allows. */
export function machineNameFor(runbookPath: string): string {
  const base = runbookPath.replace(/\\/g, '/').split('/').pop() ?? 'runbook';
  const stem = base.replace(/\.md$/i, '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'runbook';
  return (stem.startsWith('runbook') ? stem : `runbook-${stem}`).slice(0, 70);
}

/** `describeClusters` from the SDK's `DescribeClusters`. */
export function sfnAction(sdkOperation: string): string {
  return sdkOperation.charAt(0).toLowerCase() + sdkOperation.slice(1);
}

/** The Task resource of an aws-sdk call; a region other than the machine's goes in the ARN. */
export function sdkResource(service: AwsServiceName, sdkOperation: string, region: string | undefined, machineRegion: string): string {
  const r = region && region !== machineRegion ? region : '';
  return `arn:aws:states:${r}::aws-sdk:${SFN_SERVICE[service]}:${sfnAction(sdkOperation)}`;
}

export const APPROVAL_RESOURCE = 'arn:aws:states:::sqs:sendMessage.waitForTaskToken';

/** A state name as Step Functions allows it (≤ 80 characters, no control characters or brackets). */
export function stateName(text: string): string {
  const cleaned = [...text].map((c) => (c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 ? ' ' : c)).join('');
  return cleaned.replace(/[<>{}[\]?*"#%\\^|~`$&,;:/]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80);
}
