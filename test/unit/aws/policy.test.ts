import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { AwsCallError, toAwsCallError } from '../../../src/core/aws/awsErrors';
import { AwsClientPool } from '../../../src/core/aws/clients';
import { cliTimestamp, toCliShape } from '../../../src/core/aws/cliShape';
import type { AwsCommand } from '../../../src/core/aws/command';
import { regionOf } from '../../../src/core/aws/invoke';
import { describeRequest } from '../../../src/core/aws/mutation';
import { closest, editDistance } from '../../../src/core/aws/naming';
import { mergePages } from '../../../src/core/aws/paginate';
import { AWS_SERVICES, loadSdkModule } from '../../../src/core/aws/sdkModules';
import { isReadOnly } from '../../../src/core/aws/policy';
import { operationsOf, parseAwsArgv } from '../../../src/core/aws/translate';
import { DEFAULTS } from '../../../src/core/settings';

const noState = { aborted: false, deadlineHit: false };

describe('aws safety policy', () => {
  it('reads run without asking; anything else is a mutation', () => {
    for (const [s, op] of [['ecs', 'describe-clusters'], ['elbv2', 'describe-target-health'], ['dynamodb', 'scan'], ['dynamodb', 'query'],
      ['s3api', 'get-bucket-replication'], ['s3api', 'head-object'], ['route53', 'list-resource-record-sets'], ['sts', 'get-caller-identity'],
      ['dynamodb', 'batch-get-item'], ['cloudwatch', 'get-metric-data']]) {
      assert.equal(isReadOnly(s, op), true, `${s} ${op}`);
    }
    for (const [s, op] of [['route53', 'change-resource-record-sets'], ['ecs', 'update-service'], ['dynamodb', 'put-item'], ['s3api', 'delete-object'],
      ['rds', 'failover-db-cluster'], ['rds', 'promote-read-replica'], ['elbv2', 'modify-target-group'], ['sts', 'get-session-token'],
      ['cloudwatch', 'put-metric-alarm'], ['dynamodb', 'batch-write-item']]) {
      assert.equal(isReadOnly(s, op), false, `${s} ${op}`);
    }
  });

  it('of every operation the in-process clients ship, only plain reads skip the confirmation (no credential-issuing STS call)', async () => {
    const readOnly: string[] = [];
    for (const service of AWS_SERVICES) {
      const ops = [...operationsOf(await loadSdkModule(service)).keys()];
      readOnly.push(...ops.filter((op) => isReadOnly(service, op)).map((op) => `${service}.${op}`));
    }
    assert.deepEqual(readOnly.filter((k) => k.startsWith('sts.')).sort(), ['sts.decode-authorization-message', 'sts.get-access-key-info', 'sts.get-caller-identity']);
    const verbs = new Set(readOnly.map((k) => k.split('.')[1].split('-')[0]));
    assert.deepEqual([...verbs].sort(), ['batch', 'decode', 'describe', 'get', 'head', 'list', 'query', 'scan', 'select', 'test', 'validate']);
    assert.ok(readOnly.includes('route53.test-dns-answer') && readOnly.includes('s3api.select-object-content'), readOnly.join(' '));
  });

  it('read-looking names that change something or hand out secrets are confirmed (also through the CLI fallback)', () => {
    for (const [s, op] of [['sts', 'get-web-identity-token'], ['sts', 'get-delegated-access-token'], ['sts', 'get-scoped-credentials'], ['sts', 'get-federation-token'],
      ['ecr', 'get-login-password'], ['ecr', 'get-authorization-token'], ['ec2', 'get-password-data'], ['apigateway', 'test-invoke-method'], ['stepfunctions', 'test-state']]) {
      assert.equal(isReadOnly(s, op), false, `${s} ${op}`);
    }
    assert.equal(isReadOnly('ec2', 'describe-instances'), true);
  });

  it('describeRequest shows service, operation, region, account and the whole request', async () => {
    const cmd = await parseAwsArgv(['ecs', 'update-service', '--cluster', 'prod-cluster', '--service', 'wp', '--desired-count', '3', '--region', 'eu-west-1'], { cwd: '/' });
    const d = describeRequest(cmd, { account: '123456789012', arn: 'arn:aws:iam::123456789012:user/sre', userId: 'U' });
    assert.equal(d.summary, 'aws ecs update-service in eu-west-1, account 123456789012 (arn:aws:iam::123456789012:user/sre)');
    assert.deepEqual(JSON.parse(d.request), { cluster: 'prod-cluster', service: 'wp', desiredCount: 3 });
    assert.equal(d.readOnly, false);
  });
});

