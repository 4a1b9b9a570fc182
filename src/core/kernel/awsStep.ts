import type { AwsIdentity, AwsTarget } from '../aws/clients';
import { toAwsCallError } from '../aws/awsErrors';
import { RunbookError } from '../errors';
import { MIN_SECRET_LENGTH, REDACTED, redactItem, redactText } from '../incident/redact';
import { MIME, type CellOutput } from '../runbook/model';
import { utcNow } from '../session/session';
import type { AwsCommandLike, KernelBackends } from './backends';
import type { ConfirmRequest, ExecContext } from './context';
import { toMarkdown } from './markdownTable';
import { textOutput } from './outputs';
import { raceAbort } from './signals';
import { awsRegion, profileFor, secretValues } from './variables';
import { uncheckedItems } from '../tree/checklistModel';

export interface StepResult {
  success: boolean;
  outputs: CellOutput[];
  runner: string;
  region?: string;
  account?: string;
  arn?: string;
}

/** STS GetCallerIdentity for the target, bounded like a call; the first time a session meets a region it records it. */
export async function ensureIdentity(target: AwsTarget, ctx: ExecContext, signal: AbortSignal): Promise<{ identity: AwsIdentity; first: boolean }> {
  const budget = ctx.settings.aws.connectTimeoutMs + ctx.settings.aws.requestTimeoutMs;
  const deadline = AbortSignal.timeout(budget);
  let identity: AwsIdentity;
  try {
    identity = await raceAbort(raceAbort(ctx.pool.identity(target, { signal: AbortSignal.any([signal, deadline]) }), deadline), signal);
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

function isRoute53Change(cmd: AwsCommandLike): boolean {
  return cmd.service === 'route53' && /^change-?resource-?record-?sets$/i.test(cmd.operation);
}

async function confirmRequest(cmd: AwsCommandLike, identity: AwsIdentity, region: string, backends: KernelBackends, ctx: ExecContext, signal: AbortSignal): Promise<ConfirmRequest> {
  let currentRecordSets: unknown;
  if (isRoute53Change(cmd)) {
    try {
      currentRecordSets = await backends.currentRecordSets(cmd, ctx.pool, signal);
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
    summary: backends.describeRequest(cmd, identity),
    request: cmd.shownInput ?? cmd.input,
    currentRecordSets,
    uncheckedPrerequisites: uncheckedPrerequisites(ctx),
  };
}

function resultOutputs(cmd: AwsCommandLike, result: { data: unknown; pageResults?: unknown[] }, backends: KernelBackends): CellOutput[] {
  const { data, pageResults } = result;
  const query = cmd.globals.query;
  const title = cmd.commandName.replace(/Command$/, '');
  const json = backends.formatAws(data, { output: 'json', query, title });
  const text = cmd.globals.output === 'json' ? json : backends.formatAws(data, { output: cmd.globals.output, query, title, pageResults });
  let queried: unknown;
  try {
    queried = json.trim() === '' ? undefined : JSON.parse(json);
  } catch {
    queried = json;
  }
  return [
    // --output json: the JSON item alone (a text/plain copy would only double every saved record)
    { items: cmd.globals.output === 'json' ? [{ mime: MIME.json, data: json }] : [{ mime: MIME.json, data: json }, { mime: MIME.text, data: text }] },
    { items: [{ mime: MIME.markdown, data: toMarkdown(queried) }] },
  ];
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
  return { ...request, summary: redact(request.summary), request: body };
}

/** A mutating request: 'dryRun' (show it, send nothing), 'send' once confirmed; refused throws `notConfirmed`. */
export async function guardMutation(request: ConfirmRequest, dryRun: boolean, ctx: ExecContext, signal: AbortSignal): Promise<'dryRun' | 'send'> {
  if (ctx.settings.dryRun || dryRun) {
    return 'dryRun';
  }
  if (!(await raceAbort(ctx.confirm(shownRequest(request, ctx)), signal))) {
    throw new RunbookError('notConfirmed', `aws ${request.service} ${request.operation} in ${request.region} was not confirmed: nothing was sent.`);
  }
  return 'send';
}

/** Values the model marks sensitive in the request (`ssm put-parameter --value`) are secrets from now on, wherever they appear. */
function learnSensitiveInput(cmd: AwsCommandLike, ctx: ExecContext): void {
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
export async function runAwsStep(argv: string[], ctx: ExecContext, backends: KernelBackends, signal: AbortSignal): Promise<StepResult> {
  const parsed = await backends.parseAws(argv.slice(1), { cwd: ctx.cwd });
  const region = awsRegion(ctx, parsed.globals.region, parsed.service);
  // The call, the identity and a Route 53 change's current record sets all use one region and profile.
  const profile = profileFor(parsed.globals.profile, ctx);
  const cmd: AwsCommandLike = { ...parsed, globals: { ...parsed.globals, region, profile } };
  learnSensitiveInput(cmd, ctx);
  const target: AwsTarget = { region, profile, endpointUrl: cmd.globals.endpointUrl };
  const { identity, first } = await ensureIdentity(target, ctx, signal);
  const outputs = identityOutputs(identity, region, first);
  const base = { region, account: identity.account, arn: identity.arn };
  if (!cmd.readOnly) {
    const request = await confirmRequest(cmd, identity, region, backends, ctx, signal);
    if ((await guardMutation(request, cmd.globals.dryRun ?? false, ctx, signal)) === 'dryRun') {
      return { success: true, outputs: [...outputs, ...dryRunOutputs(request)], runner: 'dry-run', ...base };
    }
  }
  const result = await raceAbort(backends.invokeAws(cmd, ctx.pool, { signal, settings: ctx.settings, env: ctx.env ?? process.env }), signal);
  return { success: true, outputs: [...outputs, ...resultOutputs(cmd, result, backends)], runner: 'sdk', ...base };
}
