/**
 * The Step Functions and SQS clients the engine uses, configured like the kernel's (settings' timeouts,
 * bounded attempts, endpoint overrides for moto, the default credential chain).
 */
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { AwsClientPool, AwsIdentity } from '../aws/clients';
import type { Settings } from '../settings';

export interface EngineClients {
  region: string;
  sfn: SFNClient;
  sqs: SQSClient;
  /** Who is calling (the approver's identity goes into the task success payload). */
  identity(): Promise<AwsIdentity>;
  dispose(): void;
}

async function credentials(profile: string | undefined, env: NodeJS.ProcessEnv): Promise<unknown> {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = env;
  if (!profile && accessKeyId && secretAccessKey) {
    return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  }
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
  return fromNodeProviderChain(profile ? { profile } : {});
}

/** Clients for one region; `pool` gives the endpoint and profile the rest of the product uses. */
export async function engineClients(region: string, settings: Settings['aws'], pool: AwsClientPool, env: NodeJS.ProcessEnv): Promise<EngineClients> {
  const [{ SFNClient: Sfn }, { SQSClient: Sqs }, { NodeHttpHandler }] = await Promise.all([
    import('@aws-sdk/client-sfn'),
    import('@aws-sdk/client-sqs'),
    import('@smithy/node-http-handler'),
  ]);
  const target = { region };
  const endpoint = pool.endpointFor(target);
  const config = {
    region,
    credentials: (await credentials(pool.profileFor(target), env)) as never,
    maxAttempts: settings.maxAttempts,
    // One endpoint, as shown: only the pool's (never AWS_ENDPOINT_URL_SFN/_SQS or a config file's endpoint_url).
    ignoreConfiguredEndpointUrls: true,
    requestHandler: new NodeHttpHandler({ connectionTimeout: settings.connectTimeoutMs, requestTimeout: settings.requestTimeoutMs, throwOnRequestTimeout: true }),
    ...(endpoint ? { endpoint } : {}),
  };
  const sfn = new Sfn(config);
  const sqs = new Sqs(config);
  return {
    region,
    sfn,
    sqs,
    identity: () => pool.identity(target),
    dispose: () => {
      sfn.destroy();
      sqs.destroy();
    },
  };
}
