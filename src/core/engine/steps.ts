/**
 * Runbook cells -> the steps of a state machine: each `aws` command a Task on the aws-sdk integration,
 * an approval before each one that is not read-only, and what cannot run in Step Functions reported
 * (or, with `local`, a callback a connected worker runs).
 */
import { readFile as fsReadFile } from 'node:fs/promises';
import { loadSdkModule } from '../aws/sdkModules';
import { operationShapes, type Shape } from '../aws/schema';
import { sensitivePath } from '../aws/sensitive';
import type { AwsCommand } from '../aws/command';
import { parseAwsArgv } from '../aws/translate';
import { errorMessage, RunbookError } from '../errors';
import { isRunnableLanguage } from '../kernel/dispatch';
import { findReferences, quoteFor, replaceReferences } from '../kernel/placeholders';
import type { RunbookDocument } from '../runbook/model';
import { parseShellCommands } from '../shell/parse';
import { runtimeVariables, sentinel, toParameters } from './params';
import { commandLine } from '../runbook/commandLine';

export type StepKind = 'aws' | 'approval' | 'local';

/** What a state stands for; kept in the state's Comment so a follower maps history back to cells. */
export interface StepInfo {
  kind: StepKind;
  cell: number;
  /** 0-based command in the cell (aws and its approval). */
  command: number;
  /** 1-based document line of the command (or the cell). */
  line: number;
  text: string;
  service?: string;
  operation?: string;
  region?: string;
  query?: string;
  output?: string;
}

export interface PlannedStep {
  info: StepInfo;
  /** aws: the SDK input as Task Parameters; approval: the request shown to the approver. */
  parameters?: Record<string, unknown>;
  sdkService?: AwsCommand['service'];
  sdkOperation?: string;
  /** Variables the step reads from the execution input. */
  vars?: string[];
}

export interface NotCompiled {
  cell: number;
  line: number;
  text: string;
  reason: string;
}

export interface StepOptions {
  cwd: string;
  /** Compile-time values (never a secret's: compile.ts leaves those out). */
  vars: Readonly<Record<string, string>>;
  /** A variable whose value is secret (named like one, or declared). */
  isSecret?(name: string): boolean;
  /** The region of commands that name none (frontmatter `region`, else the machine's). */
  defaultRegion: string;
  local: boolean;
  readFile?(path: string): Promise<Buffer>;
}

/** Placeholders with a value are substituted; the rest become sentinels read at run time. */
function withVariables(text: string, vars: Readonly<Record<string, string>>): string {
  return replaceReferences(text, findReferences(text), (ref) => {
    const value = vars[ref.name];
    return value !== undefined ? quoteFor(value, ref.quoting) : sentinel(ref.name);
  });
}

function fileVariables(text: string, vars: Readonly<Record<string, string>>): string {
  return replaceReferences(text, findReferences(text).filter((r) => r.form === 'angle'), (ref) => vars[ref.name] ?? sentinel(ref.name));
}

/** The cell's command as one line, its compile-time variable sentinels shown as the placeholders they were. */
function firstLine(text: string): string {
  return commandLine(text.replace(/@@RBVAR:(\w+)@@/g, '<$1>'));
}

/**
 * Step Functions keeps a definition's parameters, an execution's input and every task's answer in its history, for
 * anyone who may read it, and hands them to whatever follows the execution. So a call that would put a secret
 * there is refused (the cell runs `--local` instead, where the kernel redacts): one that reads a secret variable,
 * sends a member the service model marks sensitive, or may be answered with one.
 */
function refuseSecrets(cmd: AwsCommand, shapes: { input: Shape; output: Shape }, opts: StepOptions): void {
  const secretVar = runtimeVariables(cmd.input).find((n) => opts.isSecret?.(n));
  const sent = sensitivePath(shapes.input, { of: cmd.input });
  const answered = sensitivePath(shapes.output);
  const why = secretVar
    ? `it uses <${secretVar}>, a secret: Step Functions would keep its value in the execution's input and history`
    : sent
      ? `it sends ${sent}, which the service model marks secret: Step Functions would keep it in the definition and the execution's history`
      : answered
        ? `its answer can hold ${answered}, which the service model marks secret: Step Functions keeps every answer in the execution's history`
        : undefined;
  if (why) {
    throw new RunbookError('engineSecret', `${why} (run the cell --local, where secrets are redacted)`);
  }
}

