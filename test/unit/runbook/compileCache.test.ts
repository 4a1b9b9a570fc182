import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodeModule from 'node:module';
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

  /** The commands the cache file says it holds (Node 20's own cache only), and its size. */
  function cacheState(cache: string): { commands: string[]; size: number } {
    const [file] = readdirSync(cache);
    const bytes = readFileSync(join(cache, file));
    const head = bytes.subarray(0, bytes.indexOf(10)).toString('latin1');
    assert.match(head, /^runbook-v8cache 1 /);
    return { commands: head.replace(/^runbook-v8cache 1 ?/, '').split(' ').filter(Boolean), size: statSync(join(cache, file)).size };
  }

  it('a command the cache does not hold yet writes it again, holding both; a known one leaves it alone', function () {
    if (Number(process.versions.node.split('.')[0]) >= 22) {
      // Node 22+ uses its built-in compile cache (module.enableCompileCache), which keeps what every start compiles.
      assert.equal(typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache, 'function');
      return;
    }
    const cache = join(dir, 'cache-help-first');
    const seed = join(ROOT, 'runbooks', 'dr-runbook.md');
    assert.match(runbook(cache, ['--help']), /usage: runbook/);
    const afterHelp = cacheState(cache);
    assert.deepEqual(afterHelp.commands, ['-:help']);
    const cells = runbook(cache, ['cells', seed]);
    const afterCells = cacheState(cache);
    assert.deepEqual(afterCells.commands, ['-:help', 'cells']);
    assert.ok(afterCells.size > afterHelp.size, `${afterCells.size} > ${afterHelp.size}`);
    const bytes = readFileSync(join(cache, readdirSync(cache)[0]));
    assert.equal(runbook(cache, ['cells', seed]), cells);
    assert.match(runbook(cache, ['--help']), /usage: runbook/);
    assert.deepEqual(readFileSync(join(cache, readdirSync(cache)[0])), bytes, 'known commands do not write the cache again');
  });

  it('a usage error does not count as having run its command', function () {
    if (Number(process.versions.node.split('.')[0]) >= 22) {
      assert.equal(typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache, 'function');
      return;
    }
    const cache = join(dir, 'cache-usage-first');
    assert.throws(() => runbook(cache, ['cells', '--no-such-flag']), (e: { status?: number }) => e.status === 2);
    assert.deepEqual(cacheState(cache).commands, []);
    runbook(cache, ['cells', join(ROOT, 'runbooks', 'dr-runbook.md')]);
    assert.deepEqual(cacheState(cache).commands, ['cells']);
  });

  it('writing its own cache removes ours not written for 30 days, and nothing else', function () {
    if (Number(process.versions.node.split('.')[0]) >= 22) {
      assert.equal(typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache, 'function');
      return;
    }
    const cache = join(dir, 'cache-stale');
    mkdirSync(cache);
    const old = (Date.now() - 40 * 24 * 3600 * 1000) / 1000;
    const put = (name: string, age?: number): void => {
      writeFileSync(join(cache, name), 'x');
      if (age !== undefined) {
        utimesSync(join(cache, name), age, age);
      }
    };
    put('cli-v20.0.0-x64-1-1.v8cache', old); // an old build's cache: removed
    put('cli-v20.0.0-x64-2-2.v8cache.123.tmp', old); // a write cut short long ago: removed
    put('cli-v20.0.0-x64-3-3.v8cache'); // another install's, written lately: kept
    put('notes.txt', old); // not ours: kept
    const target = join(dir, 'keep-me.v8cache');
    writeFileSync(target, 'x');
    utimesSync(target, old, old);
    symlinkSync(target, join(cache, 'cli-link.v8cache')); // a link, not a cache file: kept, and so is what it points to
    runbook(cache, ['--help']);
    const left = readdirSync(cache).sort();
    const own = left.filter((f) => f.startsWith(`cli-${process.version}-${process.arch}-`));
    assert.equal(own.length, 1, `its own cache was written: ${left.join(', ')}`);
    assert.deepEqual(left.filter((f) => !own.includes(f)), ['cli-link.v8cache', 'cli-v20.0.0-x64-3-3.v8cache', 'notes.txt']);
    assert.ok(statSync(target).isFile());
  });

  it('RUNBOOK_COMPILE_CACHE=off writes nothing', () => {
    const before = readdirSync(dir).sort();
    assert.match(runbook('off', ['--help']), /usage: runbook/);
    assert.deepEqual(readdirSync(dir).sort(), before);
  });
});
