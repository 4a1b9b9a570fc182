/**
 * The extension's settings as one plain snapshot. `src/config.ts` reads `runbooks.*` from VS Code and
 * hands the raw object here; the CLI builds one from its flags. Every key falls back on its own.
 */
export interface Settings {
  aws: {
    /** Named profile for the default credential chain; '' uses the chain's default. */
    profile: string;
    /** A custom endpoint for every AWS call (moto, LocalStack); '' uses AWS. AWS_ENDPOINT_URL also works. */
    endpointUrl: string;
    /** Endpoint per region, e.g. { "af-south-1": "http://127.0.0.1:5000" }; wins over endpointUrl. */
    regionEndpoints: Record<string, string>;
    /** Default region when neither the cell nor the frontmatter names one. */
    defaultRegion: string;
    connectTimeoutMs: number;
    requestTimeoutMs: number;
    maxAttempts: number;
    /** Run commands of services the SDK path does not support through an installed `aws` CLI. */
    cliFallback: boolean;
  };
  /** Show mutating requests without sending them. */
  dryRun: boolean;
  /** Per-cell timeout in seconds; 0 means none. */
  cellTimeoutSeconds: number;
  /** Shell for non-AWS snippets. */
  shell: string;
  /** Variables available to every runbook (lower precedence than frontmatter and session values). */
  variables: Record<string, string>;
  /** Variable names whose values are secret (never recorded, never logged). */
  secretVariables: string[];
  regions: { primary: string; dr: string };
  health: { intervalSeconds: number };
  incident: { folder: string };
  /** DNS servers (host or host:port) `dig` asks when the cell names none; [] uses the system's. */
  dns: { servers: string[]; timeoutMs: number };
}

export const DEFAULTS: Settings = {
  aws: {
    profile: '',
    endpointUrl: '',
    regionEndpoints: {},
    defaultRegion: '',
    connectTimeoutMs: 5000,
    requestTimeoutMs: 10000,
    maxAttempts: 2,
    cliFallback: true,
  },
  dryRun: false,
  cellTimeoutSeconds: 0,
  shell: 'bash',
  variables: {},
  secretVariables: [],
  regions: { primary: '', dr: '' },
  health: { intervalSeconds: 60 },
  incident: { folder: 'incidents' },
  dns: { servers: [], timeoutMs: 5000 },
};

type Raw = Record<string, unknown>;

function obj(v: unknown): Raw {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {};
}
function str(v: unknown, d: string): string {
  return typeof v === 'string' ? v : d;
}
function num(v: unknown, d: number, min = 0): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= min ? v : d;
}
function bool(v: unknown, d: boolean): boolean {
  return typeof v === 'boolean' ? v : d;
}
function strMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(obj(v))) {
    if (typeof val === 'string' || typeof val === 'number' || typeof val === 'boolean') {
      out[k] = String(val);
    }
  }
  return out;
}

/** Validates a raw settings object (nested or VS Code's dotted keys already nested) key by key. */
export function normalizeSettings(raw: unknown): Settings {
  const r = obj(raw);
  const aws = obj(r.aws);
  const regions = obj(r.regions);
  const health = obj(r.health);
  const incident = obj(r.incident);
  const dns = obj(r.dns);
  const d = DEFAULTS;
  return {
    aws: {
      profile: str(aws.profile, d.aws.profile),
      endpointUrl: str(aws.endpointUrl, d.aws.endpointUrl),
      regionEndpoints: strMap(aws.regionEndpoints),
      defaultRegion: str(aws.defaultRegion, d.aws.defaultRegion),
      connectTimeoutMs: num(aws.connectTimeoutMs, d.aws.connectTimeoutMs, 1),
      requestTimeoutMs: num(aws.requestTimeoutMs, d.aws.requestTimeoutMs, 1),
      maxAttempts: Math.floor(num(aws.maxAttempts, d.aws.maxAttempts, 1)),
      cliFallback: bool(aws.cliFallback, d.aws.cliFallback),
    },
    dryRun: bool(r.dryRun, d.dryRun),
    cellTimeoutSeconds: num(r.cellTimeoutSeconds, d.cellTimeoutSeconds),
    shell: str(r.shell, d.shell) || d.shell,
    variables: strMap(r.variables),
    secretVariables: Array.isArray(r.secretVariables) ? r.secretVariables.filter((x): x is string => typeof x === 'string') : [],
    regions: { primary: str(regions.primary, d.regions.primary), dr: str(regions.dr, d.regions.dr) },
    health: { intervalSeconds: num(health.intervalSeconds, d.health.intervalSeconds) },
    incident: { folder: str(incident.folder, d.incident.folder) || d.incident.folder },
    dns: {
      servers: Array.isArray(dns.servers) ? dns.servers.filter((x): x is string => typeof x === 'string' && x !== '') : [],
      timeoutMs: num(dns.timeoutMs, d.dns.timeoutMs, 1),
    },
  };
}
