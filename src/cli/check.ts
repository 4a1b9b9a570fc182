import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { checkText } from '../core/check/check';
import { atLeast, compareFindings, type Finding, type Severity } from '../core/check/finding';
import { humanReport, sarifReport } from '../core/check/report';
import { errorMessage, RunbookError } from '../core/errors';
import { readRunbookFile } from '../core/runbook/readFile';
import { parseOrExit, usageErrorLine, type Values } from './args';
import { pairs, timeoutSeconds } from './awsOptions';
import { type CliIO, EXIT } from './io';
import { CHECK } from './specs';

export type CheckValues = Values<typeof CHECK.options>;

interface Parsed {
  values: CheckValues;
  files: string[];
  failOn: Severity;
  vars: Record<string, string>;
}

/** What the parser cannot say: --fail-on's choices, --timeout's number, --var's NAME=VALUE. */
function validate(values: CheckValues, files: string[]): Parsed {
  const failOn = values['fail-on'] ?? 'error';
  if (failOn !== 'error' && failOn !== 'warning') {
    throw new RunbookError('usage', `--fail-on expects error or warning, got '${failOn}'`);
  }
  timeoutSeconds(values.timeout);
  return { values, files, failOn, vars: Object.fromEntries(pairs(values.var, '--var')) };
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

/** `runbook check FILE... [options]`: see `CHECK` in ./specs. */
export async function check(args: string[], io: CliIO): Promise<number> {
  const parsed = parseOrExit(CHECK, args, io);
  if (typeof parsed === 'number') {
    return parsed;
  }
  let p: Parsed;
  try {
    p = validate(parsed.values, parsed.positionals);
  } catch (e) {
    io.stderr(usageErrorLine(CHECK, errorMessage(e)));
    return EXIT.usage;
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
