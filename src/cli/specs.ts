/**
 * What every `runbook` subcommand accepts, declared once: `parseArgs` parses these and `--help` prints them
 * (src/cli/args.ts). Light on purpose: `runbook --help` loads this module, never a subcommand's.
 */
import { commandSpec } from './args';

/** Where AWS calls go (run, health, check --live, compile/deploy/attach through the engine). */
export const AWS_OPTIONS = {
  profile: { type: 'string', value: 'P', help: 'AWS profile for the default credential chain' },
  'endpoint-url': { type: 'string', value: 'URL', help: 'send every AWS call to URL (moto, LocalStack)' },
  'region-endpoint': { type: 'string', multiple: true, value: 'R=URL', help: 'send calls for region R to URL' },
} as const;

/** Where `dig` (run) and the failover-name check (health) send their queries. */
export const DNS_OPTION = {
  'dns-server': { type: 'string', multiple: true, value: 'HOST[:PORT]', help: 'the DNS server to ask' },
} as const;

export const VAR_OPTION = {
  var: { type: 'string', multiple: true, value: 'NAME=VALUE', help: 'a value for <NAME> / ${NAME} placeholders\n(names like *PASSWORD*, *TOKEN*, *SECRET*, *_KEY are secret)' },
} as const;

export const SECRET_OPTION = {
  secret: { type: 'string', multiple: true, value: 'NAME=VALUE', help: 'a secret variable: redacted wherever it appears' },
} as const;

/** What would otherwise be refused or asked: a change to AWS (run), an approval (run --engine). */
export const YES_OPTION = { yes: { type: 'boolean', short: 'y', help: 'allow calls that change AWS (refused otherwise)' } } as const;

export const JSON_OPTION = { json: { type: 'boolean', help: 'print one JSON document instead of text' } } as const;

export const RECORD_OPTION = {
  record: { type: 'string', value: 'OUT.md', help: 'write the incident record (header, timeline, executed runbook) to OUT.md' },
} as const;

/** What `compile`, `deploy` and `run --engine stepfunctions` share. */
export const COMPILE_OPTIONS = {
  phase: { type: 'string', multiple: true, value: 'N|TITLE', help: 'only this phase (default: every phase with steps)' },
  region: { type: 'string', value: 'R', help: "the region the state machine runs in (default: the runbook's DR region)" },
  var: { ...VAR_OPTION.var, help: 'resolve a placeholder at compile time (others are read from $.vars.NAME)' },
  local: { type: 'boolean', help: 'compile dig and shell cells as callbacks a connected runbook worker runs' },
  account: { type: 'string', value: 'ID', help: "the approval queue's account (default: the state machine's own, read at run time)" },
} as const;

export const ENGINE_AWS_OPTIONS = {
  ...AWS_OPTIONS,
  'max-attempts': { type: 'string', value: 'N', help: 'attempts per AWS call (default 2)' },
} as const;

const RUN_EXIT = 'Exit status 0 only when every cell that ran succeeded, 1 otherwise, 2 on a usage error or a file that cannot be read.';

export const FMT = commandSpec({
  command: 'fmt',
  usage: '[--check] FILE...',
  summary: 'print the serialization, or check that files round-trip byte for byte',
  positionals: { name: 'FILE', min: 1, max: Infinity },
  about: 'Prints the serialization of each FILE (what saving it unedited writes).',
  options: { check: { type: 'boolean', help: 'print nothing but the files that do not round-trip byte for byte (exit 1)' } },
});

export const CELLS = commandSpec({
  command: 'cells',
  usage: 'FILE',
  summary: 'the cells as JSON',
  positionals: { name: 'FILE', min: 1 },
  about: "Prints the runbook's cells (kind, language, source, outputs, execution, metadata) as JSON.",
  options: {},
});

export const OUTLINE = commandSpec({
  command: 'outline',
  usage: 'FILE [--record RECORD.md]',
  summary: 'regions, RTO/RPO, phases and checklists as JSON',
  positionals: { name: 'FILE', min: 1 },
  about: "Prints the runbook's regions, RTO/RPO, phases and checklists as JSON.",
  options: { record: { type: 'string', value: 'RECORD.md', help: "each phase's and checklist item's state as this saved record shows it" } },
});

