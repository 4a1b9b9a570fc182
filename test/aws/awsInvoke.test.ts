/**
 * invokeAws against a real moto_server: reads, writes, pagination over several pages, the CLI's
 * output shape, AWS errors with code/status/request id, cancellation, and the primary-region-down case.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AwsCallError } from '../../src/core/aws/awsErrors';
import { runAwsCli } from '../../src/core/aws/cliFallback';
import { AwsClientPool } from '../../src/core/aws/clients';
import { invokeAws } from '../../src/core/aws/invoke';
import { currentRecordSets, describeRequest } from '../../src/core/aws/mutation';
import { parseAwsArgv } from '../../src/core/aws/translate';
import { RunbookError } from '../../src/core/errors';
import type { Settings } from '../../src/core/settings';
import { getMotoContext, reseedEstate } from '../support/mochaMoto';
import { startBlackhole } from '../support/moto';
import { seedManyItems, testSettings } from './awsCli';
import { MANY_ITEMS, MANY_TABLE } from './awsParityCases';

const RUNBOOKS = path.resolve(__dirname, '../../runbooks');
const ENV = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/;

type Obj = Record<string, unknown>;

describe('aws: invokeAws against moto', function () {
  this.timeout(60_000);
  let settings: Settings['aws'];
  let pool: AwsClientPool;

  async function run(argv: string[], opts: { signal?: AbortSignal; pool?: AwsClientPool; settings?: Settings['aws'] } = {}) {
    const cmd = await parseAwsArgv(argv, { cwd: RUNBOOKS });
    return invokeAws(cmd, opts.pool ?? pool, { settings: opts.settings ?? settings, signal: opts.signal, env: ENV });
  }

  before(async () => {
    settings = testSettings(getMotoContext().endpoint);
    pool = new AwsClientPool(settings, ENV);
    await seedManyItems(getMotoContext().endpoint);
  });
  after(async () => {
    pool.dispose();
    await reseedEstate();
  });

  it('reads: the seed cluster, CLI-shaped (no $metadata)', async () => {
    const r = await run(['ecs', 'describe-clusters', '--clusters', 'prod-cluster', '--region', 'af-south-1']);
    const data = r.data as { clusters: Obj[] };
    assert.equal(data.clusters[0].clusterName, 'prod-cluster');
    assert.equal('$metadata' in (r.data as Obj), false);
    assert.equal(r.region, 'af-south-1');
  });

  it('prints timestamps as ISO 8601 like CLI v2', async () => {
    const r = await run(['dynamodb', 'describe-table', '--table-name', 'bbws-tenants']);
    assert.match(String((r.data as { Table: Obj }).Table.CreationDateTime), ISO);
    const s3 = await run(['s3api', 'list-buckets']);
    assert.match(String((s3.data as { Buckets: Obj[] }).Buckets[0].CreationDate), ISO);
  });

  it('writes, then reads back; blobs come back as base64', async () => {
    const item = '{"tenantId":{"S":"tenant-blob"},"logo":{"B":"hello"}}';
    assert.deepEqual((await run(['dynamodb', 'put-item', '--table-name', 'bbws-tenants', '--item', item])).data, {});
    const r = await run(['dynamodb', 'get-item', '--table-name', 'bbws-tenants', '--key', '{"tenantId":{"S":"tenant-blob"}}']);
    assert.deepEqual((r.data as { Item: Obj }).Item.logo, { B: Buffer.from('hello').toString('base64') });
  });

  it('s3api get-object writes the body to the outfile and prints the metadata', async () => {
    const { estate } = getMotoContext();
    const dir = mkdtempSync(path.join(tmpdir(), 'get-object-'));
    const cmd = await parseAwsArgv(['s3api', 'get-object', '--bucket', estate.bucket, '--key', estate.assetKeys[2], 'style.css'], { cwd: dir });
    const r = await invokeAws(cmd, pool, { settings, env: ENV });
    const data = r.data as Obj;
    assert.equal('Body' in data, false);
    assert.equal(data.ContentLength, readFileSync(path.join(dir, 'style.css')).length);
  });

  it('aggregates pages like the CLI: a scan over several pages', async () => {
    const r = await run(['dynamodb', 'scan', '--table-name', MANY_TABLE, '--page-size', '7']);
    const data = r.data as { Items: Obj[]; Count: number; ScannedCount: number };
    assert.equal(r.pages, 4);
    assert.equal(data.Items.length, MANY_ITEMS);
    assert.equal(data.Count, MANY_ITEMS);
    assert.equal(data.ScannedCount, MANY_ITEMS);
    assert.equal('LastEvaluatedKey' in data, false);
  });

  it('--max-items stops early; --no-paginate sends one request', async () => {
    const some = await run(['dynamodb', 'scan', '--table-name', MANY_TABLE, '--page-size', '4', '--max-items', '10']);
    assert.equal((some.data as { Items: Obj[] }).Items.length, 10);
    assert.equal(some.pages, 3);
    const one = await run(['dynamodb', 'scan', '--table-name', MANY_TABLE, '--limit', '5', '--no-paginate']);
    assert.equal((one.data as { Items: Obj[] }).Items.length, 5);
    assert.ok((one.data as Obj).LastEvaluatedKey);
  });

  it('pages operations the SDK has no paginator for (route53 list-resource-record-sets)', async () => {
    const { estate } = getMotoContext();
    const all = await run(['route53', 'list-resource-record-sets', '--hosted-zone-id', estate.zoneId, '--no-paginate']);
    const r = await run(['route53', 'list-resource-record-sets', '--hosted-zone-id', estate.zoneId, '--page-size', '2']);
    assert.ok(r.pages >= 2, `pages ${r.pages}`);
    assert.deepEqual(Object.keys(r.data as Obj), ['ResourceRecordSets']);
    assert.deepEqual(r.data, { ResourceRecordSets: (all.data as Obj).ResourceRecordSets });
  });

  it('an AWS error carries code, message, HTTP status and request id', async () => {
    await assert.rejects(run(['dynamodb', 'describe-table', '--table-name', 'nope']), (e: unknown) => {
      assert.ok(AwsCallError.isCall(e, 'service'));
      assert.equal(e.call.code, 'ResourceNotFoundException');
      assert.equal(e.call.httpStatus, 400);
      assert.ok(e.call.requestId, 'request id');
      assert.match(e.message, /ResourceNotFoundException.*DescribeTable/);
      return true;
    });
  });

  it('the account and ARN of the caller, cached per target', async () => {
    const id = await pool.identity({ region: 'af-south-1' });
    assert.equal(id.account, '123456789012');
    assert.equal(await pool.identity({ region: 'af-south-1' }), id);
  });

  it('describeRequest and currentRecordSets show a Route 53 change beside what is there now', async () => {
    const { estate } = getMotoContext();
    const cmd = await parseAwsArgv(
      ['route53', 'change-resource-record-sets', '--hosted-zone-id', estate.zoneId, '--change-batch', 'file://failover-dns.json'],
      { cwd: RUNBOOKS },
    );
    const d = describeRequest(cmd, await pool.identity({ region: 'us-east-1' }));
    assert.equal(d.readOnly, false);
    assert.match(d.summary, /route53 change-resource-record-sets .*123456789012/);
    assert.match(d.request, /"SetIdentifier": "primary"/);
    const now = await currentRecordSets(cmd, pool);
    assert.deepEqual(now.map((r) => r.Failover).sort(), ['PRIMARY', 'SECONDARY']);
  });

  it('a connection refused says the region is unreachable, at once', async () => {
    const local = { ...settings, regionEndpoints: { 'af-south-1': 'http://127.0.0.1:1' } };
    const p = new AwsClientPool(local, ENV);
    const t0 = Date.now();
    await assert.rejects(run(['sts', 'get-caller-identity', '--region', 'af-south-1'], { pool: p, settings: local }), (e: unknown) => {
      assert.ok(AwsCallError.isCall(e, 'unreachable'), String(e));
      assert.match(e.message, /af-south-1.*unreachable/);
      return true;
    });
    assert.ok(Date.now() - t0 < 3000);
    p.dispose();
  });

  describe('primary region down (af-south-1 pointed at a port that never answers)', () => {
    let hole: { url: string; stop(): Promise<void> };
    let down: Settings['aws'];
    let downPool: AwsClientPool;
    before(async () => {
      hole = await startBlackhole();
      down = { ...settings, connectTimeoutMs: 500, requestTimeoutMs: 1500, maxAttempts: 3, regionEndpoints: { 'af-south-1': hole.url } };
      downPool = new AwsClientPool(down, ENV);
    });
    after(async () => {
      downPool.dispose();
      await hole.stop();
    });

    it('fails within the timeout with a message naming the region; eu-west-1 still works', async () => {
      const t0 = Date.now();
      await assert.rejects(run(['ecs', 'describe-clusters', '--clusters', 'prod-cluster', '--region', 'af-south-1'], { pool: downPool, settings: down }), (e: unknown) => {
        assert.ok(AwsCallError.isCall(e, 'timeout'), String(e));
        assert.match(e.message, /af-south-1.*unreachable/);
        return true;
      });
      const took = Date.now() - t0;
      assert.ok(took <= 2000 + 300, `took ${took} ms`);
      const eu = await run(['ecs', 'describe-clusters', '--clusters', 'prod-cluster', '--region', 'eu-west-1'], { pool: downPool, settings: down });
      assert.equal((eu.data as { clusters: Obj[] }).clusters[0].clusterName, 'prod-cluster');
    });

    it('an AbortSignal ends the in-flight call at once', async () => {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 200);
      const t0 = Date.now();
      await assert.rejects(run(['ecs', 'list-clusters', '--region', 'af-south-1'], { pool: downPool, settings: down, signal: ac.signal }), (e: unknown) => {
        assert.ok(AwsCallError.isCall(e, 'aborted'), String(e));
        return true;
      });
      assert.ok(Date.now() - t0 < 600);
    });
  });

  describe('the AWS CLI fallback', () => {
    it('runs a command through the installed CLI, labelled', async () => {
      const r = await runAwsCli(['sts', 'get-caller-identity', '--endpoint-url', getMotoContext().endpoint], {
        cwd: RUNBOOKS,
        settings,
        env: { ...process.env, ...ENV, AWS_DEFAULT_REGION: 'af-south-1', AWS_MAX_ATTEMPTS: '1' },
      });
      assert.equal(r.exitCode, 0, r.stderr);
      assert.equal(r.label, 'AWS CLI');
      assert.equal(JSON.parse(r.stdout).Account, '123456789012');
    });

    it('is refused with a clear error when off or when no CLI is installed', async () => {
      await assert.rejects(runAwsCli(['ec2', 'describe-vpcs'], { cwd: RUNBOOKS, settings: { ...settings, cliFallback: false } }), (e: unknown) =>
        RunbookError.is(e, 'unknownService') && /supported: ecs, elbv2/.test(e.message) && /cliFallback/.test(e.message));
      await assert.rejects(runAwsCli(['ec2', 'describe-vpcs'], { cwd: RUNBOOKS, settings, env: { PATH: '/nonexistent' } }), (e: unknown) =>
        RunbookError.is(e, 'unknownService') && /no `aws` executable/.test(e.message));
    });
  });
});
