import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { AwsCommand } from '../../../src/core/aws/command';
import { argumentsOf, operationsOf, parseAwsArgv } from '../../../src/core/aws/translate';
import { kebab } from '../../../src/core/aws/naming';
import { operationShapes } from '../../../src/core/aws/schema';
import { AWS_SERVICES, loadSdkModule } from '../../../src/core/aws/sdkModules';
import { RunbookError } from '../../../src/core/errors';

const RUNBOOKS = path.resolve(__dirname, '../../../runbooks');
const files: Record<string, Buffer> = {
  '/rb/batch.json': Buffer.from('{"Changes":[{"Action":"DELETE","ResourceRecordSet":{"Name":"x.kimmyai.io","Type":"A"}}]}'),
  '/rb/input.json': Buffer.from('{"clusters":["prod-cluster"],"include":["TAGS"]}'),
  '/rb/logo.bin': Buffer.from([0, 1, 2, 255]),
  '/rb/sub/body.txt': Buffer.from('body text'),
};
const readFile = async (p: string): Promise<Buffer> => {
  const f = files[p];
  if (!f) {
    throw new Error(`ENOENT: ${p}`);
  }
  return f;
};

function parse(...argv: string[]): Promise<AwsCommand> {
  return parseAwsArgv(argv, { cwd: '/rb', readFile });
}

async function rejectsWith(p: Promise<unknown>, reason: string, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(RunbookError.is(e, reason), `expected ${reason}, got ${String(e)}`);
    assert.match(e.message, pattern);
    return true;
  });
}

