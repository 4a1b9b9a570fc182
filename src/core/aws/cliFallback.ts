/**
 * Services outside the SDK path run through an installed `aws` CLI when the setting allows it
 * (spawned without a shell, cancellable, output labelled as the CLI's); otherwise a clear error.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import * as path from 'node:path';
import { RunbookError } from '../errors';
import type { Settings } from '../settings';
import { AWS_SERVICES } from './sdkModules';

export interface AwsCliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Always 'AWS CLI': show it beside the output. */
  label: 'AWS CLI';
  executable: string;
}

export interface AwsCliOptions {
  cwd: string;
  settings: Settings['aws'];
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

/** The `aws` executable on PATH, or undefined. */
export async function findAwsCli(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const file = path.join(dir, 'aws');
    try {
      await access(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

function unsupported(service: string, why: string): RunbookError {
  return new RunbookError(
    'unknownService',
    `aws ${service} is not supported in-process (supported: ${AWS_SERVICES.join(', ')}), and ${why}.`,
    { service },
  );
}

/** Runs `aws ARGV...` (argv after `aws`) through the installed CLI. */
export async function runAwsCli(argv: string[], opts: AwsCliOptions): Promise<AwsCliResult> {
  const env = { ...(opts.env ?? process.env) };
  if (!opts.settings.cliFallback) {
    throw unsupported(argv[0] ?? '', 'the AWS CLI fallback is off (runbooks.aws.cliFallback)');
  }
  const executable = await findAwsCli(env);
  if (!executable) {
    throw unsupported(argv[0] ?? '', 'no `aws` executable is on PATH');
  }
  if (opts.settings.endpointUrl && !env.AWS_ENDPOINT_URL) {
    env.AWS_ENDPOINT_URL = opts.settings.endpointUrl;
  }
  env.AWS_PAGER = '';
  return new Promise((resolve, reject) => {
    const child = spawn(executable, argv, { cwd: opts.cwd, env, signal: opts.signal, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (e) =>
      reject(e.name === 'AbortError' ? new RunbookError('aborted', `aws ${argv.slice(0, 2).join(' ')} was cancelled.`) : e),
    );
    child.on('close', (code) => resolve({ exitCode: code ?? 1, stdout, stderr, label: 'AWS CLI', executable }));
  });
}
