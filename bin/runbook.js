#!/usr/bin/env node
'use strict';
// The `runbook` command: a thin shim over the one bundled CLI (out/cli.js, built by `npm ci` through `prepare`),
// loaded through a V8 code cache so a cold start does not compile the whole bundle again (docs/performance.md).
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const Module = require('node:module');
const vm = require('node:vm');
// The SDK's notice that Node 20 support is ending is noise on a runbook's output; AWS_SDK_JS_... set by the user wins.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const bundle = path.join(__dirname, '..', 'out', 'cli.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write('runbook: out/cli.js is missing; run `npm run build` first\n');
  process.exit(2);
}

/** The per-user cache folder (RUNBOOK_COMPILE_CACHE=off turns the cache off). */
function cacheDir() {
  const set = process.env.RUNBOOK_COMPILE_CACHE;
  if (set === 'off' || set === '0') {
    return undefined;
  }
  return set || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'runbook-notebook');
}

/**
 * What a start compiles depends on the command: `runbook --help` compiles almost nothing, `runbook run` the AWS SDK.
 * The cache file names the commands whose functions it holds (a first line, then V8's data), and a command it does
 * not name writes it again after running: the functions taken from the cache are still compiled then, so the new
 * cache holds both. Without this, a first `runbook --help` made a cache every later `run` had to compile around.
 */
const CACHE_HEAD = 'runbook-v8cache 1 ';

function commandKey(args) {
  const name = /^[a-z][a-z-]{0,31}$/.test(args[0] || '') ? args[0] : '-';
  return args.includes('--help') || args.includes('-h') ? `${name}:help` : name;
}

function readCache(file) {
  let bytes;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return { commands: [] };
  }
  const nl = bytes.indexOf(10);
  const head = nl > 0 ? bytes.toString('latin1', 0, nl) : '';
  return head.startsWith(CACHE_HEAD) ? { commands: head.slice(CACHE_HEAD.length).split(' ').filter(Boolean), data: bytes.subarray(nl + 1) } : { commands: [] };
}

/** A cache file (or a write cut short) left more than this long ago: its bundle was most likely replaced. */
const STALE_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Each build of the bundle gets its own cache file (about 3 MB), so old ones would pile up. When it writes its own,
 * a run removes the other cache files of ours not written for 30 days. Another install still in use only
 * compiles once more: it writes its file again on its next run.
 */
function removeStale(dir, keep) {
  try {
    for (const name of fs.readdirSync(dir)) {
      const full = path.join(dir, name);
      if (full === keep || !/^cli-.*\.v8cache(\.\d+\.tmp)?$/.test(name)) {
        continue;
      }
      const st = fs.lstatSync(full);
      if (st.isFile() && Date.now() - st.mtimeMs > STALE_MS) {
        fs.unlinkSync(full);
      }
    }
  } catch {
    // Tidying the cache folder is never worth failing a command for.
  }
}

/** Node 22+: the built-in compile cache. Node 20: the bundle compiled through vm.Script with cached data. */
function loadCli(command) {
  const dir = cacheDir();
  if (!dir) {
    return { cli: require(bundle), save() {} };
  }
  if (typeof Module.enableCompileCache === 'function') {
    Module.enableCompileCache(dir);
    return { cli: require(bundle), save() {} };
  }
  const st = fs.statSync(bundle);
  const file = path.join(dir, `cli-${process.version}-${process.arch}-${st.size}-${Math.floor(st.mtimeMs)}.v8cache`);
  const cached = readCache(file);
  const script = new vm.Script(Module.wrap(fs.readFileSync(bundle, 'utf8')), { filename: bundle, cachedData: cached.data });
  const mod = { exports: {}, filename: bundle, id: bundle, loaded: false };
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
  /** After the command (`ran`: false for a usage error, which compiled little), so the functions it compiled are in. */
  const save = (ran) => {
    const valid = cached.data && !script.cachedDataRejected;
    if (valid && (!ran || cached.commands.includes(command))) {
      return;
    }
    const commands = [...(valid ? cached.commands : []), ...(ran ? [command] : [])];
    try {
      // Written whole, then renamed into place.
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const tmp = `${file}.${process.pid}.tmp`;
      // The first line padded to a multiple of 16 bytes: V8 copies cached data that is not aligned before reading it.
      const head = `${CACHE_HEAD}${commands.join(' ')}`;
      const line = Buffer.from(`${head.padEnd(Math.ceil((head.length + 1) / 16) * 16 - 1)}\n`, 'latin1');
      fs.writeFileSync(tmp, Buffer.concat([line, script.createCachedData()]), { mode: 0o600 });
      fs.renameSync(tmp, file);
    } catch {
      // A cache that cannot be written only costs the next start its compile time.
    }
    removeStale(dir, file);
  };
  return { cli: mod.exports, save };
}

const args = process.argv.slice(2);
const { cli, save } = loadCli(commandKey(args));
cli.main(args).then(
  (code) => { process.exitCode = code; save(code !== 2); },
  (err) => { process.stderr.write(`runbook: ${err && err.message ? err.message : String(err)}\n`); process.exitCode = 2; },
);
