import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { cloudFormation, iamPolicy } from '../core/engine/policy';
import { errorMessage, RunbookError } from '../core/errors';
import { compileFor, engineRegion, isUsageError, loadRunbook, reportNotCompiled } from './engineCommon';
import { parseOrExit, usageErrorLine } from './args';
import { type CliIO, EXIT } from './io';
import { COMPILE } from './specs';

/** `runbook compile FILE [options]`: see `COMPILE` in ./specs. */
export async function compile(args: string[], io: CliIO): Promise<number> {
  const parsed = parseOrExit(COMPILE, args, io);
  if (typeof parsed === 'number') {
    return parsed;
  }
  try {
    const { values, positionals } = parsed;
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
    io.stderr(isUsageError(e) ? usageErrorLine(COMPILE, errorMessage(e)) : `runbook compile: ${errorMessage(e)}\n`);
    return EXIT.usage;
  }
}