describe('aws CLI-shaped results', () => {
  it('timestamps print like Python isoformat, as the CLI does', () => {
    assert.equal(cliTimestamp(new Date('2026-03-01T10:20:30Z')), '2026-03-01T10:20:30+00:00');
    assert.equal(cliTimestamp(new Date('2026-03-01T10:20:30.120Z')), '2026-03-01T10:20:30.120000+00:00');
  });

  it('drops $metadata and undefined, base64s bytes, recurses', () => {
    const shaped = toCliShape({ $metadata: { httpStatusCode: 200 }, A: undefined, B: new Uint8Array([104, 105]), C: [{ D: new Date(0) }] });
    assert.deepEqual(shaped, { B: 'aGk=', C: [{ D: '1970-01-01T00:00:00+00:00' }] });
  });

  it('merges pages like build_full_result: lists joined, counts summed, tokens dropped', () => {
    const cmd = { service: 'dynamodb', operation: 'scan' } as AwsCommand;
    const merged = mergePages(cmd, [
      { Items: [1, 2], Count: 2, ScannedCount: 2, LastEvaluatedKey: { id: 'x' } },
      { Items: [3], Count: 1, ScannedCount: 1 },
    ]);
    assert.deepEqual(merged, { Items: [1, 2, 3], Count: 3, ScannedCount: 3, ConsumedCapacity: null });
  });

  it('region: --region, then settings, then env; global services default to us-east-1', async () => {
    const ecs = await parseAwsArgv(['ecs', 'list-clusters'], { cwd: '/' });
    assert.equal(regionOf(ecs, { ...DEFAULTS.aws, defaultRegion: 'af-south-1' }, {}), 'af-south-1');
    assert.equal(regionOf(ecs, DEFAULTS.aws, { AWS_DEFAULT_REGION: 'eu-west-1' }), 'eu-west-1');
    assert.equal(regionOf(ecs, DEFAULTS.aws, {}), '');
    assert.equal(regionOf(await parseAwsArgv(['route53', 'list-hosted-zones'], { cwd: '/' }), DEFAULTS.aws, {}), 'us-east-1');
  });
});

