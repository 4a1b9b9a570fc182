import { runAwsCli } from '../aws/cliFallback';
import { compareChange } from '../confirm/change';
import { readCurrentState } from '../confirm/current';
import type { AwsCommand, AwsOutputFormat } from '../aws/command';
import { currentRecordSets, describeRequest } from '../aws/mutation';
import { isReadOnly } from '../aws/policy';
import { invokeAws } from '../aws/invoke';
import { formatAwsOutput } from '../aws/output';
import { parseAwsArgv } from '../aws/translate';
import { redactText, StreamRedactor } from '../incident/redact';
import { parseShellCommands } from '../shell/parse';
import { runShell } from '../shell/runShell';
import type { KernelBackends } from './backends';

/** The kernel's backends, wired to the real modules: translate/invoke (SDK v3), shell, dig, redactor. */
export const realBackends: KernelBackends = {
  parseShell: (text, env) => {
    const vars: Record<string, string> = {};
    for (const [k, v] of Object.entries(env)) {
      if (v !== undefined) {
        vars[k] = v;
      }
    }
    return parseShellCommands(text, vars);
  },
  parseAws: (argv, opts) => parseAwsArgv(argv, opts),
  invokeAws: async (cmd, pool, opts) => {
    const res = await invokeAws(cmd as AwsCommand, pool, { signal: opts.signal, settings: opts.settings.aws, env: opts.env });
    return { data: res.data, pageResults: res.pageResults };
  },
  formatAws: (data, opts) => formatAwsOutput(data, { output: opts.output as AwsOutputFormat, query: opts.query, title: opts.title, pageResults: opts.pageResults }),
  describeRequest: (cmd, identity) => describeRequest(cmd as AwsCommand, identity).summary,
  currentRecordSets: (cmd, pool, signal) => currentRecordSets(cmd as AwsCommand, pool, { signal }),
  compareChange: async (cmd, pool, signal) => compareChange(cmd, await readCurrentState(cmd, pool, signal)),
  runAwsCli: (argv, opts) => runAwsCli(argv, { cwd: opts.cwd, settings: opts.settings.aws, env: opts.env, signal: opts.signal }),
  isReadOnly: (service, operation) => isReadOnly(service, operation),
  runShell: (script, opts) => runShell(script, opts),
  runDig: async (args, opts) => {
    const { parseDigArgs, runDig } = await import('../dns/dig');
    const { text, success } = await runDig(parseDigArgs(args), opts);
    return { text, success };
  },
  redactor: (secrets) => new StreamRedactor({ secrets }),
  redact: (text, secrets) => redactText(text, { secrets }),
};
