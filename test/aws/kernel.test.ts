import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { ListResourceRecordSetsCommand, Route53Client, type ResourceRecordSet } from '@aws-sdk/client-route-53';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { ConfirmRequest } from '../../src/core/kernel/context';
import { CellRunner } from '../../src/core/kernel/runner';
import { cellInputs } from '../../src/core/kernel/section';
import { MIME, type CellOutput } from '../../src/core/runbook/model';
import { buildOutline } from '../../src/core/runbook/outline';
import { parseRunbook } from '../../src/core/runbook/parse';
import type { IdentityEvent } from '../../src/core/session/events';
import { startRoute53Dns, type DnsServer } from '../support/dnsServer';
import { getMotoContext, reseedEstate } from '../support/mochaMoto';
import { startBlackhole } from '../support/moto';
import { testContext, type TestContext } from '../unit/kernel/kernelContext';

const RUNBOOKS = path.join(__dirname, '../../runbooks');
const doc = parseRunbook(readFileSync(path.join(RUNBOOKS, 'dr-runbook.md'), 'utf8'));
const outline = buildOutline(doc);
const cells = cellInputs(doc);
const runner = new CellRunner();
const [ecsAlbCell, ddbCell, s3Cell, route53Cell, digCell] = cells;

function text(outputs: CellOutput[], mime: string): string {
  return outputs.flatMap((o) => o.items.filter((i) => i.mime === mime).map((i) => i.data)).join('');
}

function errorOf(outputs: CellOutput[]): { name: string; message: string } {
  return JSON.parse(text(outputs, MIME.error)) as { name: string; message: string };
}

function kernelContext(over: { settings?: Record<string, unknown>; confirm?: boolean; signal?: AbortSignal; dns?: DnsServer } = {}): TestContext {
  const { endpoint, estate } = getMotoContext();
  const { aws, ...rest } = over.settings ?? {};
  const ctx = testContext({
    cwd: RUNBOOKS,
    outline,
    confirm: over.confirm ?? true,
    signal: over.signal,
    settings: {
      aws: { endpointUrl: endpoint, maxAttempts: 1, ...(aws as object | undefined) },
      dns: { servers: over.dns ? [over.dns.address] : [] },
      ...rest,
    },
  });
  ctx.session.variables.set('TG_ARN', estate.tgArn['af-south-1']);
  ctx.session.variables.set('ZONE_ID', estate.zoneId);
  return ctx;
}

async function recordSets(): Promise<ResourceRecordSet[]> {
  const { endpoint, estate } = getMotoContext();
  const r53 = new Route53Client({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  try {
    const out = await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: estate.zoneId }));
    return (out.ResourceRecordSets ?? []).filter((r) => r.Name === `${estate.recordName}.`);
  } finally {
    r53.destroy();
  }
}

