/** Region health: what was checked, what it said, how long it took. Plain data (the CLI prints it as JSON). */

export type HealthState = 'healthy' | 'degraded' | 'down' | 'unreachable' | 'unknown';

export type CheckName = 'ecs' | 'alb' | 'dynamodb' | 's3' | 'dns';

export interface CheckResult {
  check: CheckName;
  state: HealthState;
  latencyMs: number;
  /** One line for the tree: "ACTIVE, 3 running, 0 pending". */
  summary: string;
  details?: Record<string, unknown>;
  /** The error's name when the call failed ("TimeoutError", "ResourceNotFoundException"). */
  error?: string;
}

export interface RegionHealth {
  region: string;
  role: 'primary' | 'dr';
  state: HealthState;
  /** The slowest check of the region (they run concurrently). */
  latencyMs: number;
  checks: CheckResult[];
  /** In a partial report: the checks that have not answered yet. */
  pending?: CheckName[];
}

export interface FailoverRecord {
  name: string;
  type: string;
  setIdentifier?: string;
  failover?: 'PRIMARY' | 'SECONDARY';
  /** Alias DNS name or the record values. */
  target: string;
  /** The region the target lives in, read from the target name ("…af-south-1.elb.amazonaws.com"). */
  region?: string;
  healthCheckId?: string;
  /** Route 53's health checker observations for that health check: 'Success…' / 'Failure…'. */
  healthCheckStatus?: string;
}

export interface DnsHealth {
  name: string;
  zoneId?: string;
  state: HealthState;
  latencyMs: number;
  summary: string;
  records: FailoverRecord[];
  /** The region the PRIMARY record points at. */
  primaryPointsTo?: string;
  /** What `dig` answered through each configured DNS server. */
  answers?: { server: string; addresses: string[]; error?: string }[];
  error?: string;
}

export interface DecisionRow {
  scenario: string;
  action: string;
  /** Why this row: what was observed. */
  reason: string;
}

export interface HealthReport {
  /** UTC ISO-8601 of the start of the refresh. */
  time: string;
  durationMs: number;
  regions: RegionHealth[];
  dns?: DnsHealth;
  /** The Failover Decision Matrix row that matches; absent when nothing calls for one (all healthy). */
  decision?: DecisionRow;
  /** Plain-language notes ("DR region is degraded too"). */
  notes: string[];
  /** Set while checks are still running: what has answered so far (no decision yet). */
  partial?: boolean;
}
