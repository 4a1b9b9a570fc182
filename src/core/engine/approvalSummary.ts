/**
 * What an engine approval shows: the same one-screen summary as a local run's confirmation
 * (src/core/confirm: what, where, the change now -> after in plain words, as whom), built from the request
 * the execution carries. The request travels in Step Functions' PascalCase; the confirmation reads the
 * SDK's input, so the members are mapped back through the operation's model first.
 */
import type { AwsIdentity, AwsServiceName } from '../aws/clients';
import { operationShapes } from '../aws/schema';
import { loadSdkModule } from '../aws/sdkModules';
import { operationsOf, resolveService } from '../aws/translate';
import { compareChange, type ChangeComparison, type ChangeRequest, type CurrentState } from '../confirm/change';
import { confirmSummary, type ConfirmSummary } from '../confirm/summary';
import type { StateRun } from './history';
import { fromStepFunctions } from './params';

export interface ApprovalSummary extends ConfirmSummary {
  /** Now against after, for "Show change" (absent for the Prerequisites checklist). */
  change?: ChangeComparison;
  /** The request as the SDK reads it, with its region (absent for the checklist). */
  request?: ChangeRequest & { region: string };
}

/** The approval's request as the confirmation reads it: CLI service and operation, SDK input, region. */
export async function approvalRequest(run: StateRun): Promise<ChangeRequest & { region: string }> {
  const m = run.message ?? {};
  const service: AwsServiceName = resolveService(String(m.service ?? ''));
  const operation = String(m.operation ?? '');
  const mod = await loadSdkModule(service);
  const sdkOp = operationsOf(mod).get(operation);
  const request = (m.request ?? {}) as Record<string, unknown>;
  const input = sdkOp ? fromStepFunctions(request, operationShapes(mod[`${sdkOp}$`]).input) : request;
  return { service, operation, input: input as Record<string, unknown>, region: String(m.region ?? '') };
}

/**
 * The summary of a waiting approval for `who` (the approver: the caller's identity). `read` gives the state
 * now (readCurrentState with the editor's AWS settings); a failed read still gives a summary of the request.
 */
export async function approvalSummary(run: StateRun, who: AwsIdentity, read: (req: ChangeRequest & { region: string }) => Promise<CurrentState>): Promise<ApprovalSummary> {
  if (run.kind === 'checklist') {
    const items = (run.message?.items as string[] | undefined) ?? [];
    return {
      message: `Approve the Prerequisites checklist (${items.length} item${items.length === 1 ? '' : 's'})?`,
      lines: [`As: ${who.arn}`, 'Approving ticks them in the record, by you:', ...items.map((i) => `  - [ ] ${i}`)],
    };
  }
  const request = await approvalRequest(run);
  const current = await read(request).catch((e: unknown): CurrentState => ({ source: 'read', error: e instanceof Error ? e.message : String(e) }));
  const change = compareChange(request, current);
  const s = confirmSummary({ service: request.service, operation: request.operation, region: request.region, account: who.account, arn: who.arn, uncheckedPrerequisites: [], change });
  return { ...s, change, request };
}
