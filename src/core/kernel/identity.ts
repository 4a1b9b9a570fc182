import type { AwsClientPool, AwsIdentity, AwsTarget } from '../aws/clients';
import { loadSdkModule } from '../aws/sdkModules';

const cache = new WeakMap<AwsClientPool, Map<string, AwsIdentity>>();

/**
 * STS GetCallerIdentity through the pool's client, with an AbortSignal so an interrupt or a deadline
 * also tears down the request's socket (a black-holed region must not keep the process alive);
 * cached per pool and target like `pool.identity`.
 */
export async function callerIdentity(pool: AwsClientPool, target: AwsTarget, signal: AbortSignal): Promise<AwsIdentity> {
  const key = [target.region, pool.profileFor(target) ?? '', pool.endpointFor(target) ?? ''].join('|');
  const known = cache.get(pool)?.get(key);
  if (known) {
    return known;
  }
  const [client, mod] = await Promise.all([pool.client('sts', target), loadSdkModule('sts')]);
  const Cmd = mod.GetCallerIdentityCommand as new (input: object) => unknown;
  const out = (await client.send(new Cmd({}), { abortSignal: signal })) as { Account?: string; Arn?: string; UserId?: string };
  const identity = { account: out.Account ?? '', arn: out.Arn ?? '', userId: out.UserId ?? '' };
  const map = cache.get(pool) ?? new Map<string, AwsIdentity>();
  cache.set(pool, map.set(key, identity));
  return identity;
}