export const RUN = commandSpec({
  command: 'run',
  usage: 'FILE [options]',
  summary: 'run cells headless',
  positionals: { name: 'FILE', min: 1 },
  about: "Runs the runbook's code cells headless with the same kernel as the notebook.",
  options: {
    phase: { type: 'string', multiple: true, value: 'N|TITLE', help: 'only the cells of this phase (repeatable); stops at the first failure' },
    cell: { type: 'string', multiple: true, value: 'N', help: 'only cell N (document index, as in `runbook cells`)' },
    ...VAR_OPTION,
    ...SECRET_OPTION,
    ...AWS_OPTIONS,
    'dns-server': { ...DNS_OPTION['dns-server'], help: 'the server `dig` asks' },
    ...YES_OPTION,
    'dry-run': { type: 'boolean', help: 'show changing requests, send nothing' },
    timeout: { type: 'string', value: 'SECONDS', help: 'per-cell timeout' },
    ...RECORD_OPTION,
    json: { ...JSON_OPTION.json, help: "print one JSON document with every executed cell's result" },
    engine: { type: 'string', value: 'stepfunctions', help: 'run on AWS Step Functions instead\n(see `runbook run --engine stepfunctions --help`)' },
  },
  footer: RUN_EXIT,
});

export const HEALTH = commandSpec({
  command: 'health',
  usage: 'FILE [options]',
  summary: 'region health as JSON',
  positionals: { name: 'FILE', min: 1 },
  about: `Checks the primary and DR regions named in the runbook's DR Strategy (read-only, concurrently): ECS cluster
status and running tasks, load balancer target health, DynamoDB table and replicas, S3 replication, and what
the failover DNS name's records say. Prints one JSON document: each region's state (healthy, degraded, down,
unreachable) with the latency of each check, the DNS records, and the matching Failover Decision Matrix row.`,
  options: {
    ...AWS_OPTIONS,
    'dns-server': { ...DNS_OPTION['dns-server'], help: 'also ask this DNS server for the failover name' },
    primary: { type: 'string', value: 'REGION', help: 'primary region when the runbook names none' },
    dr: { type: 'string', value: 'REGION', help: 'DR region when the runbook names none' },
    timeout: { type: 'string', value: 'SECONDS', help: 'a check with no answer by then reads unreachable (default 15)' },
  },
  footer: `Exit status 0 whenever health could be evaluated, even if a region is degraded, down or unreachable;
2 when the runbook cannot be read (as fmt and cells) or on a usage error.`,
});

export const CHECK = commandSpec({
  command: 'check',
  usage: 'FILE... [options]',
  summary: 'find what would fail in the incident, before the incident',
  positionals: { name: 'FILE', min: 1, max: Infinity },
  about: `Finds what would fail in the incident, before the incident: every aws command against the service model
(and its file:// payloads), placeholders nothing defines, shell that does not parse, dig arguments, the
runbook's structure (budgets, RTO, confirmation, regions) and DR lint. See docs/check.md for every rule.
The AWS options (--profile, --endpoint-url, --region-endpoint) apply to --live.`,
  options: {
    live: { type: 'boolean', help: "also check against AWS, read-only: identity, the resources the cells name,\nthe DR region's capacity, IAM (where the endpoint can simulate policies)" },
    json: { ...JSON_OPTION.json, help: 'print the findings as JSON' },
    sarif: { type: 'string', value: 'OUT', help: 'also write SARIF 2.1.0 to OUT (code-scanning dashboards)' },
    'fail-on': { type: 'string', value: 'error|warning', help: 'exit 1 when a finding is at least this severe (default error)' },
    ...VAR_OPTION,
    ...AWS_OPTIONS,
    timeout: { type: 'string', value: 'SECONDS', help: 'a live check with no answer by then is a finding (default 15)' },
  },
  footer: 'Exit status 0 clean, 1 findings at or above --fail-on, 2 bad input (usage, a file that cannot be read).',
});

