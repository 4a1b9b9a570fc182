/**
 * The human summary a confirmation shows before anything that changes AWS is sent, and the Route 53
 * record sets such a change touches. Which operations only read is the policy (policy.ts).
 */
import type { AwsClientPool, AwsIdentity } from './clients';
import { toCliShape } from './cliShape';
import { loadSdkModule } from './sdkModules';
import type { AwsCommand } from './command';

export interface RequestDescription {
  service: string;
  operation: string;
  region: string;
  account: string;
  arn: string;
  readOnly: boolean;
  /** The whole request as JSON (blobs shown as their size). */
  request: string;
  /** One line: "elbv2 modify-target-group in af-south-1, account 123456789012". */
  summary: string;
}

function requestJson(input: Record<string, unknown>): string {
  return JSON.stringify(
    input,
    (_k, v: unknown) => {
      if (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data)) {
        return `<${(v as { data: unknown[] }).data.length} bytes>`;
      }
      return v;
    },
    2,
  );
}

/** A summary for the confirmation of a request (service, operation, region, account, whole request). */
export function describeRequest(cmd: AwsCommand, identity: AwsIdentity, region?: string): RequestDescription {
  const r = region ?? cmd.globals.region ?? '';
  return {
    service: cmd.service,
    operation: cmd.operation,
    region: r,
    account: identity.account,
    arn: identity.arn,
    readOnly: cmd.readOnly,
    request: requestJson(cmd.shownInput ?? cmd.input),
    summary: `aws ${cmd.service} ${cmd.operation} in ${r || '(default region)'}, account ${identity.account} (${identity.arn})`,
  };
}

/** A record set as the CLI prints it (Route 53 ResourceRecordSet). */
export type RecordSet = Record<string, unknown> & { Name?: string; Type?: string; SetIdentifier?: string };

interface ChangeLike {
  ResourceRecordSet?: { Name?: string; Type?: string };
}

function normName(n: string): string {
  return n.toLowerCase().replace(/\.$/, '');
}

/**
 * For `route53 change-resource-record-sets`: the record sets live now under the names and types the
 * change batch touches, so a confirmation can show them beside the change. [] for other commands.
 */
export async function currentRecordSets(
  cmd: AwsCommand,
  pool: AwsClientPool,
  opts: { signal?: AbortSignal } = {},
): Promise<RecordSet[]> {
  if (cmd.service !== 'route53' || cmd.operation !== 'change-resource-record-sets') {
    return [];
  }
  const zoneId = String(cmd.input.HostedZoneId ?? '');
  const changes = ((cmd.input.ChangeBatch as { Changes?: ChangeLike[] } | undefined)?.Changes ?? []).map((c) => c.ResourceRecordSet ?? {});
  const wanted = new Map(changes.filter((r) => r.Name).map((r) => [`${normName(r.Name as string)}|${r.Type ?? ''}`, r]));
  const target = { region: cmd.globals.region || 'us-east-1', profile: cmd.globals.profile, endpointUrl: cmd.globals.endpointUrl };
  const [client, mod] = await Promise.all([pool.client('route53', target), loadSdkModule('route53')]);
  const List = mod.ListResourceRecordSetsCommand as new (i: object) => unknown;
  const found: RecordSet[] = [];
  for (const r of wanted.values()) {
    const out = (await client.send(new List({ HostedZoneId: zoneId, StartRecordName: r.Name, StartRecordType: r.Type, MaxItems: 100 }), {
      abortSignal: opts.signal,
    })) as { ResourceRecordSets?: RecordSet[] };
    for (const rs of out.ResourceRecordSets ?? []) {
      if (normName(rs.Name ?? '') === normName(r.Name as string) && (!r.Type || rs.Type === r.Type)) {
        found.push(toCliShape(rs) as RecordSet);
      }
    }
  }
  return found;
}
