/**
 * The Step Functions and SQS clients the engine uses, configured like the kernel's (settings' timeouts,
 * bounded attempts, endpoint overrides for moto, and the pool's credentials: one role assumption, at the endpoint shown).
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

/** Clients for one region; `pool` gives the endpoint and profile the rest of the product uses. */
export async function engineClients(region: string, settings: Settings['aws'], pool: AwsClientPool): Promise<EngineClients> {
  const [{ SFNClient: Sfn }, { SQSClient: Sqs }, { NodeHttpHandler }] = await Promise.all([
    import('@aws-sdk/client-sfn'),
    import('@aws-sdk/client-sqs'),
    import('@smithy/node-http-handler'),
  ]);
  const target = { region };
  const endpoint = pool.endpointFor(target);
  const config = {
    region,
    // The pool's: one role assumption for the whole product, at the endpoint shown, and known to the redactor.
    credentials: (await pool.credentialsFor(target)) as never,
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