export const COMPILE = commandSpec({
  command: 'compile',
  usage: 'FILE [options]',
  summary: 'the runbook as an AWS Step Functions state machine (ASL, cfn, iam)',
  positionals: { name: 'FILE', min: 1 },
  about: 'Compiles the runbook into an AWS Step Functions state machine (Amazon States Language); see docs/engine.md.',
  options: {
    ...COMPILE_OPTIONS,
    format: { type: 'string', value: 'asl|cfn|iam', help: "the definition (default), a CloudFormation template, or the role's IAM policy" },
    out: { type: 'string', short: 'o', value: 'FILE', help: 'write to FILE instead of stdout' },
  },
  footer: 'Cells that cannot run in Step Functions are reported on stderr with their line and reason.',
});

export const DEPLOY_OPTIONS = {
  ...COMPILE_OPTIONS,
  ...ENGINE_AWS_OPTIONS,
  'role-arn': { type: 'string', value: 'ARN', help: "the state machine's role (default: arn:aws:iam::ACCOUNT:role/runbook-NAME-role,\nthe role `runbook compile --format cfn` creates)" },
} as const;

export const DEPLOY = commandSpec({
  command: 'deploy',
  usage: 'FILE [options]',
  summary: 'create or update its state machine and approval queue',
  positionals: { name: 'FILE', min: 1 },
  about: 'Compiles the runbook and creates (or updates) its state machine and approval queue in REGION.',
  options: DEPLOY_OPTIONS,
});

export const RUN_ENGINE = commandSpec({
  command: 'run',
  variant: '--engine stepfunctions',
  usage: 'FILE --engine stepfunctions [options]',
  summary: 'run on AWS Step Functions',
  positionals: { name: 'FILE', min: 1 },
  about: `Deploys the runbook to AWS Step Functions, starts an execution and follows it; cells' results stream in
as the execution's history has them. Approvals are asked here (or given with --yes).`,
  options: {
    ...DEPLOY_OPTIONS,
    var: { ...VAR_OPTION.var, help: "a value for a placeholder, given to the execution as its input (recorded); a secret's (*PASSWORD*, *TOKEN*, *_KEY...) never is: the cells that use it run --local, here" },
    engine: { type: 'string', value: 'stepfunctions', help: 'the engine (only stepfunctions)' },
    yes: { ...YES_OPTION.yes, help: 'approve every approval and the Prerequisites checklist' },
    ...JSON_OPTION,
    ...RECORD_OPTION,
  },
  footer: 'Exit status: 0 when the execution succeeded.',
});

export const ATTACH = commandSpec({
  command: 'attach',
  usage: 'EXECUTION_ARN [options]',
  summary: 'follow or report a Step Functions execution',
  positionals: { name: 'EXECUTION_ARN', min: 1 },
  about: `Follows an execution of a compiled runbook until it ends (or reports it, once it has ended); every
responder who attaches to the same execution gets the same record.`,
  options: {
    ...ENGINE_AWS_OPTIONS,
    ...JSON_OPTION,
    ...RECORD_OPTION,
    'no-follow': { type: 'boolean', help: 'report the execution as it is now, without waiting for it to end' },
  },
});

export const RESTORE = commandSpec({
  command: 'restore',
  usage: 'FILE [options]',
  summary: 'restore a session from its journal',
  positionals: { name: 'FILE', min: 1 },
  about: `Rebuilds a session of the runbook FILE from its crash-safe journal (by default the newest unfinished one in
.runbook/ next to FILE) and prints what it holds, or writes it as an incident record.`,
  options: {
    ...RECORD_OPTION,
    journal: { type: 'string', value: 'J', help: 'restore from this journal file' },
    'journal-dir': { type: 'string', value: 'DIR', help: 'journals live in DIR instead of .runbook/ next to FILE' },
    json: { ...JSON_OPTION.json, help: 'print the restored session as JSON' },
  },
});

/** Every subcommand, in the order `runbook --help` lists them (`run --engine stepfunctions` is `run`'s mode). */
export const SPECS = { fmt: FMT, cells: CELLS, outline: OUTLINE, run: RUN, check: CHECK, health: HEALTH, compile: COMPILE, deploy: DEPLOY, attach: ATTACH, restore: RESTORE };

export type CommandName = keyof typeof SPECS;
