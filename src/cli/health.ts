import { isAbsolute, resolve } from 'node:path';
import { AwsClientPool } from '../core/aws/clients';
import { errorMessage } from '../core/errors';
import { evaluateHealth } from '../core/health/evaluate';
import { targetsFromDocument, withOverrides } from '../core/health/targets';
import { buildOutline } from '../core/runbook/outline';
import { parseRunbook } from '../core/runbook/parse';
import { readRunbookFile } from '../core/runbook/readFile';
import { normalizeSettings, type Settings } from '../core/settings';
import { parseOrExit, usageErrorLine, type Values as ArgValues } from './args';
import { awsRawSettings, timeoutSeconds } from './awsOptions';
import { type CliIO, EXIT } from './io';
import { HEALTH } from './specs';

/** Connect + request: the extension's defaults (5 s + 10 s). */
const DEFAULT_TIMEOUT_SECONDS = 15;

type Values = ArgValues<typeof HEALTH.options>;

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
  const parsed = parseOrExit(HEALTH, args, io);
  if (typeof parsed === 'number') {
    return parsed;
  }
  let settings: Settings;
  try {
    settings = healthSettings(parsed.values, io.env);
  } catch (e) {
    io.stderr(usageErrorLine(HEALTH, errorMessage(e)));
    return EXIT.usage;
  }
  const positionals = parsed.positionals;
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
