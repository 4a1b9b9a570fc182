import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { checkText } from '../core/check/check';
import { atLeast, compareFindings, type Finding, type Severity } from '../core/check/finding';
import { humanReport, sarifReport } from '../core/check/report';
import { errorMessage, RunbookError } from '../core/errors';
import { readRunbookFile } from '../core/runbook/readFile';
import { AWS_OPTIONS, pairs, timeoutSeconds } from './awsOptions';
import { type CliIO, EXIT } from './io';

const HELP = `usage: runbook check FILE... [options]

Finds what would fail in the incident, before the incident: every aws command against the service model
(and its file:// payloads), placeholders nothing defines, shell that does not parse, dig arguments, the
runbook's structure (budgets, RTO, confirmation, regions) and DR lint. See docs/check.md for every rule.
  --live                    also check against AWS, read-only: identity, the resources the cells name,
                            the DR region's capacity, IAM (where the endpoint can simulate policies)
  --json                    print the findings as JSON
  --sarif OUT               also write SARIF 2.1.0 to OUT (code-scanning dashboards)
  --fail-on error|warning   exit 1 when a finding is at least this severe (default error)
  --var NAME=VALUE          a value for <NAME> / \${NAME} placeholders; repeatable
  --profile P               AWS profile (--live)
  --endpoint-url URL        send every AWS call to URL (--live; moto, LocalStack)
  --region-endpoint R=URL   send calls for region R to URL; repeatable (--live)
  --timeout SECONDS         a live check with no answer by then is a finding (default 15)
Exit status 0 clean, 1 findings at or above --fail-on, 2 bad input (usage, a file that cannot be read).
`;

const OPTIONS = {
  live: { type: 'boolean' },
  json: { type: 'boolean' },
  sarif: { type: 'string' },
  'fail-on': { type: 'string' },
  var: { type: 'string', multiple: true },
  ...AWS_OPTIONS,
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type CheckValues = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

interface Parsed {
  values: CheckValues;
  files: string[];
  failOn: Severity;
  vars: Record<string, string>;
}

function parse(args: string[]): Parsed {
  const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  if (values.help) {
    return { values, files: [], failOn: 'error', vars: {} };
  }
  if (positionals.length === 0) {
    throw new RunbookError('usage', 'FILE is missing');
  }
  const failOn = values['fail-on'] ?? 'error';
  if (failOn !== 'error' && failOn !== 'warning') {
    throw new RunbookError('usage', `--fail-on expects error or warning, got '${failOn}'`);
  }
  timeoutSeconds(values.timeout);
  return { values, files: positionals, failOn, vars: Object.fromEntries(pairs(values.var, '--var')) };
}

async function checkFile(file: string, p: Parsed, io: CliIO): Promise<Finding[]> {
  const full = path.resolve(io.cwd, file);
  const text = await readRunbookFile(full);
  const report = await checkText(text, { file, cwd: path.dirname(full), variables: p.vars });
  if (!p.values.live) {
    return report.findings;
  }
  const { liveFindings } = await import('./checkLive');
  return [...report.findings, ...(await liveFindings(report, p.values, io, file))];
}

/** `runbook check FILE... [options]`: see HELP. */
export async function check(args: string[], io: CliIO): Promise<number> {
  let p: Parsed;
  try {
    p = parse(args);
  } catch (e) {
    io.stderr(`runbook check: ${errorMessage(e)}\n${HELP}`);
    return EXIT.usage;
  }
  if (p.values.help) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  const findings: Finding[] = [];
  for (const file of p.files) {
    try {
      findings.push(...(await checkFile(file, p, io)));
    } catch (e) {
      io.stderr(`runbook check: ${errorMessage(e)}\n`);
      return EXIT.usage;
    }
  }
  findings.sort(compareFindings);
  if (p.values.sarif) {
    await writeFile(path.resolve(io.cwd, p.values.sarif), `${JSON.stringify(sarifReport(findings), null, 2)}\n`);
  }
  io.stdout(p.values.json ? `${JSON.stringify({ files: p.files, findings }, null, 2)}\n` : humanReport(findings, p.files.length));
  return findings.some((f) => atLeast(f.severity, p.failOn)) ? EXIT.failed : EXIT.ok;
}
