import type { AwsIdentity, AwsTarget } from '../aws/clients';
import { toAwsCallError } from '../aws/awsErrors';
import type { AwsCommand } from '../aws/command';
import { invokeAws } from '../aws/invoke';
import { currentRecordSets as readRecordSets, describeRequest } from '../aws/mutation';
import { parseAwsArgv } from '../aws/translate';
import { compareChange } from '../confirm/change';
import { readCurrentState } from '../confirm/current';
import { RunbookError } from '../errors';
import { MIN_SECRET_LENGTH, REDACTED, redactItem, redactText } from '../incident/redact';
import { MIME, type CellOutput } from '../runbook/model';
import { utcNow } from '../session/session';
import type { ConfirmRequest, ExecContext } from './context';
import { awsResultOutput } from './awsResult';
import { textOutput } from './outputs';
import { raceAbort } from '../abort';
import { abortError } from './signals';
import { secretValues } from '../incident/secrets';
import { awsRegion, profileFor } from './variables';
import { uncheckedItems } from '../tree/checklistModel';
import { comparisonText } from '../confirm/summary';

export interface StepResult {
  success: boolean;
  outputs: CellOutput[];
  runner: string;
  region?: string;
  account?: string;
  arn?: string;
  exitCode?: number;
  /** What the AWS CLI would print (a shell cell's `aws` shim prints this): the result, and notes for stderr. */
  cli?: { stdout: string; stderr: string };
}

/** STS GetCallerIdentity for the target, bounded like a call; the first time a session meets a region it records it. */
export async function ensureIdentity(target: AwsTarget, ctx: ExecContext, signal: AbortSignal): Promise<{ identity: AwsIdentity; first: boolean }> {
  const budget = ctx.settings.aws.connectTimeoutMs + ctx.settings.aws.requestTimeoutMs;
  const deadline = AbortSignal.timeout(budget);
  let identity: AwsIdentity;
  try {
    identity = await raceAbort(raceAbort(ctx.pool.identity(target, { signal: AbortSignal.any([signal, deadline]) }), deadline, abortError), signal, abortError);
  } catch (e) {
    if (signal.aborted) {
      throw e;
    }
    const call = { region: target.region, endpoint: ctx.pool.endpointFor(target), operation: 'GetCallerIdentity' };
    throw toAwsCallError(RunbookError.is(e, 'interrupted') ? undefined : e, call, budget, { aborted: false, deadlineHit: deadline.aborted });
  }
  const first = !ctx.session.events.some((e) => e.type === 'identity' && e.region === target.region && e.arn === identity.arn);
  if (first) {
    ctx.session.emit({ type: 'identity', time: utcNow(), account: identity.account, arn: identity.arn, region: target.region });
    ctx.onIdentity?.({ ...identity, region: target.region });
  }
  return { identity, first };
}

/** Unticked items of the outline's "Prerequisites" checklist. */
export function uncheckedPrerequisites(ctx: ExecContext): string[] {
  return ctx.outline ? uncheckedItems(ctx.outline).map((i) => i.text) : [];
}

function isRoute53Change(cmd: AwsCommand): boolean {
  return cmd.service === 'route53' && /^change-?resource-?record-?sets$/i.test(cmd.operation);
}

async function confirmRequest(cmd: AwsCommand, identity: AwsIdentity, region: string, ctx: ExecContext, signal: AbortSignal): Promise<ConfirmRequest> {
  let currentRecordSets: unknown;
  if (isRoute53Change(cmd)) {
    try {
      currentRecordSets = await readRecordSets(cmd, ctx.pool, { signal });
    } catch (e) {
      currentRecordSets = { error: e instanceof Error ? e.message : String(e) };
    }
  }
  return {
    service: cmd.service,
    operation: cmd.operation,
    region,
    account: identity.account,
    arn: identity.arn,
    summary: describeRequest(cmd, identity).summary,
    request: cmd.shownInput ?? cmd.input,
    currentRecordSets,
    uncheckedPrerequisites: uncheckedPrerequisites(ctx),
    change: compareChange(cmd, await readCurrentState(cmd, ctx.pool, signal)),
  };
}

export const COMPARISON_HEAD = 'Change: now -> after';

/** The comparison beside the execution (in the notebook and the record): a unified diff, now -> after. */
export function comparisonOutputs(request: ConfirmRequest): CellOutput[] {
  if (!request.change) {
    return [];
  }
  const text = comparisonText(request.change);
  const md = `**Change: now -> after** (${request.service} ${request.operation} in ${request.region})\n\n\`\`\`diff\n${text}\`\`\``;
  return [{ items: [{ mime: MIME.markdown, data: md }, { mime: MIME.text, data: `${COMPARISON_HEAD}\n${text}` }] }];
}

/** The text of outputs (identity line, dry-run preview) for the shim's stderr. */
export function notesText(outputs: CellOutput[]): string {
  return outputs.flatMap((o) => o.items.filter((i) => i.mime === MIME.stdout || i.mime === MIME.text).map((i) => i.data)).join('');
}

