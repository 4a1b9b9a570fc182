/**
 * Every rule `runbook check` knows: its id, default severity, a one-line title, why it matters during an
 * incident, and where to read more. docs/check.md lists the same table (a unit test keeps them in step).
 */
import type { Severity } from './finding';

export interface Rule {
  id: string;
  severity: Severity;
  title: string;
  why: string;
  helpUri?: string;
}

const CLI_REFERENCE = 'https://docs.aws.amazon.com/cli/latest/reference/';
const FAULT_ISOLATION = 'https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/';
const DR_WHITEPAPER = 'https://docs.aws.amazon.com/whitepapers/latest/disaster-recovery-workloads-on-aws/disaster-recovery-workloads-on-aws.html';

const LIST: Rule[] = [
  { id: 'aws-unknown-service', severity: 'error', title: 'Unknown AWS service', why: 'The cell fails before it sends anything.', helpUri: CLI_REFERENCE },
  { id: 'aws-unchecked-service', severity: 'info', title: 'Service not in the models this check knows', why: 'The command runs through the installed AWS CLI; its arguments were not checked.' },
  { id: 'aws-unknown-operation', severity: 'error', title: 'Unknown operation', why: 'The cell fails before it sends anything.', helpUri: CLI_REFERENCE },
  { id: 'aws-unknown-argument', severity: 'error', title: 'Unknown argument', why: 'The cell fails before it sends anything.', helpUri: CLI_REFERENCE },
  { id: 'aws-missing-argument', severity: 'error', title: 'Missing required argument', why: 'The cell fails before it sends anything.', helpUri: CLI_REFERENCE },
  { id: 'aws-duplicate-argument', severity: 'error', title: 'Argument given twice', why: 'The AWS CLI refuses it; which value was meant is a guess.' },
  { id: 'aws-bad-value', severity: 'error', title: 'Value of the wrong type, malformed JSON or shorthand', why: 'The cell fails before it sends anything.', helpUri: CLI_REFERENCE },
  { id: 'aws-bad-enum', severity: 'error', title: 'Value outside its enum', why: 'AWS rejects the request at the worst moment.', helpUri: CLI_REFERENCE },
  { id: 'aws-file-missing', severity: 'error', title: 'file:// payload missing', why: 'The cell fails before it sends anything.' },
  { id: 'aws-missing-region', severity: 'warning', title: 'Regional call without --region', why: 'It goes to whatever region the shell of the person running it defaults to, maybe the one that is down.' },
  { id: 'undefined-variable', severity: 'warning', title: 'Placeholder or variable nothing defines', why: 'The operator is stopped and asked for it during the incident.' },
  { id: 'unterminated-fence', severity: 'error', title: 'Unterminated code fence', why: 'Everything after it becomes one code cell: the rest of the runbook disappears into it.' },
  { id: 'shell-syntax', severity: 'error', title: 'Shell cell does not parse', why: 'bash refuses to run the cell at all.' },
  { id: 'dig-bad-args', severity: 'error', title: 'dig with bad arguments', why: 'The DNS check of the failover fails instead of answering.' },
  { id: 'phase-no-budget', severity: 'warning', title: 'Phase without a time budget', why: 'The incident clock cannot tell whether the phase is late.' },
  { id: 'budget-over-rto', severity: 'warning', title: 'Phase budgets add up to more than the RTO', why: 'Followed as written, the runbook misses its own recovery time objective.', helpUri: DR_WHITEPAPER },
  { id: 'change-without-confirmation', severity: 'warning', title: 'Changing step with no confirmation checklist before it', why: 'Nothing makes the operator confirm preconditions before the change.' },
  { id: 'region-not-in-strategy', severity: 'warning', title: 'Region not named in the DR Strategy', why: 'A call to a region the plan does not know about is a typo or a forgotten dependency.' },
  { id: 'strategy-region-unused', severity: 'info', title: 'DR Strategy region no cell uses', why: 'The runbook never touches a region its plan relies on.' },
  {
    id: 'dr-primary-in-recovery',
    severity: 'warning',
    title: 'Recovery step calls the primary region',
    why: 'After Assessment the primary may be down: a recovery step that needs it hangs or fails exactly when it is needed.',
    helpUri: `${FAULT_ISOLATION}static-stability.html`,
  },
  {
    id: 'dr-control-plane',
    severity: 'warning',
    title: 'Recovery depends on a control plane',
    why: 'Control planes (Route 53 record changes are served from us-east-1) are less available than data planes; prefer health-check failover or ARC routing controls, and keep this as a fallback.',
    helpUri: `${FAULT_ISOLATION}control-planes-and-data-planes.html`,
  },
  {
    id: 'dr-rpo-unchecked',
    severity: 'warning',
    title: 'Read of the DR copy with no replication lag check',
    why: 'Without the lag (RPO) known, failing over may silently lose more data than the plan allows.',
    helpUri: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/globaltables_monitoring.html',
  },
  {
    id: 'dr-change-unverified',
    severity: 'warning',
    title: 'Change with no verification step after it',
    why: 'Nobody finds out the change did not take until users do.',
    helpUri: 'https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/rel_planning_for_recovery_dr_tested.html',
  },
  { id: 'live-identity', severity: 'info', title: 'Identity the live checks ran as', why: 'Shows which account and role the checks saw.' },
  { id: 'live-unreachable', severity: 'error', title: 'Region did not answer', why: 'Every step against this region would fail or hang now.' },
  { id: 'live-missing-resource', severity: 'error', title: 'Named resource does not exist where the cell expects it', why: 'The cell fails during the incident.' },
  { id: 'live-missing-replica', severity: 'error', title: 'DR copy missing', why: 'There is nothing to fail over to.' },
  { id: 'live-record-missing', severity: 'warning', title: 'Record the change batch touches does not exist', why: 'An UPSERT creates a second record instead of changing the one users resolve; a DELETE fails.' },
  { id: 'live-dr-capacity', severity: 'warning', title: 'DR region cannot take the traffic', why: 'Failing over to no capacity is an outage of its own.', helpUri: DR_WHITEPAPER },
  { id: 'live-call-failed', severity: 'warning', title: 'A read-only check failed', why: 'The resource could not be checked.' },
  {
    id: 'live-iam-denied',
    severity: 'error',
    title: 'The caller may not make this call',
    why: 'IAM policy simulation says the step is denied for this identity: it fails during the incident.',
    helpUri: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_testing-policies.html',
  },
  { id: 'live-iam-not-checked', severity: 'info', title: 'IAM permissions not checked', why: 'The endpoint cannot simulate policies; the permissions were not proven.' },
];

export const RULES: ReadonlyMap<string, Rule> = new Map(LIST.map((r) => [r.id, r]));

export function rule(id: string): Rule {
  const r = RULES.get(id);
  if (!r) {
    throw new Error(`unknown check rule ${id}`);
  }
  return r;
}
