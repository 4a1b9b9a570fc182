/**
 * IAM simulation of every action the runbook calls, for the caller's identity (iam:SimulatePrincipalPolicy).
 * Where the endpoint cannot simulate (moto answers HTTP 500), or the caller may not ask, it says "not checked".
 */
import type { AwsUse } from './awsCheck';
import { type CellFinding, rangeOf } from './finding';
import { readCall, type LiveContext } from './liveCall';
import { rule } from './rules';

/** The IAM principal behind an STS caller ARN (an assumed role's session -> the role). */
export function principalArn(callerArn: string): string {
  const m = /^arn:(aws[\w-]*):sts::(\d+):assumed-role\/([^/]+)\/.+$/.exec(callerArn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : callerArn;
}

interface Evaluation {
  EvalActionName?: string;
  EvalDecision?: string;
}

function finding(id: string, cell: number, range: CellFinding['range'], message: string): CellFinding {
  const r = rule(id);
  return { severity: r.severity, rule: id, message, why: r.why, helpUri: r.helpUri, cell, range };
}

const NO_PLACE: CellFinding['range'] = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Simulates every action of `uses` for `callerArn`; one finding per denied action's use, or one "not checked". */
export async function simulateIam(ctx: LiveContext, callerArn: string, uses: AwsUse[], sources: (cell: number) => string): Promise<CellFinding[]> {
  const actions = [...new Set(uses.map((u) => u.iamAction).filter((a): a is string => !!a))];
  if (actions.length === 0) {
    return [];
  }
  const r = await readCall<{ EvaluationResults?: Evaluation[] }>(ctx, 'iam', 'us-east-1', 'SimulatePrincipalPolicy', { PolicySourceArn: principalArn(callerArn), ActionNames: actions });
  if (!r.ok) {
    return [finding('live-iam-not-checked', -1, NO_PLACE, `IAM permissions not checked: the endpoint did not simulate them (${r.name}: ${r.message.slice(0, 120)}).`)];
  }
  const denied = new Map((r.value.EvaluationResults ?? []).filter((e) => e.EvalDecision !== 'allowed').map((e) => [e.EvalActionName, e.EvalDecision]));
  return uses
    .filter((u) => u.iamAction && denied.has(u.iamAction))
    .map((u) => finding('live-iam-denied', u.cell, rangeOf(sources(u.cell), u.opWord.start, u.opWord.end), `${principalArn(callerArn)} may not call ${u.iamAction} (${denied.get(u.iamAction)}): this step fails for this identity.`));
}
