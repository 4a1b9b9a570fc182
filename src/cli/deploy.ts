import { parseArgs } from 'node:util';
import type { EngineClients } from '../core/engine/clients';
import type { CompiledRunbook } from '../core/engine/compile';
import { defaultRoleArn, deployRunbook, type Deployed } from '../core/engine/deploy';
import { errorMessage } from '../core/errors';
import { clientsFor, COMPILE_OPTIONS, compileFor, ENGINE_AWS_OPTIONS, engineRegion, isUsageError, loadRunbook, reportNotCompiled, type LoadedRunbook } from './engineCommon';
import { type CliIO, EXIT } from './io';

const HELP = `usage: runbook deploy FILE --region REGION [options]

Compiles the runbook and creates (or updates) its state machine and approval queue in REGION.
  --role-arn ARN       the state machine's role (default: arn:aws:iam::ACCOUNT:role/runbook-NAME-role,
                       the role \`runbook compile --format cfn\` creates)
  --phase, --var, --local, --account   as for \`runbook compile\`
  --profile, --endpoint-url, --region-endpoint   where AWS calls go
`;

export const DEPLOY_OPTIONS = { ...COMPILE_OPTIONS, ...ENGINE_AWS_OPTIONS, 'role-arn': { type: 'string' } } as const;

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

/** \`runbook deploy FILE [options]\`: see HELP. */
export async function deploy(args: string[], io: CliIO): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  let rb: LoadedRunbook;
  let values: ReturnType<typeof parseArgs<{ options: typeof DEPLOY_OPTIONS; allowPositionals: true }>>['values'];
  try {
    const parsed = parseArgs({ args, options: DEPLOY_OPTIONS, allowPositionals: true, strict: true });
    values = parsed.values;
    rb = await loadRunbook(io, parsed.positionals, 'deploy');
  } catch (e) {
    io.stderr(`runbook deploy: ${errorMessage(e)}\n${isUsageError(e) ? HELP : ''}`);
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