async function awsSteps(argv: string[], info: Omit<StepInfo, 'kind'>, opts: StepOptions): Promise<PlannedStep[]> {
  const read = opts.readFile ?? ((p: string) => fsReadFile(p));
  const readFile = async (p: string) => Buffer.from(fileVariables((await read(p)).toString('utf8'), opts.vars));
  const cmd = await parseAwsArgv(argv.slice(1), { cwd: opts.cwd, readFile });
  const mod = await loadSdkModule(cmd.service);
  const sdkOperation = cmd.commandName.replace(/Command$/, '');
  const shapes = operationShapes(mod[`${sdkOperation}$`]);
  refuseSecrets(cmd, shapes, opts);
  const parameters = toParameters(cmd.input, shapes.input) as Record<string, unknown>;
  const region = cmd.globals.region ?? opts.defaultRegion;
  const base = { ...info, service: cmd.service, operation: cmd.operation, region, query: cmd.globals.query, output: cmd.globals.output };
  const task: PlannedStep = { info: { kind: 'aws', ...base }, parameters, sdkService: cmd.service, sdkOperation, vars: runtimeVariables(cmd.input) };
  if (cmd.readOnly) {
    return [task];
  }
  return [{ info: { kind: 'approval', ...base }, parameters }, task];
}

export interface CellSteps {
  steps: PlannedStep[];
  notCompiled: NotCompiled[];
  runtimeVariables: string[];
}

/** The steps of one code cell. `cellLine` is the 1-based line where the cell's source starts. */
export async function cellSteps(doc: RunbookDocument, cellIndex: number, cellLine: number, opts: StepOptions): Promise<CellSteps> {
  const cell = doc.cells[cellIndex];
  const none: CellSteps = { steps: [], notCompiled: [], runtimeVariables: [] };
  if (cell?.kind !== 'code' || !isRunnableLanguage(cell.language)) {
    return none;
  }
  const text = withVariables(cell.source, opts.vars);
  const commands = parseShellCommands(text);
  if (commands.length === 0) {
    return none;
  }
  const local = (line: number, shown: string, reason: string): CellSteps =>
    opts.local
      ? { steps: [{ info: { kind: 'local', cell: cellIndex, command: 0, line: cellLine, text: cell.source } }], notCompiled: [], runtimeVariables: [] }
      : { ...none, notCompiled: [{ cell: cellIndex, line: cellLine + line, text: firstLine(shown), reason }] };
  const dig = commands.find((c) => c.argv[0] === 'dig');
  if (dig) {
    return local(dig.line, dig.text, 'dig needs a DNS resolver: Step Functions has no DNS task (run it --local, or from a worker)');
  }
  const shell = commands.find((c) => !c.simple || c.argv[0] !== 'aws');
  if (shell) {
    return local(shell.line, shell.text, 'a shell command needs a machine to run on: Step Functions runs no shell (run it --local)');
  }
  const steps: PlannedStep[] = [];
  const vars = new Set<string>();
  for (const [i, c] of commands.entries()) {
    const info = { cell: cellIndex, command: i, line: cellLine + c.line, text: c.text.replace(/\s*\\\r?\n\s*/g, ' ').replace(/@@RBVAR:(\w+)@@/g, '<$1>') };
    try {
      const planned = await awsSteps(c.argv, info, opts);
      steps.push(...planned);
      planned.flatMap((p) => p.vars ?? []).forEach((n) => vars.add(n));
    } catch (e) {
      if (RunbookError.is(e, 'engineSecret')) {
        return local(c.line, c.text, e.message);
      }
      return { ...none, notCompiled: [{ cell: cellIndex, line: info.line, text: firstLine(c.text), reason: errorMessage(e) }] };
    }
  }
  return { steps, notCompiled: [], runtimeVariables: [...vars] };
}
