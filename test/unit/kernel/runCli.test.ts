import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { cliSettings, run } from '../../../src/cli/run';
import { captureIO } from '../../support/cliIO';

const io = captureIO;

describe('runbook run (CLI, no AWS)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'runbook-cli-'));
    writeFileSync(
      path.join(dir, 'ops-runbook.md'),
      '---\nvariables:\n  GREETING: hello\n---\n# Ops\n\n## Phase 1: Look (5 minutes)\n\n```bash\necho "<GREETING> $WHO"\n```\n\n## Phase 2: Fail (5 minutes)\n\n```bash\nexit 4\n```\n\n```bash\necho after\n```\n',
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('maps the flags onto settings', () => {
    const { values } = parseArgs({
      args: ['--profile', 'dr', '--endpoint-url', 'http://x', '--region-endpoint', 'af-south-1=http://y', '--dns-server', '127.0.0.1:53', '--dry-run', '--timeout', '7'],
      options: {
        profile: { type: 'string' }, 'endpoint-url': { type: 'string' }, 'region-endpoint': { type: 'string', multiple: true },
        'dns-server': { type: 'string', multiple: true }, 'dry-run': { type: 'boolean' }, timeout: { type: 'string' },
      },
    });
    const s = cliSettings(values);
    assert.equal(s.aws.profile, 'dr');
    assert.equal(s.aws.endpointUrl, 'http://x');
    assert.deepEqual(s.aws.regionEndpoints, { 'af-south-1': 'http://y' });
    assert.deepEqual(s.dns.servers, ['127.0.0.1:53']);
    assert.equal(s.dryRun, true);
    assert.equal(s.cellTimeoutSeconds, 7);
  });

  it('runs one phase with frontmatter and --var values, text on stdout, progress on stderr (exit 0)', async () => {
    const o = io(dir);
    const code = await run(['ops-runbook.md', '--phase', '1', '--var', 'WHO=world'], o);
    assert.equal(code, 0, o.err);
    assert.equal(o.out, 'hello world\n');
    assert.match(o.err, /\[1\/1\] ok/);
    assert.ok(readdirSync(path.join(dir, '.runbook')).some((f) => f.endsWith('.jsonl')), 'a journal is written');
  });

  it('--phase stops at the first failure; a whole run reports every cell (exit 1)', async () => {
    const phase = io(dir);
    assert.equal(await run(['ops-runbook.md', '--phase', 'Phase 2'], phase), 1);
    assert.doesNotMatch(phase.out, /after/);
    assert.match(phase.err, /exited with code 4/);
    const all = io(dir);
    assert.equal(await run(['ops-runbook.md', '--json'], all), 1);
    const report = JSON.parse(all.out) as { success: boolean; cells: { success: boolean; exitCode?: number }[] };
    assert.deepEqual(report.cells.map((c) => [c.success, c.exitCode]), [[true, 0], [false, 4], [true, 0]]);
  });

  it('usage errors exit 2 without running or journaling anything', async () => {
    for (const args of [[], ['ops-runbook.md', '--nope'], ['ops-runbook.md', '--var', 'novalue'], ['ops-runbook.md', '--cell', '0'], ['ops-runbook.md', '--phase', '9']]) {
      const o = io(dir);
      assert.equal(await run(args, o), 2, `${args.join(' ')}: ${o.err}`);
      assert.equal(o.out, '');
    }
    assert.deepEqual(readdirSync(dir), ['ops-runbook.md']);
  });
});
