import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { cloudFormation, iamPolicy } from '../core/engine/policy';
import { errorMessage, RunbookError } from '../core/errors';
import { COMPILE_OPTIONS, compileFor, engineRegion, isUsageError, loadRunbook, reportNotCompiled } from './engineCommon';
import { type CliIO, EXIT } from './io';

const HELP = `usage: runbook compile FILE --region REGION [options]

Compiles the runbook into an AWS Step Functions state machine (Amazon States Language); see docs/engine.md.
  --phase N|TITLE      only this phase; repeatable (default: every phase with steps)
  --region R           the region the state machine runs in (default: the runbook's DR region)
  --var NAME=VALUE     resolve a placeholder at compile time; repeatable (others are read from $.vars.NAME)
  --local              compile dig and shell cells as callbacks a connected runbook worker runs
  --account ID         the approval queue's account (default: the state machine's own, read at run time)
  --format asl|cfn|iam the definition (default), a CloudFormation template, or the role's IAM policy
  -o, --out FILE       write to FILE instead of stdout
Cells that cannot run in Step Functions are reported on stderr with their line and reason.
`;

const OPTIONS = { ...COMPILE_OPTIONS, format: { type: 'string' }, out: { type: 'string', short: 'o' } } as const;

/** `runbook compile FILE [options]`: see HELP. */
export async function compile(args: string[], io: CliIO): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  try {
    const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
    const format = values.format ?? 'asl';
    if (!['asl', 'cfn', 'iam'].includes(format)) {
      throw new RunbookError('usage', `--format must be asl, cfn or iam; got '${format}'`);
    }
    const rb = await loadRunbook(io, positionals, 'compile');
    const compiled = await compileFor(rb, values, io, 'compile');
    reportNotCompiled(compiled, io, 'compile');
    const region = engineRegion(values.region, rb.outline, 'compile');
    const doc = format === 'asl' ? compiled.definition : format === 'cfn' ? cloudFormation(compiled, region) : iamPolicy(compiled, region, values.account);
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    if (values.out) {
      await writeFile(path.resolve(io.cwd, values.out), text);
    } else {
      io.stdout(text);
    }
    const states = Object.keys(compiled.states).length;
    io.stderr(`runbook compile: ${compiled.machineName}: ${states} task state(s), ${compiled.approvals} approval(s), ${compiled.notCompiled.length} cell(s) not compiled${compiled.runtimeVariables.length ? `; execution input needs vars: ${compiled.runtimeVariables.join(', ')}` : ''}\n`);
    return EXIT.ok;
  } catch (e) {
    io.stderr(`runbook compile: ${errorMessage(e)}\n${isUsageError(e) ? HELP : ''}`);
    return EXIT.usage;
  }
}
