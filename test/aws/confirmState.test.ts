/**
 * The confirmation's "now" side against a real moto_server: each read-only call (Route 53
 * ListResourceRecordSets, ECS DescribeServices, DynamoDB GetItem, S3 HeadObject) finds the seeded state,
 * and the computed "after" applies the request to it. Nothing is sent but reads.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { AwsClientPool } from '../../src/core/aws/clients';
import { parseAwsArgv } from '../../src/core/aws/translate';
import { compareChange } from '../../src/core/confirm/change';
import { readCurrentState } from '../../src/core/confirm/current';
import { getMotoContext } from '../support/mochaMoto';
import { testSettings } from './awsCli';

const RUNBOOKS = path.resolve(__dirname, '../../runbooks');
const ENV = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };

describe('aws: the current state a confirmation reads, against moto', function () {
  this.timeout(60_000);
  let pool: AwsClientPool;
  before(() => {
    pool = new AwsClientPool(testSettings(getMotoContext().endpoint), ENV);
  });
  after(() => pool.dispose());

  async function compare(argv: string[]) {
    const cmd = await parseAwsArgv(argv, { cwd: RUNBOOKS });
    const current = await readCurrentState(cmd, pool);
    assert.equal(current.error, undefined, current.error);
    return { current, change: compareChange(cmd, current) };
  }

  it('route53: the record sets the seed change batch touches, PRIMARY on af-south-1 now and eu-west-1 after', async () => {
    const { change } = await compare(['route53', 'change-resource-record-sets', '--hosted-zone-id', getMotoContext().estate.zoneId, '--change-batch', 'file://failover-dns.json']);
    assert.equal(change.lines[0], 'UPSERT wp.kimmyai.io A PRIMARY: alias bbws-alb-1.af-south-1… -> bbws-alb-1.eu-west-1…');
    assert.match(change.nowText, /^wp\.kimmyai\.io A primary:\n\s+AliasTarget:\n\s+DNSName: bbws-alb-1\.af-south-1/);
    assert.match(change.afterText, /^wp\.kimmyai\.io A primary:\n\s+AliasTarget:\n\s+DNSName: bbws-alb-1\.eu-west-1/);
  });

  it('ecs update-service: the service\'s desired count and task definition now', async () => {
    const { estate } = getMotoContext();
    const { current, change } = await compare(['ecs', 'update-service', '--cluster', estate.clusterName, '--service', estate.serviceName, '--desired-count', '7', '--region', estate.primaryRegion]);
    const now = current.state as { desiredCount: number; taskDefinition: string };
    assert.equal(typeof now.desiredCount, 'number');
    assert.match(now.taskDefinition, /task-definition/);
    assert.deepEqual(change.lines, [`update-service cluster=${estate.clusterName} service=${estate.serviceName}: desiredCount ${now.desiredCount} -> 7`]);
  });

  it('dynamodb update-item and put-item: the item now (put-item finds it by the table\'s key schema)', async () => {
    const { estate } = getMotoContext();
    const id = estate.tenantIds[0];
    const update = await compare(['dynamodb', 'update-item', '--table-name', estate.tableName, '--region', estate.primaryRegion, '--key', JSON.stringify({ tenantId: { S: id } }),
      '--update-expression', 'SET #p = :p', '--expression-attribute-names', '{"#p":"plan"}', '--expression-attribute-values', '{":p":{"S":"enterprise"}}']);
    assert.match(update.change.nowText, /plan:\n\s+S: business/);
    assert.match(update.change.afterText, /plan:\n\s+S: enterprise/);
    const put = await compare(['dynamodb', 'put-item', '--table-name', estate.tableName, '--region', estate.primaryRegion, '--item', JSON.stringify({ tenantId: { S: id }, plan: { S: 'starter' } })]);
    assert.equal((put.current.state as { tenantId: { S: string } }).tenantId.S, id);
    const missing = await compare(['dynamodb', 'delete-item', '--table-name', estate.tableName, '--region', estate.primaryRegion, '--key', '{"tenantId":{"S":"tenant-none"}}']);
    assert.equal(missing.current.state, null);
  });

  it('s3 put-object and delete-object: the object\'s head now (nothing for a new key)', async () => {
    const { estate } = getMotoContext();
    const del = await compare(['s3api', 'delete-object', '--bucket', estate.bucket, '--key', estate.assetKeys[0], '--region', estate.primaryRegion]);
    assert.equal(typeof (del.current.state as { ContentLength?: number }).ContentLength, 'number');
    assert.equal(del.change.afterText, '(nothing)\n');
    const put = await compare(['s3api', 'put-object', '--bucket', estate.bucket, '--key', 'new/key.txt', '--region', estate.primaryRegion]);
    assert.equal(put.current.state, null);
  });

  it('no read counterpart: no call, the request alone', async () => {
    const cmd = await parseAwsArgv(['elbv2', 'modify-target-group', '--target-group-arn', 'arn:x', '--health-check-path', '/h', '--region', 'af-south-1'], { cwd: RUNBOOKS });
    const current = await readCurrentState(cmd, pool);
    assert.deepEqual(current, {});
    assert.match(compareChange(cmd, current).nowText, /No read counterpart/);
  });
});
