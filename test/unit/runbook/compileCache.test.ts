import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { ROOT } from './helpers';

/** bin/runbook.js over a freshly bundled out/cli.js, laid out as in the package. */
describe('bin/runbook.js compile cache', function () {
  this.timeout(60_000);
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'runbook-bin-'));
    mkdirSync(join(dir, 'bin'));
    copyFileSync(join(ROOT, 'bin', 'runbook.js'), join(dir, 'bin', 'runbook.js'));
    await esbuild.build({ entryPoints: [join(ROOT, 'src', 'cli', 'main.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: join(dir, 'out', 'cli.js'), logLevel: 'error' });
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  function runbook(cache: string, args: string[]): string {
    return execFileSync(process.execPath, [join(dir, 'bin', 'runbook.js'), ...args], { env: { ...process.env, RUNBOOK_COMPILE_CACHE: cache }, encoding: 'utf8' });
  }

  it('writes the cache after the first run and gives the same output from it on the next', () => {
    const cache = join(dir, 'cache');
    const seed = join(ROOT, 'runbooks', 'dr-runbook.md');
    const first = runbook(cache, ['cells', seed]);
    const files = readdirSync(cache);
    assert.equal(files.length, 1, files.join(', '));
    // Node 22+ keeps its own compile cache layout; Node 20 gets ours.
    if (Number(process.versions.node.split('.')[0]) < 22) {
      assert.match(files[0], /^cli-v\d+\.\d+\.\d+-\w+-\d+-\d+\.v8cache$/);
    }
    assert.equal(runbook(cache, ['cells', seed]), first);
    assert.deepEqual(readdirSync(cache), files);
  });

  it('RUNBOOK_COMPILE_CACHE=off writes nothing', () => {
    const before = readdirSync(dir).sort();
    assert.match(runbook('off', ['--help']), /usage: runbook/);
    assert.deepEqual(readdirSync(dir).sort(), before);
  });
});
