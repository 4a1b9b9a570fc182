/**
 * The live resources a placeholder of a known kind can be picked from (`<TG_ARN>`: the region's target
 * groups; `<ZONE_ID>`: the hosted zones), every page of them, through the SDK's own paginators. The
 * caller's signal ends the listing at once (a cancelled pick list, an interrupted cell); each request is
 * bounded by the pool's timeouts, so an unreachable region fails fast. The adapter only shows them.
 */
import type { AwsClientPool, AwsTarget } from '../aws/clients';
import { loadSdkModule } from '../aws/sdkModules';
import type { PlaceholderKind, PlaceholderRequest } from './context';

export interface PickChoice {
  label: string;
  description: string;
  detail?: string;
  /** What the placeholder becomes when this is picked. */
  value: string;
}

export interface PickListOptions {
  signal?: AbortSignal;
  /** Items per request (the service's default when unset). */
  pageSize?: number;
}

type Page = Record<string, unknown>;
type SdkPaginator = (config: { client: unknown; pageSize?: number }, input: object, ...rest: unknown[]) => AsyncIterable<Page>;

interface TargetGroup {
  TargetGroupName?: string;
  TargetGroupArn?: string;
  Protocol?: string;
  Port?: number;
}

interface HostedZone {
  Id?: string;
  Name?: string;
  Config?: { PrivateZone?: boolean };
}

const LISTS: Record<PlaceholderKind, { service: 'elbv2' | 'route53'; paginator: string; key: string; choice(item: never): PickChoice }> = {
  targetGroupArn: {
    service: 'elbv2',
    paginator: 'paginateDescribeTargetGroups',
    key: 'TargetGroups',
    choice: (tg: TargetGroup) => ({ label: tg.TargetGroupName ?? '', description: `${tg.Protocol ?? ''} ${tg.Port ?? ''}`.trim(), detail: tg.TargetGroupArn, value: tg.TargetGroupArn ?? '' }),
  },
  hostedZoneId: {
    service: 'route53',
    paginator: 'paginateListHostedZones',
    key: 'HostedZones',
    choice: (z: HostedZone) => {
      const id = (z.Id ?? '').replace(/^\/hostedzone\//, '');
      return { label: z.Name ?? id, description: id, detail: z.Config?.PrivateZone ? 'private zone' : 'public zone', value: id };
    },
  },
};

/** What a pick list of this kind is of, in words ("target group"). */
export function pickListNoun(kind: PlaceholderKind): string {
  return kind === 'targetGroupArn' ? 'target group' : 'hosted zone';
}

/** Every live resource of the placeholder's kind in its region (and profile and endpoint), in the service's order. */
export async function livePickChoices(req: Pick<PlaceholderRequest, 'region' | 'profile' | 'endpointUrl'> & { kind: PlaceholderKind }, pool: AwsClientPool, opts: PickListOptions = {}): Promise<PickChoice[]> {
  const list = LISTS[req.kind];
  const target: AwsTarget = { region: req.region, profile: req.profile, endpointUrl: req.endpointUrl };
  const [client, mod] = await Promise.all([pool.client(list.service, target), loadSdkModule(list.service)]);
  opts.signal?.throwIfAborted();
  const paginate = mod[list.paginator] as SdkPaginator;
  const choices: PickChoice[] = [];
  for await (const page of paginate({ client, pageSize: opts.pageSize }, {}, { abortSignal: opts.signal })) {
    for (const item of (page[list.key] as never[] | undefined) ?? []) {
      choices.push(list.choice(item));
    }
    opts.signal?.throwIfAborted();
  }
  return choices;
}
