/**
 * Runs the same `aws ...` argv through the real AWS CLI (v1 on PATH) and through our
 * translate + invoke + format, for the CLI-parity tests and the bench.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { BatchWriteItemCommand, CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AwsCallError } from '../../src/core/aws/awsErrors';
import { AwsClientPool } from '../../src/core/aws/clients';
import { invokeAws } from '../../src/core/aws/invoke';
import { formatAwsOutput } from '../../src/core/aws/output';
import { parseAwsArgv } from '../../src/core/aws/translate';
import { RunbookError } from '../../src/core/errors';
import { DEFAULTS, type Settings } from '../../src/core/settings';
import { MANY_ITEMS, MANY_TABLE } from './awsParityCases';

export interface RunOutcome {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The AWS error code when the call failed with one. */
  errorCode?: string;
}

let configFile: string | undefined;

/** Environment for the CLI: iso8601 timestamps, one attempt, dummy credentials, a region. */
export function cliEnv(region = 'af-south-1'): NodeJS.ProcessEnv {
  if (!configFile) {
    const dir = mkdtempSync(path.join(tmpdir(), 'awscli-'));
    configFile = path.join(dir, 'config');
    writeFileSync(configFile, '[default]\ncli_timestamp_format = iso8601\n');
  }
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PYENV_ROOT: process.env.PYENV_ROOT,
    PYENV_VERSION: process.env.PYENV_VERSION,
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_MAX_ATTEMPTS: '1',
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_PAGER: '',
  };
}

let cliPath: string | undefined;

/** The real `aws` script behind a pyenv shim (the shim alone costs ~0.3 s a call), else `aws`. */
export function awsExecutable(): string {
  if (!cliPath) {
    try {
      cliPath = execFileSync('pyenv', ['which', 'aws'], { encoding: 'utf8' }).trim() || 'aws';
    } catch {
      cliPath = 'aws';
    }
  }
  return cliPath;
}

export function runCli(argv: string[], cwd: string): Promise<RunOutcome> {
  return new Promise((resolve) => {
    execFile(awsExecutable(), argv, { env: cliEnv(), cwd, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      const m = /An error occurred \(([^)]+)\)/.exec(stderr);
      resolve({ exitCode: code, stdout, stderr, errorCode: m?.[1] });
    });
  });
}

export function testSettings(endpoint?: string): Settings['aws'] {
  return { ...DEFAULTS.aws, endpointUrl: endpoint ?? '', defaultRegion: 'af-south-1', maxAttempts: 1 };
}

/** Our path: parse, invoke, format, like the kernel does it. */
export async function runOurs(argv: string[], cwd: string, pool: AwsClientPool, settings: Settings['aws']): Promise<RunOutcome> {
  try {
    const cmd = await parseAwsArgv(argv, { cwd });
    const res = await invokeAws(cmd, pool, { settings });
    const title = cmd.commandName.replace(/Command$/, '');
    return { exitCode: 0, stdout: formatAwsOutput(res.data, { output: cmd.globals.output, query: cmd.globals.query, title, pageResults: res.pageResults }), stderr: '' };
  } catch (e) {
    if (AwsCallError.isCall(e)) {
      return { exitCode: 254, stdout: '', stderr: e.message, errorCode: e.call.code };
    }
    if (RunbookError.is(e)) {
      return { exitCode: 252, stdout: '', stderr: e.message, errorCode: e.reason };
    }
    throw e;
  }
}

export function newPool(settings: Settings['aws']): AwsClientPool {
  return new AwsClientPool(settings, { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
}

/** A table of MANY_ITEMS items in af-south-1, for pagination. */
export async function seedManyItems(endpoint: string): Promise<void> {
  const ddb = new DynamoDBClient({ endpoint, region: 'af-south-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  try {
    await ddb.send(
      new CreateTableCommand({
        TableName: MANY_TABLE,
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    const items = Array.from({ length: MANY_ITEMS }, (_, i) => ({ PutRequest: { Item: { id: { S: `item-${String(i).padStart(3, '0')}` }, n: { N: String(i) } } } }));
    for (let i = 0; i < items.length; i += 25) {
      await ddb.send(new BatchWriteItemCommand({ RequestItems: { [MANY_TABLE]: items.slice(i, i + 25) } }));
    }
  } finally {
    ddb.destroy();
  }
}

