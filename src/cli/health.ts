import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AwsClientPool } from '../core/aws/clients';
import { errorMessage, RunbookError } from '../core/errors';
import { evaluateHealth } from '../core/health/evaluate';
import { targetsFromDocument, withOverrides } from '../core/health/targets';
import { buildOutline } from '../core/runbook/outline';
import { parseRunbook } from '../core/runbook/parse';
import { readRunbookFile } from '../core/runbook/readFile';
import { normalizeSettings, type Settings } from '../core/settings';
import { AWS_OPTIONS, awsRawSettings, timeoutSeconds } from './awsOptions';
import { type CliIO, EXIT } from './io';

/** Connect + request: the extension's defaults (5 s + 10 s). */
const DEFAULT_TIMEOUT_SECONDS = 15;

const HELP = `usage: runbook health FILE [options]

Checks the primary and DR regions named in the runbook's DR Strategy (read-only, concurrently): ECS cluster
status and running tasks, load balancer target health, DynamoDB table and replicas, S3 replication, and what
the failover DNS name's records say. Prints one JSON document: each region's state (healthy, degraded, down,
unreachable) with the latency of each check, the DNS records, and the matching Failover Decision Matrix row.
  --profile P               AWS profile for the default credential chain
  --endpoint-url URL        send every AWS call to URL (moto, LocalStack)
  --region-endpoint R=URL   send calls for region R to URL; repeatable
  --dns-server HOST[:PORT]  also ask this DNS server for the failover name; repeatable
  --primary REGION          primary region when the runbook names none
  --dr REGION               DR region when the runbook names none
  --timeout SECONDS         a check with no answer by then reads unreachable (default 15)
Exit status 0 whenever health could be evaluated, even if a region is degraded, down or unreachable;
2 when the runbook cannot be read (as fmt and cells) or on a usage error.
`;

const OPTIONS = {
  ...AWS_OPTIONS,
  primary: { type: 'string' },
  dr: { type: 'string' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** Settings from the defaults and the flags; one attempt per call, split the timeout into connect + request. */
export function healthSettings(v: Values, env: NodeJS.ProcessEnv = process.env): Settings {
  const total = (timeoutSeconds(v.timeout) ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  const connect = Math.min(5000, Math.floor(total / 3));
  const raw = awsRawSettings(v, env);
  return normalizeSettings({
    ...raw,
    aws: { ...raw.aws, connectTimeoutMs: connect, requestTimeoutMs: total - connect, maxAttempts: 1 },
    regions: { primary: v.primary, dr: v.dr },
  });
}

export async function health(args: string[], io: CliIO): Promise<number> {
  let v: Values;
  let positionals: string[];
  let settings: Settings;
  try {
    ({ values: v, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true }));
    if (v.help) {
      io.stdout(HELP);
      return EXIT.ok;
    }
    if (positionals.length !== 1) {
      throw new RunbookError('usage', 'expects exactly one FILE');
    }
    settings = healthSettings(v, io.env);
  } catch (e) {
    io.stderr(`runbook health: ${errorMessage(e).split('\n')[0]} (see runbook health --help)\n`);
    return EXIT.usage;
  }
  const file = isAbsolute(positionals[0]) ? positionals[0] : resolve(io.cwd, positionals[0]);
  let text: string;
  try {
    text = await readRunbookFile(file);
  } catch (e) {
    io.stderr(`runbook health: ${errorMessage(e)}\n`);
    return EXIT.usage;
  }
  const doc = parseRunbook(text);
  const outline = buildOutline(doc);
  const pool = new AwsClientPool(settings.aws, io.env);
  try {
    const report = await evaluateHealth({ outline, targets: withOverrides(targetsFromDocument(doc), outline.frontmatter), settings, pool, signal: io.signal });
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    return EXIT.ok;
  } finally {
    pool.dispose();
  }
}
