import { RunbookError } from '../core/errors';

/** The shared AWS flags' values (declared in ./specs as AWS_OPTIONS). */
export interface AwsOptionValues {
  profile?: string;
  'endpoint-url'?: string;
  'region-endpoint'?: string[];
  'dns-server'?: string[];
}

/** Flags whose value may be a secret: an error about one never quotes it. */
const SECRET_BEARING = new Set(['--var', '--secret']);

/** `NAME=VALUE` flags (`--var`, `--secret`, `--region-endpoint`) as pairs; a usage error names the flag. */
export function pairs(list: string[] | undefined, flag: string): [string, string][] {
  return (list ?? []).map((p) => {
    const at = p.indexOf('=');
    if (at <= 0) {
      const got = SECRET_BEARING.has(flag) ? `one ${flag} has ${at === 0 ? 'no NAME' : "no '='"} (its value is not shown: it may be a secret)` : `got '${p}'`;
      throw new RunbookError('usage', `${flag} expects NAME=VALUE, ${got}`);
    }
    return [p.slice(0, at), p.slice(at + 1)];
  });
}

/** An endpoint must be an http(s) URL: anything else is a usage error before any call is made. */
export function endpointUrl(value: string | undefined, what: string): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    throw new RunbookError('usage', `${what} expects an http:// or https:// URL, got '${value}'`);
  }
  return value;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** The raw settings (for normalizeSettings) the shared flags give; `env` is checked too (AWS_ENDPOINT_URL reaches every call). */
export function awsRawSettings(v: AwsOptionValues, env: NodeJS.ProcessEnv = process.env): { aws: Record<string, unknown>; dns: { servers: string[] } } {
  endpointUrl(env.AWS_ENDPOINT_URL || undefined, 'AWS_ENDPOINT_URL');
  const regionEndpoints = pairs(v['region-endpoint'], '--region-endpoint').map(([region, url]): [string, string] => {
    if (!REGION.test(region)) {
      throw new RunbookError('usage', `--region-endpoint expects REGION=URL with a region such as eu-west-1, got '${region}'`);
    }
    return [region, endpointUrl(url, `--region-endpoint ${region}`) ?? url];
  });
  return {
    aws: {
      profile: v.profile,
      endpointUrl: endpointUrl(v['endpoint-url'], '--endpoint-url'),
      regionEndpoints: Object.fromEntries(regionEndpoints),
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
