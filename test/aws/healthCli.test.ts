import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { CliIO } from '../../src/cli/io';
import { main } from '../../src/cli/main';
import type { HealthReport } from '../../src/core/health/types';
import { getMotoContext } from '../support/mochaMoto';
import { startBlackhole } from '../support/moto';

const ROOT = path.join(__dirname, '../..');

function captureIO(): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: ROOT, env: { ...process.env, AWS_ENDPOINT_URL: '' } };
}

describe('runbook health (CLI)', () => {
  it('prints the report as JSON and exits 0 with one region black-holed', async () => {
    const { endpoint } = getMotoContext();
    const hole = await startBlackhole();
    try {
      const io = captureIO();
      const code = await main(
        ['health', 'runbooks/dr-runbook.md', '--endpoint-url', endpoint, '--region-endpoint', `af-south-1=${hole.url}`, '--timeout', '2'],
        io,
      );
      assert.equal(code, 0, io.err.join(''));
      const report = JSON.parse(io.out.join('')) as HealthReport;
      assert.deepEqual(report.regions.map((r) => [r.region, r.state]), [['af-south-1', 'unreachable'], ['eu-west-1', 'degraded']]);
      assert.equal(report.decision?.action, 'Initiate failover');
      assert.ok(report.durationMs < 3000, `${report.durationMs} ms`);
    } finally {
      await hole.stop();
    }
  });

  it('usage errors and an unreadable file exit 2 (as fmt and cells), --help exits 0', async () => {
    const io = captureIO();
    assert.equal(await main(['health'], io), 2);
    assert.equal(await main(['health', 'x.md', '--region-endpoint', 'nope'], io), 2);
    assert.equal(await main(['health', 'no/such/runbook.md'], io), 2);
    assert.match(io.err.join(''), /no such file/);
    const help = captureIO();
    assert.equal(await main(['health', '--help'], help), 0);
    assert.match(help.out.join(''), /Exit status 0 whenever health could be evaluated/);
  });
});
