import { RunbookError } from '../errors';
import { NULL_LOGGER, type Logger } from '../logger';
import type { Settings } from '../settings';
import { CLIENT_CLASS, loadSdkModule, type SdkServiceName } from './sdkModules';

export type { AwsServiceName } from './sdkModules';

/** Where a call goes: region, optional profile and endpoint (a cell's `--profile` / `--endpoint-url`). */
export interface AwsTarget {
  region: string;
  profile?: string;
  endpointUrl?: string;
}

/** The part of an SDK v3 client the core uses. */
export interface SdkClient {
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
  destroy(): void;
}

export interface AwsIdentity {
  account: string;
  arn: string;
  userId: string;
}

type ClientCtor = new (config: Record<string, unknown>) => SdkClient;

/**
 * One SDK client per (service, region, profile, endpoint), built lazily with the settings' timeouts,
 * bounded retries and the default credential chain. Dispose it to close sockets.
 */
export class AwsClientPool {
  private readonly clients = new Map<string, Promise<SdkClient>>();
  private readonly identities = new Map<string, Promise<AwsIdentity>>();
  private readonly credentials = new Map<string, unknown>();
  /** The secret parts of every credential resolved so far (secret key, session token), for the redactor. */
  readonly secretValues = new Set<string>();

  constructor(
    private readonly settings: Settings['aws'],
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly logger: Logger = NULL_LOGGER,
  ) {}

  /** The endpoint a call to this target uses, or undefined for AWS itself. */
  endpointFor(target: AwsTarget): string | undefined {
    return (
      target.endpointUrl ||
      this.settings.regionEndpoints[target.region] ||
      this.settings.endpointUrl ||
      this.env.AWS_ENDPOINT_URL ||
      undefined
    );
  }

  profileFor(target: AwsTarget): string | undefined {
    return target.profile || this.settings.profile || this.env.AWS_PROFILE || undefined;
  }

  client(service: SdkServiceName, target: AwsTarget): Promise<SdkClient> {
    const key = [service, target.region, this.profileFor(target) ?? '', this.endpointFor(target) ?? ''].join('|');
    let p = this.clients.get(key);
    if (!p) {
      p = this.build(service, target);
      this.clients.set(key, p);
      p.catch(() => this.clients.delete(key));
    }
    return p;
  }

  /** STS GetCallerIdentity for the target, cached per target (a failed or aborted call is not cached). */
  identity(target: AwsTarget, opts: { signal?: AbortSignal } = {}): Promise<AwsIdentity> {
    const key = [target.region, this.profileFor(target) ?? '', this.endpointFor(target) ?? ''].join('|');
    let p = this.identities.get(key);
    if (!p) {
      p = this.fetchIdentity(target, opts.signal);
      this.identities.set(key, p);
      p.catch(() => this.identities.delete(key));
    }
    return p;
  }

  dispose(): void {
    for (const p of this.clients.values()) {
      p.then((c) => c.destroy()).catch(() => {});
    }
    this.clients.clear();
    this.identities.clear();
  }

  private async fetchIdentity(target: AwsTarget, signal?: AbortSignal): Promise<AwsIdentity> {
    const sts = await this.client('sts', target);
    const mod = await loadSdkModule('sts');
    const Cmd = mod.GetCallerIdentityCommand as new (input: object) => unknown;
    const out = (await sts.send(new Cmd({}), { abortSignal: signal })) as { Account?: string; Arn?: string; UserId?: string };
    return { account: out.Account ?? '', arn: out.Arn ?? '', userId: out.UserId ?? '' };
  }

  private async build(service: SdkServiceName, target: AwsTarget): Promise<SdkClient> {
    if (!target.region) {
      throw new RunbookError('noRegion', `No region for ${service}: pass --region, or set a default region.`);
    }
    const [mod, { NodeHttpHandler }] = await Promise.all([loadSdkModule(service), import('@smithy/node-http-handler')]);
    const Ctor = mod[CLIENT_CLASS[service]] as ClientCtor;
    const endpoint = this.endpointFor(target);
    const config: Record<string, unknown> = {
      region: target.region,
      credentials: await this.credentialsFor(target),
      maxAttempts: this.settings.maxAttempts,
      // One endpoint, one account: only endpointFor decides (never AWS_ENDPOINT_URL_<SERVICE> or a config file's endpoint_url).
      ignoreConfiguredEndpointUrls: true,
      requestHandler: new NodeHttpHandler({
        connectionTimeout: this.settings.connectTimeoutMs,
        requestTimeout: this.settings.requestTimeoutMs,
        throwOnRequestTimeout: true,
      }),
    };
    if (endpoint) {
      config.endpoint = endpoint;
      if (service === 's3api') {
        config.forcePathStyle = true;
        config.requestChecksumCalculation = 'WHEN_REQUIRED';
        config.responseChecksumValidation = 'WHEN_REQUIRED';
      }
    }
    this.logger.debug(`aws: new ${service} client for ${target.region}${endpoint ? ` at ${endpoint}` : ''}`);
    return new Ctor(config);
  }

  /**
   * The credentials of a target, for every client of the product (the kernel's and the engine's): static keys from an
   * injected env (when no profile is asked for), else the SDK's default chain. The chain's own clients (STS for a
   * role or a web identity, SSO) go to the session's endpoint (the settings', AWS_ENDPOINT_URL) or AWS itself, never
   * to AWS_ENDPOINT_URL_STS/_SSO or a config file's endpoint_url, and never to a cell's own `--endpoint-url`: a signed
   * AssumeRole request handed to any other endpoint could be replayed to AWS to take the role (a cell's call to its
   * endpoint carries only that call's signature, as with the AWS CLI). One chain per profile and session endpoint, so
   * a role is assumed once for all clients.
   */
  async credentialsFor(target: AwsTarget): Promise<unknown> {
    const profile = this.profileFor(target);
    const endpoint = this.endpointFor({ ...target, endpointUrl: undefined });
    const key = `${profile ?? ''}|${endpoint ?? ''}`;
    const known = this.credentials.get(key);
    if (known) {
      return known;
    }
    let creds: unknown;
    const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = this.env;
    if (!profile && accessKeyId && secretAccessKey) {
      creds = { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
      this.learnSecrets(creds as Credentials);
    } else {
      const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
      const clientConfig = { ignoreConfiguredEndpointUrls: true, ...(endpoint ? { endpoint } : {}) };
      const chain = fromNodeProviderChain({ ...(profile ? { profile } : {}), clientConfig });
      creds = async (o?: unknown) => this.learnSecrets(await chain(o as Parameters<typeof chain>[0]));
    }
    this.credentials.set(key, creds);
    return creds;
  }

  /** Remembers the secret parts of resolved credentials (so the redactor hides them wherever they appear). */
  private learnSecrets<C extends Credentials>(c: C): C {
    for (const v of [c.secretAccessKey, c.sessionToken]) {
      if (v) {
        this.secretValues.add(v);
      }
    }
    return c;
  }
}

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}