describe('kernel against moto: the DR runbook', function () {
  this.timeout(60_000);
  let dns: DnsServer;
  before(async () => {
    dns = await startRoute53Dns(getMotoContext().endpoint, getMotoContext().estate.zoneName);
  });
  after(async () => {
    await dns.stop();
    await reseedEstate();
  });

  it('runs every cell green, the Route 53 change confirmed with the current record sets beside it', async () => {
    const ctx = kernelContext({ dns });
    for (const cell of cells) {
      const r = await runner.run(cell, ctx);
      assert.equal(r.success, true, `cell ${cell.index}: ${JSON.stringify(r.outputs)}`);
    }
    assert.equal(ctx.confirms.length, 1, 'only the Route 53 change asked');
    const req: ConfirmRequest = ctx.confirms[0];
    assert.equal(req.service, 'route53');
    assert.equal(req.account, '123456789012');
    assert.equal((req.currentRecordSets as unknown[]).length, 2);
    assert.deepEqual(req.uncheckedPrerequisites.length, 4, 'warns about the unticked prerequisites');
    const ids = ctx.session.events.filter((e): e is IdentityEvent => e.type === 'identity');
    assert.deepEqual(ids.map((e) => e.region).sort(), ['af-south-1', 'eu-west-1', 'us-east-1']);
    const primary = (await recordSets()).find((r) => r.Failover === 'PRIMARY');
    assert.match(primary?.AliasTarget?.DNSName ?? '', /eu-west-1/);
    assert.equal(ctx.session.events.filter((e) => e.type === 'execution').length, 5);
  });

  it('sends the call as the profile whose identity it showed (the runbook\'s frontmatter profile)', async () => {
    const { endpoint } = getMotoContext();
    const sts = new STSClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111111111111:role/dr-operator', RoleSessionName: 'sre' }));
    sts.destroy();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'runbook-profile-'));
    const file = path.join(dir, 'credentials');
    writeFileSync(file, `[dr]\naws_access_key_id = ${c?.AccessKeyId}\naws_secret_access_key = ${c?.SecretAccessKey}\naws_session_token = ${c?.SessionToken}\n`);
    const saved = process.env.AWS_SHARED_CREDENTIALS_FILE;
    process.env.AWS_SHARED_CREDENTIALS_FILE = file;
    try {
      const ctx = kernelContext();
      ctx.outline = { ...outline, frontmatter: { ...outline.frontmatter, profile: 'dr' } };
      const r = await runner.run({ source: 'aws sts get-caller-identity --region us-east-1', language: 'bash' }, ctx);
      assert.equal(r.success, true, JSON.stringify(r.outputs));
      assert.equal(r.execution.account, '111111111111');
      assert.equal((JSON.parse(text(r.outputs, MIME.json)) as { Account: string }).Account, '111111111111');
    } finally {
      if (saved === undefined) {
        delete process.env.AWS_SHARED_CREDENTIALS_FILE;
      } else {
        process.env.AWS_SHARED_CREDENTIALS_FILE = saved;
      }
    }
  });

  it('shows the identity, then JSON, text and a markdown table with the execution summary', async () => {
    const ctx = kernelContext();
    const r = await runner.run(ecsAlbCell, ctx);
    assert.equal(r.success, true);
    assert.match(text(r.outputs, MIME.stdout), /account 123456789012, arn:aws:sts::123456789012:user\/moto, region af-south-1/);
    const [clusters, health] = text(r.outputs, MIME.json).split(/\n(?=\{)/).map((j) => JSON.parse(j) as Record<string, unknown[]>);
    assert.equal((clusters.clusters[0] as { clusterName: string }).clusterName, 'prod-cluster');
    assert.ok(Array.isArray(health.TargetHealthDescriptions));
    assert.match(text(r.outputs, MIME.markdown), /\| Target\.Id \|/);
    assert.equal(r.execution.runner, 'sdk');
    assert.equal(r.execution.account, '123456789012');
    assert.equal(r.execution.region, 'af-south-1');
    const again = await runner.run(ddbCell, ctx);
    assert.match(text(again.outputs, MIME.stdout), /region eu-west-1/);
    const third = await runner.run(s3Cell, ctx);
    assert.equal(text(third.outputs, MIME.stdout), '', 'identity shown once per region');
  });

  it('a refused confirmation sends nothing', async () => {
    const before = await recordSets();
    const ctx = kernelContext({ confirm: false });
    const r = await runner.run(route53Cell, ctx);
    assert.equal(r.success, false);
    assert.equal(errorOf(r.outputs).name, 'notConfirmed');
    assert.equal(ctx.confirms.length, 1);
    assert.deepEqual(await recordSets(), before);
  });

  it('dry run shows the request and sends nothing', async () => {
    const before = await recordSets();
    const ctx = kernelContext({ settings: { dryRun: true } });
    const r = await runner.run(route53Cell, ctx);
    assert.equal(r.success, true);
    assert.equal(r.execution.runner, 'dry-run');
    assert.match(text(r.outputs, MIME.markdown), /Dry run: nothing was sent[\s\S]*"ChangeBatch"/);
    assert.equal(ctx.confirms.length, 0);
    assert.deepEqual(await recordSets(), before);
  });

  it('shows an AWS error with its code, HTTP status and request id', async () => {
    const r = await runner.run({ source: 'aws dynamodb describe-table --table-name nope --region eu-west-1', language: 'bash' }, kernelContext());
    assert.equal(r.success, false);
    const err = errorOf(r.outputs);
    assert.equal(err.name, 'ResourceNotFoundException');
    assert.match(err.message, /HTTP 400/);
  });

  it('passes unknown operations through with a suggestion, sending nothing', async () => {
    const r = await runner.run({ source: 'aws ecs describe-clusterz --region af-south-1', language: 'bash' }, kernelContext());
    assert.equal(r.success, false);
    assert.match(errorOf(r.outputs).message, /describe-clusters/);
  });

  describe('primary region down', () => {
    let hole: { url: string; stop(): Promise<void> };
    before(async () => {
      hole = await startBlackhole();
    });
    after(() => hole.stop());

    it('the af-south-1 cell fails within the timeout saying so; eu-west-1 cells still run', async () => {
      const ctx = kernelContext({ settings: { aws: { regionEndpoints: { 'af-south-1': hole.url }, connectTimeoutMs: 1000, requestTimeoutMs: 1500 } } });
      const started = Date.now();
      const down = await runner.run(ecsAlbCell, ctx);
      const took = Date.now() - started;
      assert.equal(down.success, false);
      assert.ok(took < 6000, `failed in ${took} ms`);
      assert.match(errorOf(down.outputs).message, /af-south-1.*127\.0\.0\.1/);
      assert.equal((await runner.run(ddbCell, ctx)).success, true);
    });

    it('the cell timeout ends an in-flight SDK call, naming the region', async () => {
      const ctx = kernelContext({ settings: { cellTimeoutSeconds: 1, aws: { regionEndpoints: { 'af-south-1': hole.url } } } });
      const started = Date.now();
      const r = await runner.run(s3Cell, ctx);
      assert.ok(Date.now() - started < 3000);
      assert.equal(errorOf(r.outputs).name, 'timeout');
      assert.match(errorOf(r.outputs).message, /af-south-1/);
    });

    it('interrupt aborts an in-flight SDK call at once', async () => {
      const abort = new AbortController();
      const ctx = kernelContext({ signal: abort.signal, settings: { aws: { regionEndpoints: { 'af-south-1': hole.url } } } });
      setTimeout(() => abort.abort(), 300);
      const started = Date.now();
      const r = await runner.run(s3Cell, ctx);
      assert.ok(Date.now() - started < 2000);
      assert.equal(r.success, false);
      assert.equal(errorOf(r.outputs).name, 'interrupted');
    });
  });

  describe('services outside the SDK path', () => {
    it('run through the installed AWS CLI, labelled as such', async () => {
      const r = await runner.run({ source: 'aws ec2 describe-regions --region eu-west-1 --output json', language: 'bash' }, kernelContext());
      assert.equal(r.success, true, JSON.stringify(r.outputs));
      assert.equal(r.execution.runner, 'aws-cli');
      assert.match(text(r.outputs, MIME.stdout), /\(AWS CLI\) aws ec2 describe-regions[\s\S]*"RegionName"/);
    });

    it('a mutating CLI command is confirmed too: refused, nothing runs', async () => {
      const ctx = kernelContext({ confirm: false });
      const r = await runner.run({ source: 'aws ec2 create-tags --resources i-123 --tags Key=a,Value=b --region eu-west-1', language: 'bash' }, ctx);
      assert.equal(r.success, false);
      assert.equal(errorOf(r.outputs).name, 'notConfirmed');
      assert.equal(ctx.confirms[0].service, 'ec2');
    });

    it('go where the identity was checked: a region\'s own endpoint reaches the CLI too', async () => {
      const { endpoint } = getMotoContext();
      const ctx = kernelContext({ settings: { aws: { endpointUrl: '', regionEndpoints: { 'eu-west-1': endpoint } } } });
      const r = await runner.run({ source: 'aws --region eu-west-1 ec2 describe-regions --output json', language: 'bash' }, ctx);
      assert.equal(r.success, true, JSON.stringify(r.outputs));
      assert.equal(r.execution.account, '123456789012');
      assert.match(text(r.outputs, MIME.stdout), /\(AWS CLI\) aws ec2 describe-regions[\s\S]*"RegionName"/);
    });

    it('a dry run shows a mutating CLI command and runs nothing', async () => {
      const ctx = kernelContext({ settings: { dryRun: true } });
      const r = await runner.run({ source: 'aws ec2 create-tags --resources i-123 --tags Key=a,Value=b --region eu-west-1', language: 'bash' }, ctx);
      assert.equal(r.success, true, JSON.stringify(r.outputs));
      assert.equal(r.execution.runner, 'dry-run');
      assert.equal(ctx.confirms.length, 0);
      assert.doesNotMatch(text(r.outputs, MIME.stdout), /\(AWS CLI\)/);
      assert.match(text(r.outputs, MIME.markdown), /Dry run: nothing was sent[\s\S]*create-tags/);
    });

    it('global options before the service do not hide a mutation', async () => {
      const ctx = kernelContext({ confirm: false });
      const r = await runner.run({ source: 'aws --query get-x --region eu-west-1 ec2 create-tags --resources i-123 --tags Key=a,Value=b', language: 'bash' }, ctx);
      assert.equal(errorOf(r.outputs).name, 'notConfirmed');
      assert.deepEqual([ctx.confirms[0].service, ctx.confirms[0].operation], ['ec2', 'create-tags']);
    });

    it('a shell cell calling the AWS CLI to change something asks when the call comes (the static reading is a preview): refused, nothing is sent', async () => {
      const ctx = kernelContext({ confirm: false });
      const r = await runner.run({ source: 'echo started\naws ec2 create-tags --resources i-1 --tags Key=a,Value=b --region eu-west-1 | cat', language: 'bash' }, ctx);
      assert.equal(errorOf(r.outputs).name, 'notConfirmed');
      assert.deepEqual([ctx.confirms[0].service, ctx.confirms[0].operation, ctx.confirms[0].region], ['ec2', 'create-tags', 'eu-west-1']);
      assert.match(ctx.confirms[0].summary, /through the AWS CLI/);
      assert.deepEqual(ctx.confirms[0].preview?.calls, ['aws ec2 create-tags --resources i-1 --tags Key=a,Value=b --region eu-west-1']);
      assert.match(text(r.outputs, MIME.stdout), /started/);
      assert.match(text(r.outputs, MIME.stderr), /Cancelled by the engineer: .* was not sent \(not a failure of AWS\)/);
    });

    it('in a dry run such a shell cell does not run; a shell cell that only reads runs unasked', async () => {
      const marker = path.join(mkdtempSync(path.join(os.tmpdir(), 'runbook-shell-')), 'ran');
      const ctx = kernelContext({ settings: { dryRun: true } });
      const loop = `touch ${marker}; for r in eu-west-1 af-south-1; do aws --region $r ecs update-service --cluster c --service s --desired-count 0; done`;
      const dry = await runner.run({ source: loop, language: 'bash' }, ctx);
      assert.equal(dry.execution.runner, 'dry-run', JSON.stringify(dry.outputs));
      assert.match(text(dry.outputs, MIME.markdown), /Dry run: nothing was sent[\s\S]*for r in/);
      assert.equal(existsSync(marker), false);
      const read = await runner.run({ source: `aws sts get-caller-identity --region us-east-1 --endpoint-url ${getMotoContext().endpoint} | cat`, language: 'bash' }, ctx);
      assert.equal(read.success, true, JSON.stringify(read.outputs));
      assert.equal(read.execution.runner, 'shell');
      assert.equal(ctx.confirms.length, 0);
    });

    it('with the fallback off, the error names the service and the supported ones', async () => {
      const r = await runner.run({ source: 'aws ec2 describe-regions --region eu-west-1', language: 'bash' }, kernelContext({ settings: { aws: { cliFallback: false } } }));
      assert.equal(r.success, false);
      assert.equal(errorOf(r.outputs).name, 'unknownService');
      assert.match(errorOf(r.outputs).message, /"ec2"[\s\S]*Supported: ecs/);
    });
  });

  it('answers dig through the Route 53 zone', async () => {
    const r = await runner.run(digCell, kernelContext({ dns }));
    assert.equal(r.success, true, JSON.stringify(r.outputs));
    assert.equal(r.execution.runner, 'dig');
    assert.match(text(r.outputs, MIME.stdout), /wp\.kimmyai\.io/);
  });

  it('fails a dig cell whose name does not exist (NXDOMAIN), as the on-call reads it', async () => {
    const r = await runner.run({ ...digCell, source: 'dig nope.kimmyai.io' }, kernelContext({ dns }));
    assert.equal(r.success, false);
    assert.match(text(r.outputs, MIME.stdout), /NXDOMAIN/);
  });
});