describe('aws client pool', () => {
  it('endpoint order: target, per-region setting, setting, AWS_ENDPOINT_URL', () => {
    const pool = new AwsClientPool({ ...DEFAULTS.aws, endpointUrl: 'http://all', regionEndpoints: { 'af-south-1': 'http://af' } }, { AWS_ENDPOINT_URL: 'http://env' });
    assert.equal(pool.endpointFor({ region: 'af-south-1', endpointUrl: 'http://cell' }), 'http://cell');
    assert.equal(pool.endpointFor({ region: 'af-south-1' }), 'http://af');
    assert.equal(pool.endpointFor({ region: 'eu-west-1' }), 'http://all');
    assert.equal(new AwsClientPool(DEFAULTS.aws, { AWS_ENDPOINT_URL: 'http://env' }).endpointFor({ region: 'eu-west-1' }), 'http://env');
    assert.equal(new AwsClientPool(DEFAULTS.aws, {}).endpointFor({ region: 'eu-west-1' }), undefined);
  });

  it('a client needs a region', async () => {
    await assert.rejects(new AwsClientPool(DEFAULTS.aws, {}).client('ecs', { region: '' }), /No region/);
  });

  it('builds one client per service and target, lazily', async () => {
    const pool = new AwsClientPool(DEFAULTS.aws, { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' });
    const a = await pool.client('ecs', { region: 'af-south-1' });
    assert.equal(await pool.client('ecs', { region: 'af-south-1' }), a);
    assert.notEqual(await pool.client('ecs', { region: 'eu-west-1' }), a);
    pool.dispose();
  });
});

describe('aws call errors', () => {
  it('a service error keeps code, status and request id', () => {
    const sdkErr = Object.assign(new Error('Requested resource not found'), {
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 400, requestId: 'REQ1' },
    });
    const e = toAwsCallError(sdkErr, { region: 'eu-west-1', operation: 'DescribeTableCommand' }, 35000, noState);
    assert.ok(AwsCallError.isCall(e, 'service'));
    assert.deepEqual([e.call.code, e.call.httpStatus, e.call.requestId], ['ResourceNotFoundException', 400, 'REQ1']);
    assert.equal(e.message, 'An error occurred (ResourceNotFoundException) when calling the DescribeTable operation: Requested resource not found [HTTP 400, request id REQ1]');
  });

  it('classifies credentials, unreachable, timeout and aborted', () => {
    const ctx = { region: 'af-south-1', endpoint: 'http://127.0.0.1:9' };
    assert.equal(toAwsCallError(Object.assign(new Error('x'), { name: 'CredentialsProviderError' }), ctx, 1000, noState).reason, 'credentials');
    assert.equal(toAwsCallError(Object.assign(new Error('x'), { name: 'InvalidClientTokenId', $metadata: { httpStatusCode: 403 } }), ctx, 1000, noState).reason, 'credentials');
    const refused = toAwsCallError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), ctx, 1000, noState);
    assert.equal(refused.reason, 'unreachable');
    assert.match(refused.message, /af-south-1 \(http:\/\/127.0.0.1:9\) is unreachable/);
    const slow = toAwsCallError(new Error('x'), ctx, 2500, { aborted: false, deadlineHit: true });
    assert.equal(slow.reason, 'timeout');
    assert.match(slow.message, /af-south-1.*unreachable: no answer within 2.5 s/);
    assert.equal(toAwsCallError(new Error('x'), ctx, 1000, { aborted: true, deadlineHit: false }).reason, 'aborted');
  });
});

describe('did-you-mean', () => {
  it('edit distance and closest candidate', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(closest('descrbe-clusters', ['describe-clusters', 'list-clusters']), 'describe-clusters');
    assert.equal(closest('zzzzzzzz', ['ecs', 'sts']), undefined);
  });
});

describe('aws lazy loading', () => {
  it('the pure translator loads neither the invoker nor any module that calls the SDK', () => {
    const root = path.resolve(__dirname, '../../..');
    const script = `
      require('./src/core/aws/translate.ts');
      const mine = Object.keys(require.cache).filter((k) => k.includes('/src/core/aws/')).map((k) => k.split('/src/core/aws/')[1]);
      process.stdout.write(JSON.stringify(mine.sort()));
    `;
    const loaded = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8' })) as string[];
    assert.ok(loaded.includes('translate.ts') && loaded.includes('policy.ts'), loaded.join(' '));
    for (const caller of ['invoke.ts', 'paginate.ts', 'mutation.ts', 'clients.ts', 'cliFallback.ts']) {
      assert.ok(!loaded.includes(caller), `translate.ts loaded ${caller}`);
    }
  });

  it('loading the AWS modules and building a pool loads no SDK package until a client is asked for', () => {
    const root = path.resolve(__dirname, '../../..');
    const script = `
      const { AwsClientPool } = require('./src/core/aws/clients.ts');
      require('./src/core/aws/translate.ts'); require('./src/core/aws/invoke.ts'); require('./src/core/aws/output.ts');
      const pool = new AwsClientPool({ profile: '', endpointUrl: '', regionEndpoints: {}, defaultRegion: '', connectTimeoutMs: 1, requestTimeoutMs: 1, maxAttempts: 1, cliFallback: false }, {});
      const loaded = () => Object.keys(require.cache).filter((k) => /@aws-sdk|@smithy/.test(k)).length;
      const before = loaded();
      pool.client('sts', { region: 'eu-west-1' }).then(() => { process.stdout.write(JSON.stringify([before, loaded()])); pool.dispose(); });
    `;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8', env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
    const [before, after] = JSON.parse(out) as number[];
    assert.equal(before, 0);
    assert.ok(after > 0);
  });
});