export function dryRunOutputs(request: ConfirmRequest): CellOutput[] {
  const body = JSON.stringify(request.request, null, 2);
  const md = `**Dry run: nothing was sent.**\n\n${request.summary}\n\n\`\`\`json\n${body}\n\`\`\``;
  return [{ items: [{ mime: MIME.markdown, data: md }, { mime: MIME.text, data: `Dry run: nothing was sent.\n${request.summary}\n${body}\n` }] }];
}

/** The identity line a cell shows the first time the session meets a region. */
export function identityOutputs(identity: AwsIdentity, region: string, first: boolean): CellOutput[] {
  return first ? [textOutput(MIME.stdout, `AWS identity: account ${identity.account}, ${identity.arn}, region ${region}\n`)] : [];
}

/** The request as a confirmation shows it: its summary and request (a shell cell's script) through the redactor. */
function shownRequest(request: ConfirmRequest, ctx: ExecContext): ConfirmRequest {
  const secrets = secretValues(ctx);
  const redact = (t: string) => redactText(t, { secrets });
  const body = JSON.parse(redactItem('application/json', JSON.stringify(request.request ?? null), redact)) as unknown;
  const change = request.change && {
    ...request.change,
    nowText: redact(request.change.nowText),
    afterText: redact(request.change.afterText),
    lines: request.change.lines.map(redact),
    note: request.change.note === undefined ? undefined : redact(request.change.note),
  };
  const preview = request.preview && { script: redact(request.preview.script), calls: request.preview.calls.map(redact) };
  return { ...request, summary: redact(request.summary), request: body, change, preview };
}

/** A mutating request: 'dryRun' (show it, send nothing), 'send' once confirmed; refused throws `notConfirmed`. */
export async function guardMutation(request: ConfirmRequest, dryRun: boolean, ctx: ExecContext, signal: AbortSignal): Promise<'dryRun' | 'send'> {
  if (ctx.settings.dryRun || dryRun) {
    return 'dryRun';
  }
  if (!(await raceAbort(ctx.confirm(shownRequest(request, ctx)), signal, abortError))) {
    throw new RunbookError('notConfirmed', `Cancelled by the engineer: aws ${request.service} ${request.operation} in ${request.region} was not sent (not a failure of AWS).`);
  }
  return 'send';
}

/** Values the model marks sensitive in the request (`ssm put-parameter --value`) are secrets from now on, wherever they appear. */
function learnSensitiveInput(cmd: AwsCommand, ctx: ExecContext): void {
  const walk = (input: unknown, shown: unknown): void => {
    if (typeof input === 'string' && shown === REDACTED && input.length >= MIN_SECRET_LENGTH) {
      ctx.session.secretValues.add(input);
    } else if (input !== null && typeof input === 'object' && shown !== null && typeof shown === 'object') {
      for (const [k, v] of Object.entries(input)) {
        walk(v, (shown as Record<string, unknown>)[k]);
      }
    }
  };
  walk(cmd.input, cmd.shownInput);
}

/** One `aws SERVICE OPERATION ...` command through the SDK: identity, confirmation or dry run, call, outputs. */
export async function runAwsStep(argv: string[], ctx: ExecContext, signal: AbortSignal): Promise<StepResult> {
  const parsed = await parseAwsArgv(argv.slice(1), { cwd: ctx.cwd });
  const region = awsRegion(ctx, parsed.globals.region, parsed.service);
  // The call, the identity and a Route 53 change's current record sets all use one region and profile.
  const profile = profileFor(parsed.globals.profile, ctx);
  const cmd: AwsCommand = { ...parsed, globals: { ...parsed.globals, region, profile } };
  learnSensitiveInput(cmd, ctx);
  const target: AwsTarget = { region, profile, endpointUrl: cmd.globals.endpointUrl };
  const { identity, first } = await ensureIdentity(target, ctx, signal);
  const outputs = identityOutputs(identity, region, first);
  const base = { region, account: identity.account, arn: identity.arn };
  if (!cmd.readOnly) {
    const request = await confirmRequest(cmd, identity, region, ctx, signal);
    outputs.push(...comparisonOutputs(request));
    if ((await guardMutation(request, cmd.globals.dryRun ?? false, ctx, signal)) === 'dryRun') {
      const dry = [...outputs, ...dryRunOutputs(request)];
      return { success: true, outputs: dry, runner: 'dry-run', ...base, cli: { stdout: '', stderr: notesText(dry) } };
    }
  }
  const result = await raceAbort(invokeAws(cmd, ctx.pool, { signal, settings: ctx.settings.aws, env: ctx.env ?? process.env }), signal, abortError);
  const out = awsResultOutput(cmd, result, ctx.awsRenderings);
  // The shim's program gets the rendering asked for (`--output`), as the AWS CLI would print it.
  const stdout = out.items[0].data;
  const cli = { stdout: stdout === '' || stdout.endsWith('\n') ? stdout : `${stdout}\n`, stderr: notesText(outputs) };
  return { success: true, outputs: [...outputs, out], runner: 'sdk', ...base, cli };
}