describe('aws translate: argv -> SDK command', () => {
  describe('the seed runbook commands', () => {
    it('ecs describe-clusters', async () => {
      const c = await parse('ecs', 'describe-clusters', '--clusters', 'prod-cluster', '--region', 'af-south-1');
      assert.deepEqual(
        { service: c.service, operation: c.operation, commandName: c.commandName, input: c.input, region: c.globals.region, readOnly: c.readOnly },
        { service: 'ecs', operation: 'describe-clusters', commandName: 'DescribeClustersCommand', input: { clusters: ['prod-cluster'] }, region: 'af-south-1', readOnly: true },
      );
    });
    it('elbv2 describe-target-health', async () => {
      const c = await parse('elbv2', 'describe-target-health', '--target-group-arn', 'arn:aws:elasticloadbalancing:af-south-1:1:targetgroup/tg/1');
      assert.deepEqual(c.input, { TargetGroupArn: 'arn:aws:elasticloadbalancing:af-south-1:1:targetgroup/tg/1' });
    });
    it('dynamodb describe-table and s3api get-bucket-replication', async () => {
      assert.deepEqual((await parse('dynamodb', 'describe-table', '--table-name', 'bbws-tenants')).input, { TableName: 'bbws-tenants' });
      const s3 = await parse('s3api', 'get-bucket-replication', '--bucket', 'bbws-assets');
      assert.equal(s3.commandName, 'GetBucketReplicationCommand');
      assert.deepEqual(s3.input, { Bucket: 'bbws-assets' });
    });
    it('route53 change-resource-record-sets with file:// relative to the runbook folder', async () => {
      const c = await parseAwsArgv(['route53', 'change-resource-record-sets', '--hosted-zone-id', 'Z1', '--change-batch', 'file://failover-dns.json'], { cwd: RUNBOOKS });
      const batch = c.input.ChangeBatch as { Changes: { ResourceRecordSet: { Failover: string } }[] };
      assert.deepEqual(batch.Changes.map((ch) => ch.ResourceRecordSet.Failover), ['PRIMARY', 'SECONDARY']);
      assert.equal(c.readOnly, false);
    });
  });

  describe('values by the model', () => {
    it('integers, booleans as --flag / --no-flag', async () => {
      const c = await parse('ecs', 'update-service', '--cluster', 'c', '--service', 's', '--desired-count', '3', '--force-new-deployment');
      assert.deepEqual(c.input, { cluster: 'c', service: 's', desiredCount: 3, forceNewDeployment: true });
      const n = await parse('ecs', 'update-service', '--cluster', 'c', '--service', 's', '--no-force-new-deployment');
      assert.equal(n.input.forceNewDeployment, false);
    });
    it('timestamps from ISO 8601 and epoch seconds', async () => {
      const c = await parse('cloudwatch', 'get-metric-statistics', '--namespace', 'AWS/ECS', '--metric-name', 'CPUUtilization',
        '--start-time', '2026-01-01T00:00:00Z', '--end-time', '1767225600', '--period', '300', '--statistics', 'Average', 'Maximum');
      assert.deepEqual(c.input.StartTime, new Date('2026-01-01T00:00:00Z'));
      assert.deepEqual(c.input.EndTime, new Date(1767225600 * 1000));
      assert.deepEqual(c.input.Statistics, ['Average', 'Maximum']);
      assert.equal(c.input.Period, 300);
    });
    it('lists of structures in shorthand, one per word', async () => {
      const c = await parse('ecs', 'tag-resource', '--resource-arn', 'arn', '--tags', 'key=env,value=prod', 'key=team,value=sre');
      assert.deepEqual(c.input.tags, [{ key: 'env', value: 'prod' }, { key: 'team', value: 'sre' }]);
    });
    it('shorthand with a comma list (Name=x,Values=a,b)', async () => {
      const c = await parse('rds', 'describe-db-instances', '--filters', 'Name=engine,Values=mysql,postgres');
      assert.deepEqual(c.input.Filters, [{ Name: 'engine', Values: ['mysql', 'postgres'] }]);
    });
    it('structures in shorthand and JSON; maps in JSON', async () => {
      const s = await parse('s3api', 'put-bucket-versioning', '--bucket', 'b', '--versioning-configuration', 'Status=Enabled');
      assert.deepEqual(s.input.VersioningConfiguration, { Status: 'Enabled' });
      const d = await parse('dynamodb', 'get-item', '--table-name', 't', '--key', '{"tenantId":{"S":"acme"}}', '--consistent-read');
      assert.deepEqual(d.input, { TableName: 't', Key: { tenantId: { S: 'acme' } }, ConsistentRead: true });
    });
    it('nested shorthand: s3api put-bucket-tagging TagSet=[{...}]', async () => {
      const c = await parse('s3api', 'put-bucket-tagging', '--bucket', 'b', '--tagging', 'TagSet=[{Key=team,Value=sre}]');
      assert.deepEqual(c.input.Tagging, { TagSet: [{ Key: 'team', Value: 'sre' }] });
    });
    it('a list given as a JSON array', async () => {
      const c = await parse('elbv2', 'describe-target-groups', '--names', '["a","b"]');
      assert.deepEqual(c.input.Names, ['a', 'b']);
    });
    it('blobs: text as bytes, fileb:// as raw bytes, streaming bodies from a path', async () => {
      const b = await parse('dynamodb', 'put-item', '--table-name', 't', '--item', '{"id":{"S":"1"},"b":{"B":"hi"}}');
      assert.deepEqual((b.input.Item as Record<string, { B?: unknown }>).b.B, Buffer.from('hi'));
      const p = await parse('s3api', 'put-object', '--bucket', 'b', '--key', 'k', '--body', 'sub/body.txt');
      assert.deepEqual(p.input.Body, Buffer.from('body text'));
      const f = await parse('s3api', 'put-object', '--bucket', 'b', '--key', 'k', '--content-md5', 'fileb://logo.bin');
      assert.equal(typeof f.input.ContentMD5, 'string');
    });
    it('file:// for structures and --cli-input-json', async () => {
      const r = await parse('route53', 'change-resource-record-sets', '--hosted-zone-id', 'Z', '--change-batch', 'file://batch.json');
      assert.equal((r.input.ChangeBatch as { Changes: unknown[] }).Changes.length, 1);
      const c = await parse('ecs', 'describe-clusters', '--cli-input-json', 'file://input.json');
      assert.deepEqual(c.input, { clusters: ['prod-cluster'], include: ['TAGS'] });
    });
    it('--arg=value form', async () => {
      assert.deepEqual((await parse('sts', 'get-access-key-info', '--access-key-id=AKIDEXAMPLE')).input, { AccessKeyId: 'AKIDEXAMPLE' });
    });
  });

  describe('global options', () => {
    it('region, profile, output, query, endpoint, paging, ignored CLI flags', async () => {
      const c = await parse('dynamodb', 'scan', '--table-name', 't', '--region', 'eu-west-1', '--profile', 'dr', '--output', 'table',
        '--query', 'Items[].id.S', '--endpoint-url', 'http://127.0.0.1:5000', '--no-paginate', '--no-cli-pager', '--page-size', '5',
        '--max-items', '10', '--starting-token', 'tok');
      assert.deepEqual(c.globals, {
        output: 'table', noPaginate: true, region: 'eu-west-1', profile: 'dr', query: 'Items[].id.S',
        endpointUrl: 'http://127.0.0.1:5000', pageSize: 5, maxItems: 10, startingToken: 'tok',
      });
      assert.deepEqual(c.input, { TableName: 't' });
    });
    it('--dry-run is ours when the operation has no DryRun member', async () => {
      const c = await parse('ecs', 'update-service', '--cluster', 'c', '--service', 's', '--desired-count', '1', '--dry-run');
      assert.equal(c.globals.dryRun, true);
    });
    it('a bad --output is refused', async () => {
      await rejectsWith(parse('sts', 'get-caller-identity', '--output', 'xml'), 'badValue', /json, text, table, yaml/);
    });
  });

  describe('errors name the culprit and suggest the closest', () => {
    it('unknown service', async () => {
      await rejectsWith(parse('ecss', 'describe-clusters'), 'noSuchService', /^unknown service ecss; did you mean ecs\?$/);
      await rejectsWith(parse('route35', 'list-hosted-zones'), 'noSuchService', /did you mean route53\?/);
      await rejectsWith(parse('dynamodbb', 'put-item'), 'noSuchService', /^unknown service dynamodbb; did you mean dynamodb\?$/);
    });
    it('a real service outside the SDK path is left to the AWS CLI fallback', async () => {
      await rejectsWith(parse('ec2', 'describe-regions'), 'unknownService', /"ec2" is not supported in-process|"ec2"/);
    });
    it('unknown operation', async () => {
      await rejectsWith(parse('ecs', 'describe-clusterz'), 'unknownOperation', /"describe-clusterz".*did you mean "describe-clusters"/);
      await rejectsWith(parse('elbv2', 'describe-target-healths'), 'unknownOperation', /describe-target-health"/);
    });
    it('unknown argument', async () => {
      await rejectsWith(parse('ecs', 'describe-clusters', '--cluster', 'x'), 'unknownArgument', /--cluster .*did you mean --clusters/);
      await rejectsWith(parse('dynamodb', 'describe-table', '--tablename', 'x'), 'unknownArgument', /did you mean --table-name/);
    });
    it('unknown key inside a structure', async () => {
      await rejectsWith(parse('s3api', 'put-bucket-versioning', '--bucket', 'b', '--versioning-configuration', 'Statuss=Enabled'), 'unknownArgument', /"Statuss".*did you mean "Status"/);
    });
    it('missing required argument', async () => {
      await rejectsWith(parse('dynamodb', 'describe-table'), 'missingArgument', /--table-name/);
      await rejectsWith(parse('route53', 'change-resource-record-sets', '--hosted-zone-id', 'Z'), 'missingArgument', /--change-batch/);
      await rejectsWith(parse('s3api', 'get-object', '--bucket', 'b', '--key', 'k'), 'missingArgument', /outfile/);
      assert.equal((await parse('s3api', 'get-object', '--bucket', 'b', '--key', 'k', 'out.bin')).globals.outfile, '/rb/out.bin');
    });
    it('bad values', async () => {
      await rejectsWith(parse('ecs', 'update-service', '--service', 's', '--desired-count', 'three'), 'badValue', /--desired-count.*not a number/);
      await rejectsWith(parse('dynamodb', 'get-item', '--table-name', 't', '--key', '{bad json'), 'badValue', /--key.*JSON/);
      await rejectsWith(parse('ecs', 'describe-clusters', '--clusters', 'file://missing.json'), 'badValue', /Cannot read file:\/\/missing.json/);
      await rejectsWith(parse('cloudwatch', 'get-metric-statistics', '--namespace', 'n', '--metric-name', 'm', '--start-time', 'yesterday',
        '--end-time', '0', '--period', '1'), 'badValue', /--start-time.*timestamp/);
      await rejectsWith(parse('ecs', 'describe-clusters', 'stray'), 'badValue', /Unexpected value "stray"/);
      await rejectsWith(parse('dynamodb', 'describe-table', '--table-name', 'a', 'b'), 'badValue', /Unexpected value "b"/);
    });
  });

  describe('every operation of the eight services', () => {
    it('has an operation table from the runtime schemas, named like the CLI', async () => {
      const counts: Record<string, number> = {};
      for (const s of AWS_SERVICES) {
        counts[s] = operationsOf(await loadSdkModule(s)).size;
      }
      for (const s of AWS_SERVICES) {
        assert.ok(counts[s] >= 10, `${s}: ${counts[s]} operations`);
      }
      const rds = operationsOf(await loadSdkModule('rds'));
      assert.equal(rds.get('describe-db-instances'), 'DescribeDBInstances');
      assert.equal(operationsOf(await loadSdkModule('s3api')).get('put-bucket-acl'), 'PutBucketAcl');
    });
    it('names arguments like the CLI (acronyms, renames)', async () => {
      const rds = await loadSdkModule('rds');
      const args = argumentsOf('rds', 'create-db-instance', operationShapes(rds.CreateDBInstance$).input);
      assert.equal(args.get('db-instance-identifier'), 'DBInstanceIdentifier');
      assert.equal(args.get('vpc-security-group-ids'), 'VpcSecurityGroupIds');
      const r53 = await loadSdkModule('route53');
      assert.equal(argumentsOf('route53', 'get-traffic-policy', operationShapes(r53.GetTrafficPolicy$).input).get('traffic-policy-version'), 'Version');
      assert.equal(kebab('SSECustomerKey'), 'sse-customer-key');
      assert.equal(kebab('TargetGroupARNs'), 'target-group-arns');
    });
    it('parses a minimal call of every operation with its required arguments', async function () {
      this.timeout(60_000);
      let n = 0;
      for (const s of AWS_SERVICES) {
        const mod = await loadSdkModule(s);
        for (const [op, sdk] of operationsOf(mod)) {
          const input = operationShapes(mod[`${sdk}$`]).input;
          const required = Object.fromEntries((input.required ?? []).map((m) => [m, sample(input.members?.().find(([k]) => k === m)?.[1].kind)]));
          const outfile = s === 's3api' && op === 'get-object' ? ['out.bin'] : [];
          const c = await parseAwsArgv([s, op, '--cli-input-json', JSON.stringify(required), ...outfile], { cwd: '/rb', readFile });
          assert.equal(c.commandName, `${sdk}Command`);
          n++;
        }
      }
      assert.ok(n > 500, `${n} operations`);
    });
  });
});

function sample(kind: string | undefined): unknown {
  switch (kind) {
    case 'number': return 1;
    case 'boolean': return true;
    case 'timestamp': return '2026-01-01T00:00:00Z';
    case 'list': return [];
    case 'map':
    case 'structure':
    case 'document': return {};
    default: return 'x';
  }
}
