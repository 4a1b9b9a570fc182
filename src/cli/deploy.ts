import type { EngineClients } from '../core/engine/clients';
import type { CompiledRunbook } from '../core/engine/compile';
import { defaultRoleArn, deployRunbook, type Deployed } from '../core/engine/deploy';
import { errorMessage } from '../core/errors';
import { checkEngineValues, clientsFor, compileFor, engineRegion, isUsageError, loadRunbook, reportNotCompiled, type LoadedRunbook } from './engineCommon';
import { parseOrExit, usageErrorLine } from './args';
import { type CliIO, EXIT } from './io';
import { DEPLOY } from './specs';

export interface DeployValues {
  phase?: string[];
  region?: string;
  var?: string[];
  local?: boolean;
  account?: string;
  'role-arn'?: string;
}

/** Compiles with the caller's account and deploys; shared with `run --engine stepfunctions`. */
export async function compileAndDeploy(rb: LoadedRunbook, v: DeployValues, clients: EngineClients, io: CliIO, command: string): Promise<{ compiled: CompiledRunbook; deployed: Deployed }> {
  const account = v.account ?? (await clients.identity()).account;
  // `run` passes its --var values as the execution's input (recorded), so one machine serves every run.
  const compiled = await compileFor(rb, command === 'run' ? { ...v, var: [] } : v, io, command, account);
  reportNotCompiled(compiled, io, command);
  const deployed = await deployRunbook(clients, compiled, v['role-arn'] ?? defaultRoleArn(account, compiled.machineName));
  io.stderr(`runbook ${command}: ${deployed.created ? 'created' : 'updated'} ${deployed.stateMachineArn} (${Object.keys(compiled.states).length} task states, ${compiled.approvals} approvals); approval queue ${deployed.queueUrl}\n`);
  return { compiled, deployed };
}

/** `runbook deploy FILE [options]`: see `DEPLOY` in ./specs. */
export async function deploy(args: string[], io: CliIO): Promise<number> {
  const parsed = parseOrExit(DEPLOY, args, io, checkEngineValues);
  if (typeof parsed === 'number') {
    return parsed;
  }
  const values = parsed.values;
  let rb: LoadedRunbook;
  try {
    rb = await loadRunbook(io, parsed.positionals, 'deploy');
  } catch (e) {
    io.stderr(isUsageError(e) ? usageErrorLine(DEPLOY, errorMessage(e)) : `runbook deploy: ${errorMessage(e)}\n`);
    return EXIT.usage;
  }
  let clients: Awaited<ReturnType<typeof clientsFor>> | undefined;
  try {
    clients = await clientsFor(engineRegion(values.region, rb.outline, 'deploy'), values, io);
    const { deployed } = await compileAndDeploy(rb, values, clients.clients, io, 'deploy');
    io.stdout(`${JSON.stringify(deployed, null, 2)}\n`);
    return EXIT.ok;
  } catch (e) {
    io.stderr(`runbook deploy: ${errorMessage(e)}\n`);
    return isUsageError(e) ? EXIT.usage : EXIT.failed;
  } finally {
    clients?.clients.dispose();
    clients?.pool.dispose();
  }
}
