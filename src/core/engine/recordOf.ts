/**
 * The incident record of an execution from its history alone: what `runbook attach ARN --record` writes and
 * what VS Code's "Save as Incident Record" writes for a runbook run on Step Functions, byte for byte.
 */
import type { IncidentRecordInput } from '../incident/record';
import type { EngineClients } from './clients';
import { fullHistory, machineOf } from './follow';
import { executionView } from './history';
import { EngineProgress } from './progress';

/** Reads the machine and the whole history now, and builds the record's input as a follower does. */
export async function executionRecordInput(c: EngineClients, executionArn: string, signal?: AbortSignal): Promise<IncidentRecordInput> {
  const machine = await machineOf(c, executionArn);
  const events = await fullHistory(c, executionArn, signal);
  const progress = new EngineProgress(machine);
  progress.update(executionView(executionArn, machine.definition, events), events);
  return progress.recordInput();
}
