import { RunbookError } from '../core/errors';

/** The flags `runbook run` and `runbook health` share: where AWS and DNS calls go. */
export const AWS_OPTIONS = {
  profile: { type: 'string' },
  'endpoint-url': { type: 'string' },
  'region-endpoint': { type: 'string', multiple: true },
  'dns-server': { type: 'string', multiple: true },
} as const;

export interface AwsOptionValues {
  profile?: string;
  'endpoint-url'?: string;
  'region-endpoint'?: string[];
  'dns-server'?: string[];
}

/** `NAME=VALUE` flags (`--var`, `--region-endpoint`) as pairs; a usage error names the flag. */
export function pairs(list: string[] | undefined, flag: string): [string, string][] {
  return (list ?? []).map((p) => {
    const at = p.indexOf('=');
    if (at <= 0) {
      throw new RunbookError('usage', `${flag} expects NAME=VALUE, got '${p}'`);
    }
    return [p.slice(0, at), p.slice(at + 1)];
  });
}

/** The raw settings (for normalizeSettings) the shared flags give. */
export function awsRawSettings(v: AwsOptionValues): { aws: Record<string, unknown>; dns: { servers: string[] } } {
  return {
    aws: {
      profile: v.profile,
      endpointUrl: v['endpoint-url'],
      regionEndpoints: Object.fromEntries(pairs(v['region-endpoint'], '--region-endpoint')),
    },
    dns: { servers: v['dns-server'] ?? [] },
  };
}

/** `--timeout SECONDS` as a positive number, or undefined when absent. */
export function timeoutSeconds(value: string | undefined): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const n = Number(value);
  if (!(n > 0)) {
    throw new RunbookError('usage', `--timeout expects a number of seconds, got '${value}'`);
  }
  return n;
}
