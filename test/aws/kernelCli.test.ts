import * as assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { primaryFailoverRecord } from '../support/route53Query';
import type { RunReport } from '../../src/core/kernel/report';
import { startRoute53Dns, type DnsServer } from '../support/dnsServer';
import { getMotoContext, reseedEstate } from '../support/mochaMoto';
import { startBlackhole } from '../support/moto';
import { cliEnv, collectRun, spawnRunbook } from '../support/cliProcess';

const ROOT = path.join(__dirname, '../..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

let work: string;
let cli: string;

/** `runbook run ARGS` as a child process over the bundled CLI (what bin/runbook.js runs). */
async function runbook(args: string[], opts: { interruptOn?: RegExp } = {}): Promise<Run> {
  const started = Date.now();
  const child = spawnRunbook(cli, ['run', ...args], work, cliEnv({ AWS_MAX_ATTEMPTS: '1' }));
  let interrupted = false;
  const run = await collectRun(child, (stderr) => {
    if (opts.interruptOn && !interrupted && opts.interruptOn.test(stderr)) {
      interrupted = true;
      setTimeout(() => child.kill('SIGINT'), 500);
    }
  });
  return { ...run, ms: Date.now() - started };
}

function base(): string[] {
  const { endpoint, estate } = getMotoContext();
  return ['dr-runbook.md', '--endpoint-url', endpoint, '--var', `TG_ARN=${estate.tgArn['af-south-1']}`, '--var', `ZONE_ID=${estate.zoneId}`];
}

function primaryRecord(): Promise<ResourceRecordSet | undefined> {
  const { endpoint, estate } = getMotoContext();
  return primaryFailoverRecord(endpoint, estate.zoneId, estate.recordName);
}

describe('runbook run (CLI) against moto', function () {
  this.timeout(60_000);
  let dns: DnsServer;
  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'runbook-run-'));
    for (const f of ['dr-runbook.md', 'failover-dns.json']) {
      copyFileSync(path.join(ROOT, 'runbooks', f), path.join(work, f));
    }
    cli = path.join(work, 'cli.js');
    await build({ entryPoints: [path.join(ROOT, 'src/cli/main.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: cli, logLevel: 'error' });
    dns = await startRoute53Dns(getMotoContext().endpoint, getMotoContext().estate.zoneName);
  });
  after(async () => {
    await dns.stop();
    rmSync(work, { recursive: true, force: true });
    await reseedEstate();
  });

  it('refuses a mutating call without --yes and sends nothing (exit 1)', async () => {
    const before = await primaryRecord();
    const r = await runbook([...base(), '--phase', '3', '--dns-server', dns.address]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /rerun with --yes/);
    assert.deepEqual(await primaryRecord(), before);
  });

  it('--dry-run shows the change and sends nothing', async () => {
    const before = await primaryRecord();
    const r = await runbook([...base(), '--cell', '14', '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Dry run: nothing was sent[\s\S]*ChangeBatch/);
    assert.deepEqual(await primaryRecord(), before);
  });

  it('names --var for an unresolved placeholder (exit 1)', async () => {
    const { endpoint } = getMotoContext();
    const r = await runbook(['dr-runbook.md', '--endpoint-url', endpoint, '--phase', '1']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /--var TG_ARN=/);
  });

  it('--json prints each executed cell with index, source, success, duration and outputs by MIME type', async () => {
    const r = await runbook([...base(), '--phase', 'Phase 2', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as RunReport;
    assert.equal(report.success, true);
    assert.deepEqual(report.cells.map((c) => c.index), [10, 12]);
    const [ddb] = report.cells;
    assert.match(ddb.source, /aws dynamodb describe-table/);
    assert.equal(typeof ddb.durationMs, 'number');
    assert.equal(ddb.execution.region, 'eu-west-1');
    const json = ddb.outputs.find((o) => o['application/json']);
    assert.equal((JSON.parse(json?.['application/json'] ?? '{}') as { Table: { TableName: string } }).Table.TableName, 'bbws-tenants');
  });

  it('runs the whole runbook with --yes (exit 0), writes a journal and --record', async () => {
    const r = await runbook([...base(), '--yes', '--dns-server', dns.address, '--record', 'out.md']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /"clusterName": "prod-cluster"/);
    assert.match(r.stderr, /5 cell\(s\) ran, 0 failed/);
    assert.match((await primaryRecord())?.AliasTarget?.DNSName ?? '', /eu-west-1/);
    const record = readFileSync(path.join(work, 'out.md'), 'utf8');
    assert.match(record, /runbook:output/);
    const journals = readdirSync(path.join(work, '.runbook'));
    assert.ok(journals.some((f) => f.endsWith('.jsonl')));
  });

  describe('primary region down', () => {
    let hole: { url: string; stop(): Promise<void> };
    before(async () => {
      hole = await startBlackhole();
    });
    after(() => hole.stop());

    it('af-south-1 cells fail within the timeout with a clear message; eu-west-1 cells still run', async () => {
      const r = await runbook([...base(), '--region-endpoint', `af-south-1=${hole.url}`, '--timeout', '3', '--cell', '7', '--cell', '10', '--cell', '12', '--json']);
      assert.equal(r.code, 1);
      const report = JSON.parse(r.stdout) as RunReport;
      assert.deepEqual(report.cells.map((c) => [c.index, c.success]), [[7, false], [10, true], [12, false]]);
      assert.match(report.cells[0].outputs.map((o) => o['application/vnd.code.notebook.error'] ?? '').join(''), /af-south-1/);
      assert.ok(r.ms < 20_000, `took ${r.ms} ms`);
    });

    it('SIGINT aborts the in-flight call and exits 1', async () => {
      const r = await runbook([...base(), '--region-endpoint', `af-south-1=${hole.url}`, '--cell', '12'], { interruptOn: /\[1\/1\] cell 12/ });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /Interrupted/);
      assert.match(r.stderr, /1 cell\(s\) ran, 1 failed/);
    });
  });

  it('prints what a service outside the SDK path answered through the AWS CLI', async () => {
    writeFileSync(path.join(work, 'ec2-runbook.md'), '# EC2\n\n```bash\naws ec2 describe-regions --region eu-west-1 --output json\n```\n');
    const r = await runbook(['ec2-runbook.md', '--endpoint-url', getMotoContext().endpoint]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\(AWS CLI\) aws ec2 describe-regions[\s\S]*"RegionName"/);
  });

  it('--help exits 0; a bad flag exits 2', async () => {
    assert.equal((await runbook(['--help'])).code, 0);
    const bad = await runbook(['dr-runbook.md', '--nope']);
    assert.equal(bad.code, 2);
    assert.ok(existsSync(cli));
  });
});
