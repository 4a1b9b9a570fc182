import { AwsClientPool } from '../core/aws/clients';
import type { StaticReport } from '../core/check/check';
import type { Finding } from '../core/check/finding';
import { liveChecks } from '../core/check/live';
import { normalizeSettings } from '../core/settings';
import { awsRawSettings, timeoutSeconds, type AwsOptionValues } from './awsOptions';
import type { CliIO } from './io';

const DEFAULT_TIMEOUT_SECONDS = 15;

/** `--live`: one attempt per call, the timeout split into connect + request, the whole bounded by the deadline. */
export async function liveFindings(report: StaticReport, v: AwsOptionValues & { timeout?: string }, io: CliIO, file: string): Promise<Finding[]> {
  const total = (timeoutSeconds(v.timeout) ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  const connect = Math.min(5000, Math.floor(total / 3));
  const raw = awsRawSettings(v, io.env);
  const settings = normalizeSettings({ ...raw, aws: { ...raw.aws, connectTimeoutMs: connect, requestTimeoutMs: total - connect, maxAttempts: 1 } });
  const pool = new AwsClientPool(settings.aws, io.env);
  try {
    const live = await liveChecks(report, { file, pool, profile: settings.aws.profile || undefined, deadlineMs: total, signal: io.signal, defaultRegion: io.env.AWS_REGION || undefined });
    const regions = live.regions.map((r) => `${r.region} ${r.reachable ? 'answered' : 'did not answer'} in ${r.ms} ms`).join(', ');
    io.stderr(`runbook check --live: ${file}: ${regions}; live checks took ${live.ms} ms\n`);
    return live.findings;
  } finally {
    pool.dispose();
  }
}
